/**
 * `emitAudit(ctx, event)`: how another service records an event through `audit.record`, with
 * the caller's context travelling along. A call made with no request context (an anonymous
 * login attempt) is made as the system principal, which may name the user and address itself.
 */
import type { Context } from "moleculer";
import { getRequestContext, META_KEY, systemContext } from "@anju/kernel";
import { AuditActions } from "./constants.js";
import type { RecordParams } from "./service.js";

export interface EmitOptions {
  /** Ignore SERVICE_NOT_FOUND (the audit service is not running on this cluster). Default false. */
  optional?: boolean;
}

export async function emitAudit(ctx: Context, event: RecordParams, options: EmitOptions = {}): Promise<{ seq: number } | null> {
  const opts = getRequestContext(ctx) ? {} : { meta: { [META_KEY]: systemContext() } };
  try {
    return await ctx.call<{ seq: number }, RecordParams>(AuditActions.record, event, opts);
  } catch (err) {
    if (options.optional && (err as { type?: string }).type === "SERVICE_NOT_FOUND") return null;
    throw err;
  }
}
