/**
 * Permission codes of the privacy package and the check its actions (and the `unmask` helper
 * plugins call) run. The RBAC slot enforces an action's declared `permission` already; the
 * check here is the same question asked again where a plugin action reveals PI without
 * declaring it, and where no RBAC slot is filled (fail closed).
 */
import type { Context, ServiceBroker } from "moleculer";
import { KernelErrors, META_KEY, requireRequestContext, systemContext, type RequestContext } from "@anju/kernel";
import { isServiceAbsent } from "./absent.js";
import { recordAudit } from "./audit.js";

export const PrivacyPermissions = {
  /** See a PI value unmasked (audited, never cached). */
  unmask: "pi:unmask",
  consentRead: "privacy.consent:read",
  consentManage: "privacy.consent:manage",
  breachRead: "privacy.breach:read",
  breachManage: "privacy.breach:manage",
  keysManage: "privacy.keys:manage",
} as const;
export type PrivacyPermission = (typeof PrivacyPermissions)[keyof typeof PrivacyPermissions];

/**
 * Suggested grants for the built-in roles (RBAC owns the roles; this is what privacy needs).
 * Breaches and keys belong to the security administrator; consent records to the people who
 * register residents; unmasking to community police only — everyone else sees masks.
 */
export const PRIVACY_ROLE_GRANTS: Record<string, PrivacyPermission[]> = {
  "security-admin": [PrivacyPermissions.breachRead, PrivacyPermissions.breachManage, PrivacyPermissions.keysManage, PrivacyPermissions.consentRead],
  "jurisdiction-admin": [PrivacyPermissions.consentRead, PrivacyPermissions.breachRead],
  "property-operator": [PrivacyPermissions.consentRead, PrivacyPermissions.consentManage],
  "community-police": [PrivacyPermissions.consentRead, PrivacyPermissions.consentManage, PrivacyPermissions.unmask],
};

/** RBAC's query action (contract with @anju/rbac). */
export const RBAC_PERMISSIONS_OF = "rbac.permissionsOf";

/**
 * The caller's permissions in their jurisdiction, asked of RBAC as the system (a user need not
 * be allowed to read the policy to be checked against it). Without an RBAC service the roles
 * on the principal are mapped through PRIVACY_ROLE_GRANTS.
 */
async function permissionsOf(broker: ServiceBroker, rc: Readonly<RequestContext>): Promise<string[]> {
  try {
    const perms = await broker.call(RBAC_PERMISSIONS_OF, { userId: rc.principal.id, jurisdiction: rc.jurisdiction }, { meta: { [META_KEY]: systemContext() } });
    return Array.isArray(perms) ? (perms as string[]) : [];
  } catch (err) {
    if (!isServiceAbsent(err)) throw err;
    return (rc.principal.roles ?? []).flatMap((r) => PRIVACY_ROLE_GRANTS[r] ?? []);
  }
}

export async function hasPermission(ctx: Context, permission: string): Promise<boolean> {
  const rc = requireRequestContext(ctx);
  if (rc.principal.kind === "system") return true;
  return (await permissionsOf(ctx.broker, rc)).includes(permission);
}

/** The caller's context, or FORBIDDEN (403) with the denial in the audit trail. */
export async function requirePermission(ctx: Context, permission: string, object?: string): Promise<Readonly<RequestContext>> {
  const rc = requireRequestContext(ctx);
  if (await hasPermission(ctx, permission)) return rc;
  await recordAudit(ctx, { action: ctx.action?.name ?? permission, object, result: "denied", detail: { permission } });
  throw KernelErrors.FORBIDDEN({ permission });
}
