/**
 * The security modules a node runs, in the order they must start: audit first (every other
 * module records through it), then RBAC (the authorizer the others ask), identity (sessions),
 * privacy (personal-information keys and consent). Each module migrates its own tables in
 * this order before the broker starts.
 */
import type { HostModule, PluginRoute } from "@anju/kernel";
import { AuditActions, auditModule } from "@anju/audit";
import { identityModule, type IdentityOptions } from "@anju/identity";
import { privacyModule } from "@anju/privacy";
import { rbacModule } from "@anju/rbac";

/** REST routes of the audit trail (never `audit.record`: only services write to it). */
export const AUDIT_ROUTES: PluginRoute[] = [
  { method: "GET", path: "/audit", action: AuditActions.query },
  { method: "GET", path: "/audit/export", action: AuditActions.export },
  { method: "POST", path: "/audit/verify", action: AuditActions.verify },
  { method: "POST", path: "/audit/purge", action: AuditActions.purge },
];

export interface SecurityOptions {
  identity?: IdentityOptions;
}

export function securityModules(options: SecurityOptions = {}): HostModule[] {
  // With RBAC installed, audit permissions are RBAC's to decide (audit:read etc. for audit-admin).
  const audit = { ...auditModule({ authorize: () => true }), routes: AUDIT_ROUTES };
  return [audit, rbacModule(), identityModule(options.identity ?? {}), privacyModule()];
}
