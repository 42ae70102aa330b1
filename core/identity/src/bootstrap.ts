/**
 * The first administrator. No default password exists: the account gets ANJU_ADMIN_PASSWORD
 * (it must pass the policy and is taken as chosen) or a generated one, returned once for the
 * caller to print, that must be changed at the first sign-in. Safe to call on every start: an
 * existing admin keeps its password; it only gains its role at roots it lacks.
 *
 * With separation of duties the system administrator manages the platform, not accounts; the
 * same call with `{ username: "secadmin", role: "security-admin" }` (and "audit-admin") sets up
 * the other two administrators.
 */
import type { AnjuHost } from "@anju/kernel";
import { createUser } from "./accounts.js";
import { IdentityAuditActions } from "./actions.js";
import { auditFromBroker, grantRole, grantsOf } from "./bridge.js";
import { migrateIdentity } from "./migrations.js";
import { runtimeOf } from "./runtime.js";
import { rootCodes, userByKey } from "./store/users.js";
import { normalizeUsername, usernameKey } from "./username.js";

export const SYSTEM_ADMIN_ROLE = "system-admin";

const DISPLAY_NAMES: Record<string, string> = {
  "system-admin": "系统管理员 System administrator",
  "security-admin": "安全管理员 Security administrator",
  "audit-admin": "审计管理员 Audit administrator",
};

/** Grants a role (default: the `rbac.grant` action; false when no RBAC service runs). */
export type GrantRole = (userId: string, role: string, jurisdiction: string) => Promise<boolean | void>;

export interface BootstrapOptions {
  /** Usually `process.env.ANJU_ADMIN_PASSWORD`. */
  password?: string;
  username?: string;
  /** Role granted at every root (default system-admin). */
  role?: string;
  grant?: GrantRole;
}

export interface BootstrapResult {
  created: boolean;
  userId: string;
  username: string;
  /** Only when generated: print it once; it is never stored in clear or shown again. */
  generatedPassword?: string;
  mustChangePassword: boolean;
  /** Roots where system-admin was granted by this call. */
  grantedAt: string[];
  /** An existing admin's password is never replaced from the environment. */
  passwordIgnored: boolean;
}

export async function bootstrapAdmin(host: AnjuHost, options: BootstrapOptions = {}): Promise<BootstrapResult> {
  const rt = runtimeOf(host);
  await migrateIdentity(host.ds);
  const username = normalizeUsername(options.username ?? rt.config.admin.username);
  const role = options.role ?? SYSTEM_ADMIN_ROLE;
  const grant: GrantRole = options.grant ?? ((userId, role, jurisdiction) => grantRole(host.broker, userId, role, jurisdiction));
  const roots = await rootCodes(host.ds);
  const password = options.password === "" ? undefined : options.password;

  let user = await userByKey(host.ds, usernameKey(username));
  let created = false;
  let generatedPassword: string | undefined;
  if (!user) {
    const made = await createUser(rt, { username, displayName: DISPLAY_NAMES[role] ?? null, homeJurisdiction: roots[0] ?? null, password, mustChangePassword: password === undefined });
    user = made.user;
    generatedPassword = made.generatedPassword;
    created = true;
  } else if (!user.homeJurisdiction && roots[0]) {
    await host.ds.query("UPDATE anju_user SET home_jurisdiction = ? WHERE id = ?", [roots[0], user.id]);
  }

  const grantedAt: string[] = [];
  const existing = (await grantsOf(host.broker, user.id)) ?? [];
  const missing = roots.filter((root) => !existing.some((g) => g.role === role && g.jurisdiction === root));
  for (const root of missing) {
    if ((await grant(user.id, role, root)) !== false) grantedAt.push(root);
  }
  if (created || grantedAt.length > 0) {
    await auditFromBroker(host.broker, {
      action: IdentityAuditActions.bootstrap, result: "success", userId: user.id, object: `user:${user.id}`,
      detail: { created, generated: !!generatedPassword, role, grantedAt },
    });
  }
  return { created, userId: user.id, username: user.username, generatedPassword, mustChangePassword: user.mustChangePassword, grantedAt, passwordIgnored: !created && password !== undefined };
}
