/**
 * Interim permission check for the audit actions until the RBAC slot enforces `permission`:
 * the system principal passes; a user passes only with the audit administrator's role (so a
 * system or security administrator cannot read or purge the trail: separation of duties).
 * A refusal is itself recorded (result "denied") and answered with the kernel's FORBIDDEN.
 */
import type { Context } from "moleculer";
import { KernelErrors, requireRequestContext, type RequestContext } from "@anju/kernel";
import { AUDIT_ADMIN_ROLE } from "./constants.js";
import type { AuditLog } from "./log.js";
import type { AuditAuthorizer } from "./registry.js";

export const interimAuthorize: AuditAuthorizer = (rc, _permission) =>
  rc.principal.kind === "system" || (rc.principal.roles ?? []).includes(AUDIT_ADMIN_ROLE);

/** The client address: the verified context's, else what the gateway put in `meta.client`. */
export function clientIp(ctx: Context, rc?: Readonly<RequestContext>): string | null {
  const meta = ctx.meta as { client?: { ip?: unknown } } | undefined;
  const fromMeta = meta?.client?.ip;
  return rc?.ip ?? (typeof fromMeta === "string" ? fromMeta : null);
}

export async function authorizeAudit(ctx: Context, log: AuditLog, authorize: AuditAuthorizer, permission: string, action: string): Promise<Readonly<RequestContext>> {
  const rc = requireRequestContext(ctx);
  if (authorize(rc, permission)) return rc;
  await log.record({
    action, result: "denied", userId: rc.principal.id, jurisdiction: rc.jurisdiction, ip: clientIp(ctx, rc),
    detail: { permission },
  });
  throw KernelErrors.FORBIDDEN({ permission });
}
