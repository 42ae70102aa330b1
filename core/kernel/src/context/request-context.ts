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
  let frozen: Readonly<RequestContext>;
  // A context this module froze was checked then and cannot have changed since.
  if (ownFrozen.has(rc)) frozen = rc;
  else {
    if (!isValid(rc)) throw KernelErrors.CONTEXT_TAMPERED();
    frozen = deepFreeze(structuredClone(rc));
    ownFrozen.add(frozen);
  }
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

/** A plain, enumerable data property holding exactly `frozen` (what Object.assign would copy as is). */
function holdsAsData(d: PropertyDescriptor | undefined, frozen: object): boolean {
  return d !== undefined && d.enumerable === true && "value" in d && d.value === frozen;
}

export function requestContextMiddleware(): Middleware {
  return {
    name: "AnjuRequestContext",
    localAction(next: (ctx: Context) => Promise<unknown>) {
      // Not `async`: one promise layer less per call. A throw must still come back as a
      // rejected promise, never synchronously out of `broker.call`.
      return function anjuContext(ctx: Context) {
        try {
          const raw = (ctx.meta as Record<string, unknown>)[META_KEY];
          if (raw === undefined || raw === null) {
            locals(ctx).anju = undefined;
          } else if (ownFrozen.has(raw)) {
            // Checked and frozen by this module already (the usual case: gateway and outgoing calls).
            locals(ctx).anju = raw as Readonly<RequestContext>;
          } else if (isValid(raw)) {
            const frozen = deepFreeze(structuredClone(raw));
            ownFrozen.add(frozen);
            locals(ctx).anju = frozen;
          } else {
            throw KernelErrors.CONTEXT_TAMPERED();
          }
          return next(ctx);
        } catch (err) {
          // Also what isValid/structuredClone may throw on a hostile meta value.
          return Promise.reject(err);
        }
      };
    },
    call(next: (action: string, params: unknown, opts?: Record<string, unknown>) => Promise<unknown>) {
      return function anjuCall(action: string, params: unknown, opts: Record<string, unknown> = {}) {
        const parent = opts.parentCtx as Context | undefined;
        const frozen = parent ? locals(parent).anju : undefined;
        if (frozen) {
          // Moleculer builds the callee's meta from the parent's meta plus `opts.meta`; copy only
          // when that would not already carry exactly the frozen context.
          const meta = opts.meta as object | undefined;
          const own = meta ? Object.getOwnPropertyDescriptor(meta, META_KEY) : undefined;
          const ok = own ? holdsAsData(own, frozen) : holdsAsData(parent!.meta ? Object.getOwnPropertyDescriptor(parent!.meta, META_KEY) : undefined, frozen);
          if (!ok) opts = { ...opts, meta: { ...meta, [META_KEY]: frozen } };
        }
        return next(action, params, opts);
      };
    },
  } as unknown as Middleware;
}
