/**
 * Gateway authentication: a bearer token (header `Authorization: Bearer …` or cookie
 * `anju_token`) becomes the frozen request context. No token → anonymous: host and plugin
 * actions then refuse with 401 themselves; a bad token is refused here with 401.
 */
import type { IncomingMessage } from "node:http";
import type { Context } from "moleculer";
import { hostOf, setRequestContext } from "@anju/kernel";
import { localeOf } from "../error-response.js";
import { contextFromClaims, verifyToken } from "./token.js";

function tokenFrom(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (header?.startsWith("Bearer ")) return header.slice(7).trim();
  const cookie = req.headers.cookie?.split(";").map((c) => c.trim()).find((c) => c.startsWith("anju_token="));
  return cookie ? decodeURIComponent(cookie.slice("anju_token=".length)) : null;
}

function clientIp(req: IncomingMessage): string | undefined {
  return req.socket?.remoteAddress ?? undefined;
}

/**
 * Host modules (the identity module's sessions) are asked first; the signed bearer token is the
 * fallback. The client's address and language go into `ctx.meta.client` for every request, so
 * anonymous actions (login) can record where an attempt came from.
 */
export async function authenticateRequest(ctx: Context, req: IncomingMessage): Promise<{ id: string } | null> {
  const host = hostOf(ctx.broker);
  const client = { ip: clientIp(req), userAgent: String(req.headers["user-agent"] ?? "").slice(0, 256), locale: localeOf(req.headers["accept-language"]) };
  (ctx.meta as Record<string, unknown>).client = client;
  const credentials = { cookie: req.headers.cookie, authorization: req.headers.authorization, ...client };
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
  const claims = verifyToken(host.tokenSecret(), token);
  const rc = contextFromClaims(claims, { locale: localeOf(req.headers["accept-language"]), ip: clientIp(req) });
  setRequestContext(ctx, rc);
  return { id: claims.sub };
}
