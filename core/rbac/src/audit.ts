/**
 * Emitting audit events. The audit package (C) owns storage and the `audit.record` action; we
 * call it with the caller's context so user, jurisdiction and IP travel. Auditing must never
 * turn a denial into a different error, so failures are logged, and a node without the audit
 * service (tests of this package alone) skips silently.
 */
import type { Context, ServiceBroker } from "moleculer";
import { META_KEY, type RequestContext } from "@anju/kernel";

/** C's action (`AuditActions.record` in @anju/audit). */
export const AUDIT_RECORD_ACTION = "audit.record";

export const RbacAuditActions = {
  denied: "rbac.denied",
  grant: "rbac.grant",
  revoke: "rbac.revoke",
  revokeAll: "rbac.revokeAll",
  policyAdd: "rbac.policy.add",
  policyRemove: "rbac.policy.remove",
  pluginPolicies: "rbac.plugin.policies",
} as const;

export interface AuditEvent {
  action: string;
  object?: string;
  result: "success" | "failure" | "denied";
  userId?: string | null;
  jurisdiction?: string | null;
  ip?: string | null;
  detail?: Record<string, unknown>;
}

function missing(err: unknown): boolean {
  const e = err as { type?: string; name?: string };
  return e?.type === "SERVICE_NOT_FOUND" || e?.name === "ServiceNotFoundError";
}

/**
 * The event as sent: user, jurisdiction and IP are left out on purpose — `audit.record` takes
 * them from the request context that travels with the call (and refuses a user naming others).
 */
export function auditEventFor(event: Omit<AuditEvent, "userId" | "jurisdiction" | "ip">): AuditEvent {
  return { ...event };
}

/** Record through `ctx` (the context travels) or, without one, through the broker as `rc`. */
export async function recordAudit(target: { ctx: Context } | { broker: ServiceBroker; rc: Readonly<RequestContext> }, event: AuditEvent): Promise<void> {
  const broker = "ctx" in target ? target.ctx.broker : target.broker;
  try {
    if ("ctx" in target) await target.ctx.call(AUDIT_RECORD_ACTION, event);
    else await broker.call(AUDIT_RECORD_ACTION, event, { meta: { [META_KEY]: target.rc } });
  } catch (err) {
    if (!missing(err)) broker.getLogger("rbac").warn(`审计记录失败 / audit record failed (${event.action}): ${(err as Error).message}`);
  }
}
