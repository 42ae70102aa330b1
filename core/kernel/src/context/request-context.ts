/**
 * The request context: who is calling (principal) and for which jurisdiction. It is set only
 * by the gateway after authentication, or by host code acting as the system. At the entry of
 * every action it is copied and frozen into `ctx.locals`; everything downstream reads that
 * copy, and every outgoing call carries that copy — so neither params nor a callee writing
 * `ctx.meta` (Moleculer merges a callee's meta back into the caller) can change it.
 */
import type { Context, Middleware } from "moleculer";
import type { Locale } from "@anju/errors";
import { KernelErrors } from "../errors/catalogue.js";
import { deepFreeze } from "../config/load.js";

export type PrincipalKind = "user" | "system" | "service";

export interface Principal {
  id: string;
  kind: PrincipalKind;
  name?: string;
  roles?: string[];
}

export interface RequestContext {
  principal: Principal;
  /** The jurisdiction the request acts in; null only for the system principal. */
  jurisdiction: string | null;
  locale?: Locale;
  ip?: string;
  /** The server-side session the request came with (logout and password change end it). */
  sessionId?: string;
}

export const META_KEY = "anju";

interface Locals { anju?: Readonly<RequestContext> }

function isValid(raw: unknown): raw is RequestContext {
  if (typeof raw !== "object" || raw === null) return false;
  const rc = raw as RequestContext;
  const p = rc.principal;
  if (typeof p !== "object" || p === null || typeof p.id !== "string" || !["user", "system", "service"].includes(p.kind)) return false;
  if (rc.jurisdiction !== null && typeof rc.jurisdiction !== "string") return false;
  if (rc.jurisdiction === null && p.kind !== "system") return false;
  return true;
}

function locals(ctx: Context): Locals {
  return ctx.locals as Locals;
}

/** Freeze and attach a verified context to `ctx` (gateway after authentication; host code). */
/** Contexts this module froze itself: safe to share without another copy. */
const ownFrozen = new WeakSet<object>();

export function setRequestContext(ctx: Context, rc: RequestContext): Readonly<RequestContext> {
  if (!isValid(rc)) throw KernelErrors.CONTEXT_TAMPERED();
  const frozen = ownFrozen.has(rc) ? rc : deepFreeze(structuredClone(rc));
  ownFrozen.add(frozen);
  locals(ctx).anju = frozen;
  (ctx.meta as Record<string, unknown>)[META_KEY] = frozen;
  return frozen;
}

export function getRequestContext(ctx: Context): Readonly<RequestContext> | undefined {
  return locals(ctx).anju;
}

/** The caller's context, or UNAUTHENTICATED (401). */
export function requireRequestContext(ctx: Context): Readonly<RequestContext> {
  const rc = locals(ctx).anju;
  if (!rc) throw KernelErrors.UNAUTHENTICATED();
  return rc;
}

/** The caller's jurisdiction, or FORBIDDEN when the caller acts for none (system). */
export function requireJurisdiction(ctx: Context): string {
  const rc = requireRequestContext(ctx);
  if (!rc.jurisdiction) throw KernelErrors.FORBIDDEN();
  return rc.jurisdiction;
}

export const SYSTEM_PRINCIPAL: Principal = Object.freeze({ id: "system", kind: "system", name: "system" }) as Principal;

export function systemContext(jurisdiction: string | null = null): RequestContext {
  return { principal: SYSTEM_PRINCIPAL, jurisdiction };
}

export function requestContextMiddleware(): Middleware {
  return {
    name: "AnjuRequestContext",
    localAction(next: (ctx: Context) => Promise<unknown>) {
      return async function anjuContext(ctx: Context) {
        const raw = (ctx.meta as Record<string, unknown>)[META_KEY];
        if (raw === undefined || raw === null) {
          locals(ctx).anju = undefined;
        } else if (isValid(raw)) {
          locals(ctx).anju = Object.isFrozen(raw) ? raw : deepFreeze(structuredClone(raw));
        } else {
          throw KernelErrors.CONTEXT_TAMPERED();
        }
        return next(ctx);
      };
    },
    call(next: (action: string, params: unknown, opts?: Record<string, unknown>) => Promise<unknown>) {
      return function anjuCall(action: string, params: unknown, opts: Record<string, unknown> = {}) {
        const parent = opts.parentCtx as Context | undefined;
        const frozen = parent ? locals(parent).anju : undefined;
        if (frozen) opts = { ...opts, meta: { ...(opts.meta as object | undefined), [META_KEY]: frozen } };
        return next(action, params, opts);
      };
    },
  } as unknown as Middleware;
}
