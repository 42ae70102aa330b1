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

export async function authenticateRequest(ctx: Context, req: IncomingMessage): Promise<{ id: string } | null> {
  const token = tokenFrom(req);
  if (!token) return null;
  const host = hostOf(ctx.broker);
  const claims = verifyToken(host.tokenSecret(), token);
  const rc = contextFromClaims(claims, { locale: localeOf(req.headers["accept-language"]), ip: clientIp(req) });
  setRequestContext(ctx, rc);
  return { id: claims.sub };
}
