/**
 * Gateway authentication: a bearer token (header `Authorization: Bearer …` or cookie
 * `anju_token`) becomes the frozen request context. No token → anonymous: host and plugin
 * actions then refuse with 401 themselves; a bad token is refused here with 401.
 */
import type { IncomingMessage } from "node:http";
import type { Context } from "moleculer";
import { hostOf, setRequestContext, type RequestContext } from "@anju/kernel";
import { localeOf } from "../error-response.js";
import { contextFromClaims, verifyToken } from "./token.js";

function tokenFrom(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (header?.startsWith("Bearer ")) return header.slice(7).trim();
  const cookie = req.headers.cookie?.split(";").map((c) => c.trim()).find((c) => c.startsWith("anju_token="));
  return cookie ? decodeURIComponent(cookie.slice("anju_token=".length)) : null;
}

/**
 * Verified tokens, so a client reusing one is not re-verified on every request (HMAC + JSON
 * parse + freezing a context were a third of the gateway's cost). Entries carry the expiry and
 * are checked against it on every hit; the map is bounded.
 */
interface VerifiedContext { rc: Readonly<RequestContext>; exp: number }
const verified = new Map<string, VerifiedContext>();
const VERIFIED_MAX = 10_000;

function remember(key: string, entry: VerifiedContext): void {
  if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value as string);
  verified.set(key, entry);
}

function clientIp(req: IncomingMessage): string | undefined {
  return req.socket?.remoteAddress ?? undefined;
}

/**
 * Host modules (the identity module's sessions) are asked first; the signed bearer token is the
 * fallback. The client's address and language go into `ctx.meta.client` for every request, so
 * anonymous actions (login) can record where an attempt came from.
 */
export async function authenticateRequest(ctx: Context, req: IncomingMessage, action?: string): Promise<{ id: string } | null> {
  const host = hostOf(ctx.broker);
  const client = { ip: clientIp(req), userAgent: String(req.headers["user-agent"] ?? "").slice(0, 256), locale: localeOf(req.headers["accept-language"]) };
  (ctx.meta as Record<string, unknown>).client = client;
  const credentials = { cookie: req.headers.cookie, authorization: req.headers.authorization, action, ...client };
  for (const module of host.modules) {
    if (!module.authenticate) continue;
    const rc = await module.authenticate(host, credentials);
    if (rc) {
      setRequestContext(ctx, { ...rc, locale: client.locale, ip: client.ip });
      return { id: rc.principal.id };
    }
  }
  const token = tokenFrom(req);
  if (!token) return null;
  // The secret is part of the key: several hosts in one process must not accept each other's tokens.
  const secret = host.tokenSecret();
  const key = `${secret}\u0000${token}\u0000${client.ip}\u0000${client.locale}`;
  let entry = verified.get(key);
  if (!entry || entry.exp * 1000 < Date.now()) {
    verified.delete(key);
    const claims = verifyToken(secret, token);
    const rc = setRequestContext(ctx, contextFromClaims(claims, { locale: client.locale, ip: client.ip }));
    entry = { rc, exp: claims.exp };
    remember(key, entry);
  } else {
    setRequestContext(ctx, entry.rc);
  }
  return { id: entry.rc.principal.id };
}
