/** Helpers the identity services share: the runtime, cookies, and users within the caller's reach. */
import type { Context } from "moleculer";
import { hostOf, type RequestContext } from "@anju/kernel";
import { clientOf } from "../bridge.js";
import { IdentityErrors } from "../errors.js";
import { runtimeOf, type IdentityRuntime } from "../runtime.js";
import { jurisdictionPath, userById, type UserRecord } from "../store/users.js";

export function rtOf(ctx: Context): IdentityRuntime {
  return runtimeOf(hostOf(ctx.broker));
}

/** moleculer-web copies `ctx.meta.$responseHeaders` onto the HTTP response. */
export function setCookie(ctx: Context, cookie: string): void {
  const meta = ctx.meta as Record<string, unknown>;
  meta.$responseHeaders = { ...(meta.$responseHeaders as object | undefined), "Set-Cookie": cookie };
}

export function secureCookie(ctx: Context, rt: IdentityRuntime): boolean {
  const client = (ctx.meta as Record<string, unknown>)?.client as { secure?: unknown } | undefined;
  return rt.config.session.secureCookie || client?.secure === true;
}

/** Path of the caller's jurisdiction; null for the system (sees every account). */
export async function callerPath(rt: IdentityRuntime, rc: Readonly<RequestContext>): Promise<string | null> {
  if (rc.principal.kind === "system" && rc.jurisdiction === null) return null;
  return (await jurisdictionPath(rt.ds, rc.jurisdiction!)) ?? "/\u0000/";
}

/**
 * A user the caller may manage: one whose home jurisdiction lies inside the caller's. Anyone
 * else is "not found", exactly like an id that does not exist.
 */
export async function reachableUser(rt: IdentityRuntime, rc: Readonly<RequestContext>, id: string): Promise<UserRecord> {
  const user = await userById(rt.ds, id);
  const under = await callerPath(rt, rc);
  if (user && under === null) return user;
  if (user?.homeJurisdiction) {
    const path = await jurisdictionPath(rt.ds, user.homeJurisdiction);
    if (path?.startsWith(under!)) return user;
  }
  throw IdentityErrors.USER_NOT_FOUND({ id });
}

export function clientIp(ctx: Context, rc?: Readonly<RequestContext>): string | undefined {
  return rc?.ip ?? clientOf(ctx).ip;
}
