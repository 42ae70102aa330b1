/**
 * Emitting audit events: the audit package stores them (action `audit.record`). Called with
 * the caller's context so user, jurisdiction and IP travel. Ordinary events tolerate a node
 * without the audit service; `strict` events (revealing PI) refuse to go on when the service
 * exists but fails, so no view is ever unrecorded.
 */
import type { Context } from "moleculer";
import { getRequestContext } from "@anju/kernel";
import { PrivacyErrors } from "../errors.js";
import { isServiceAbsent } from "./absent.js";

/** The audit package's record action (contract with @anju/audit). */
export const AUDIT_RECORD = "audit.record";

export interface PrivacyAuditEvent {
  action: string;
  object?: string;
  result: "success" | "failure" | "denied";
  /** No secrets and no raw PI here: ids, kinds, counts. */
  detail?: Record<string, unknown>;
}

export async function recordAudit(ctx: Context, event: PrivacyAuditEvent, options: { strict?: boolean } = {}): Promise<void> {
  const rc = getRequestContext(ctx);
  const params = {
    action: event.action,
    object: event.object,
    result: event.result,
    userId: rc?.principal.id ?? null,
    jurisdiction: rc?.jurisdiction ?? null,
    ip: rc?.ip ?? null,
    detail: event.detail,
  };
  try {
    await ctx.call(AUDIT_RECORD, params);
  } catch (err) {
    if (isServiceAbsent(err)) return;
    if (options.strict) throw PrivacyErrors.AUDIT_UNAVAILABLE();
    ctx.broker.getLogger("privacy").warn(`audit event ${event.action} not recorded: ${(err as Error).message}`);
  }
}
