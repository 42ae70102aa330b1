/**
 * Small helpers a plugin's tests repeat (exported through `@anju/sdk/testing`): a signed-in user,
 * a Beijing wall-clock instant, an audit sink that keeps what the plugin records, and the error
 * a refused call threw.
 */
import type { AnjuError } from "@anju/errors";
import type { AuditEvent, HostModule, RequestContext } from "@anju/kernel";

/** A signed-in user acting in `jurisdiction` with `roles` (what the gateway sets after authentication). */
export function userContext(jurisdiction: string, roles: readonly string[], id = "u1"): RequestContext {
  return { principal: { id, kind: "user", roles: [...roles] }, jurisdiction };
}

/** The instant of a Beijing wall-clock time, e.g. `beijing("2021-05-24 23:59:59")`. */
export function beijing(wall: string): Date {
  return new Date(`${wall.replace(" ", "T")}+08:00`);
}

/** An audit sink that keeps every event (the host records nothing without one): pass `module` to the test host. */
export function auditCapture(): { module: HostModule; events: AuditEvent[] } {
  const events: AuditEvent[] = [];
  return { events, module: { name: "audit-capture", auditSink: () => ({ record: async (e) => { events.push(e); } }) } };
}

/** The coded error a call was refused with; fails the test when the call succeeds. */
export async function rejectionOf(promise: Promise<unknown>): Promise<AnjuError> {
  try {
    await promise;
  } catch (err) {
    return err as AnjuError;
  }
  throw new Error("expected the call to be refused");
}
