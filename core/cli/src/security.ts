/**
 * Security on every node the CLI starts: `anju start` and the management hosts run the same
 * modules (audit → RBAC → identity → privacy), so a change made from the command line is checked
 * and audited exactly like one made over HTTP.
 *
 * The three administrators (MLPS level 3 separation of duties) exist from the first start:
 * `admin` (system), `secadmin` (security), `auditadmin` (audit). None gets a default password:
 * each takes ANJU_ADMIN_PASSWORD / ANJU_SECADMIN_PASSWORD / ANJU_AUDITADMIN_PASSWORD when set
 * (it must pass the password policy), otherwise a generated one that is printed once and must be
 * changed at the first sign-in.
 */
import type { AnjuConfig, AnjuHost, HostModule } from "@anju/kernel";
import type { IdentityConfigInput } from "@anju/identity";

/**
 * The host modules of every node: security first (the others audit and authorize through it),
 * then packaging (trusted keys, the signature check of outside packages, uploads), then forms,
 * then what the console asks the server (navigation, catalogue, RBAC routes).
 */
export async function nodeModules(config: Readonly<AnjuConfig>): Promise<HostModule[]> {
  const { securityModules } = await import("@anju/security");
  const { formsModule } = await import("@anju/forms");
  const { consoleModule } = await import("@anju/console-server");
  const { devicesModule } = await import("@anju/devices");
  const { packagingModule } = await import("@anju/packaging");
  const { uplinkModule } = await import("@anju/uplink");
  return [...securityModules({ identity: { config: config.security.identity as IdentityConfigInput } }), packagingModule(), formsModule(), devicesModule({ ingest: config.http.enabled !== false }), uplinkModule({ run: config.http.enabled !== false }), consoleModule()];
}

export interface AdminAccount {
  username: string;
  role: string;
  passwordEnv: string;
}

export const ADMIN_ACCOUNTS: readonly AdminAccount[] = [
  { username: "admin", role: "system-admin", passwordEnv: "ANJU_ADMIN_PASSWORD" },
  { username: "secadmin", role: "security-admin", passwordEnv: "ANJU_SECADMIN_PASSWORD" },
  { username: "auditadmin", role: "audit-admin", passwordEnv: "ANJU_AUDITADMIN_PASSWORD" },
];

export interface AdminReport {
  username: string;
  role: string;
  created: boolean;
  /** Only on the start that generated it; never stored in clear, never shown again. */
  password?: string;
  mustChangePassword: boolean;
  grantedAt: string[];
  /** The environment named a password, but the account already existed and keeps its own. */
  passwordIgnored: boolean;
}

/**
 * Create the administrators that are missing and grant their roles at every root jurisdiction.
 * Two nodes starting together may both try to create an account: the loser of that race finds
 * the winner's account on its second attempt.
 */
export async function bootstrapAdmins(host: AnjuHost, env: NodeJS.ProcessEnv = process.env): Promise<AdminReport[]> {
  const { bootstrapAdmin } = await import("@anju/identity");
  const reports: AdminReport[] = [];
  for (const account of ADMIN_ACCOUNTS) {
    const options = { username: account.username, role: account.role, password: env[account.passwordEnv] };
    const result = await bootstrapAdmin(host, options).catch(async (err: unknown) => {
      if ((err as { type?: string }).type === "USERNAME_TAKEN") return bootstrapAdmin(host, options);
      throw err;
    });
    reports.push({
      username: result.username, role: account.role, created: result.created, password: result.generatedPassword,
      mustChangePassword: result.mustChangePassword, grantedAt: result.grantedAt, passwordIgnored: result.passwordIgnored,
    });
  }
  return reports;
}
