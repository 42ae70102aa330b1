/**
 * Audit records for design, publish and extend (and their refusals), through the host's audit
 * sink (a no-op on a node without the audit module). A failing sink throws: a change that must
 * be recorded is not left silently unrecorded.
 */
import type { AuditEvent } from "@anju/kernel";
import type { Caller } from "./resolve.js";
import type { FormsRuntime } from "./runtime.js";

export function auditEvent(caller: Caller | null, action: string, object: string, result: AuditEvent["result"], detail: Record<string, unknown> = {}): AuditEvent {
  return {
    action, object, result, detail,
    userId: caller?.rc.principal.id ?? "system",
    jurisdiction: caller?.jurisdiction ?? null,
    ip: caller?.rc.ip ?? null,
  };
}

/** Run a change and record it: success, or failure with the error's code. */
export async function audited<T>(rt: FormsRuntime, caller: Caller, action: string, object: string, detail: Record<string, unknown>, fn: () => Promise<T>): Promise<T> {
  let value: T;
  try {
    value = await fn();
  } catch (err) {
    const e = err as { type?: unknown; code?: unknown };
    const denied = e.code === 401 || e.code === 403;
    await rt.host.audit(auditEvent(caller, action, object, denied ? "denied" : "failure", { ...detail, error: typeof e.type === "string" ? e.type : "INTERNAL" }))
      .catch((auditErr: Error) => rt.host.logger.error(`表单审计记录失败 / forms audit record failed: ${auditErr.message}`));
    throw err;
  }
  await rt.host.audit(auditEvent(caller, action, object, "success", detail));
  return value;
}
