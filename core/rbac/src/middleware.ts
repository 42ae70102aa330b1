/**
 * The RBAC slot: every local action whose schema names a `permission` runs only if the caller
 * holds it in the request's jurisdiction (from the verified session, never from params).
 * Actions without a permission get their handler back untouched, so they pay nothing. The
 * system principal passes. A denial is FORBIDDEN (403) and is audited as `rbac.denied`.
 * `checkRoute` is the same check for the gateway's routes.
 */
import type { Context, Middleware, ServiceBroker } from "moleculer";
import { getRequestContext, KernelErrors, type RequestContext } from "@anju/kernel";
import { AUDIT_RECORD_ACTION, auditEventFor, RbacAuditActions, recordAudit } from "./audit.js";
import { RbacErrors } from "./errors.js";
import { engineOf, subjectOf } from "./registry.js";

interface ActionDef { name?: string; permission?: unknown }
interface Locals { anjuRbacPassed?: Set<string> }

/** Decide without side effects. */
async function allowed(broker: ServiceBroker, rc: Readonly<RequestContext>, permission: string): Promise<boolean> {
  if (rc.principal.kind === "system") return true;
  if (!rc.jurisdiction) return false;
  const engine = engineOf(broker);
  if (!engine) throw RbacErrors.RBAC_UNAVAILABLE();
  return engine.can(subjectOf(rc.principal), rc.jurisdiction, permission);
}

function denied(permission: string, object: string | undefined) {
  return auditEventFor({ action: RbacAuditActions.denied, object, result: "denied", detail: { permission } });
}

/**
 * The check inside a handler: the caller's context, or FORBIDDEN (audited). Free when the
 * middleware already checked the same permission for this call.
 */
export async function ensurePermission(ctx: Context, permission: string): Promise<Readonly<RequestContext>> {
  const rc = getRequestContext(ctx);
  if (!rc) throw KernelErrors.UNAUTHENTICATED();
  const locals = ctx.locals as Locals;
  if (locals.anjuRbacPassed?.has(permission)) return rc;
  if (!(await allowed(ctx.broker, rc, permission))) {
    const object = ctx.action?.name;
    // An audit action that itself needs a permission must not audit its own denial (a loop).
    if (object !== AUDIT_RECORD_ACTION) await recordAudit({ ctx }, denied(permission, object));
    throw KernelErrors.FORBIDDEN({ permission });
  }
  (locals.anjuRbacPassed ??= new Set()).add(permission);
  return rc;
}

/** Does the caller hold `permission` in its jurisdiction? No audit, no throw (for UI hints, self-service reads). */
export async function hasPermission(ctx: Context, permission: string): Promise<boolean> {
  const rc = getRequestContext(ctx);
  return !!rc && allowed(ctx.broker, rc, permission);
}

export function rbacMiddleware(): Middleware {
  return {
    name: "AnjuRbac",
    localAction(next: (ctx: Context) => Promise<unknown>, action: ActionDef) {
      const permission = action.permission;
      if (typeof permission !== "string" || permission === "") return next;
      return async function rbac(ctx: Context) {
        await ensurePermission(ctx, permission);
        return next(ctx);
      };
    },
  } as unknown as Middleware;
}

/**
 * For the gateway: refuse a route the authenticated caller may not use (FORBIDDEN, audited).
 * `route` names the request in the audit record (e.g. `GET /api/community/communities`).
 */
export async function checkRoute(broker: ServiceBroker, rc: Readonly<RequestContext>, permission: string, route?: string): Promise<void> {
  if (await allowed(broker, rc, permission)) return;
  await recordAudit({ broker, rc }, denied(permission, route));
  throw KernelErrors.FORBIDDEN({ permission });
}
