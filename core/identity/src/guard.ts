/**
 * Permission check inside identity's own actions, behind RBAC's middleware: account management
 * is too sensitive to rely on the slot being filled. The system passes; a user needs the
 * permission at the request's jurisdiction (asked of RBAC, or — with no RBAC service running —
 * looked up in identity's suggested role map). A refusal here is audited like RBAC's.
 */
import type { Context } from "moleculer";
import { KernelErrors, requireRequestContext, type RequestContext } from "@anju/kernel";
import { IdentityAuditActions, SUGGESTED_ROLE_PERMISSIONS } from "./actions.js";
import { audit, permissionsOf } from "./bridge.js";

export async function requirePermission(ctx: Context, permission: string): Promise<Readonly<RequestContext>> {
  const rc = requireRequestContext(ctx);
  if (rc.principal.kind === "system") return rc;
  let allowed = false;
  if (rc.principal.kind === "user" && rc.jurisdiction) {
    const granted = await permissionsOf(ctx.broker, rc.principal.id, rc.jurisdiction);
    allowed = granted
      ? granted.includes(permission)
      : (rc.principal.roles ?? []).some((role) => SUGGESTED_ROLE_PERMISSIONS[role]?.includes(permission));
  }
  if (!allowed) {
    await audit(ctx, {
      action: IdentityAuditActions.denied, result: "denied", userId: rc.principal.id, jurisdiction: rc.jurisdiction,
      object: (ctx as unknown as { action?: { name?: string } }).action?.name, detail: { permission },
    });
    throw KernelErrors.FORBIDDEN({ permission });
  }
  return rc;
}

/** The signed-in user (401 for anonymous callers and for non-user principals). */
export function requireUser(ctx: Context): Readonly<RequestContext> & { jurisdiction: string } {
  const rc = requireRequestContext(ctx);
  if (rc.principal.kind !== "user" || !rc.jurisdiction) throw KernelErrors.UNAUTHENTICATED();
  return rc as Readonly<RequestContext> & { jurisdiction: string };
}

/** The session id the gateway put into the context (see SessionRequestContext). */
export function sessionIdOf(rc: Readonly<RequestContext>): string | undefined {
  const id = (rc as { sessionId?: unknown }).sessionId;
  return typeof id === "string" ? id : undefined;
}
