/**
 * Gateway authentication: a bearer token (header `Authorization: Bearer …` or cookie
 * `anju_token`) becomes the frozen request context. No token → anonymous: host and plugin
 * actions then refuse with 401 themselves; a bad token is refused here with 401.
 */
import type { IncomingMessage } from "node:http";
import type { Context } from "moleculer";
import { hostOf, setRequestContext, type AnjuHost, type RequestContext } from "@anju/kernel";
import { localeOf } from "../error-response.js";
import { GatewayErrors } from "../errors.js";
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
const VERIFIED_MAX = 10_000;
/**
 * Per secret (several hosts in one process must not accept each other's tokens), keyed by
 * token + client address + language: the secret is not glued into every request's key.
 */
const verifiedBySecret = new Map<string, Map<string, VerifiedContext>>();

function verifiedFor(secret: string): Map<string, VerifiedContext> {
  let map = verifiedBySecret.get(secret);
  if (!map) {
    map = new Map();
    verifiedBySecret.set(secret, map);
  }
  return map;
}

function remember(verified: Map<string, VerifiedContext>, key: string, entry: VerifiedContext): void {
  if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value as string);
  verified.set(key, entry);
}

function clientIp(req: IncomingMessage): string | undefined {
  return req.socket?.remoteAddress ?? undefined;
}

type Client = { ip: string | undefined; userAgent: string; locale: ReturnType<typeof localeOf> };

/**
 * Host modules (the identity module's sessions and API keys) authenticate when one is loaded;
 * the signed bearer token serves only a node without such a module (embedded tests, tools). The client's address and language go into `ctx.meta.client` for every request, so
 * anonymous actions (login) can record where an attempt came from.
 *
 * Without a module that authenticates, the answer is synchronous (no promise per request);
 * moleculer-web awaits either. A refusal is thrown; moleculer-web calls this inside an async
 * function, so it still arrives as a rejection.
 */
export function authenticateRequest(ctx: Context, req: IncomingMessage, action?: string): { id: string } | null | Promise<{ id: string } | null> {
  const host = hostOf(ctx.broker);
  const client: Client = { ip: clientIp(req), userAgent: String(req.headers["user-agent"] ?? "").slice(0, 256), locale: localeOf(req.headers["accept-language"]) };
  (ctx.meta as Record<string, unknown>).client = client;
  for (const module of host.modules) {
    if (module.authenticate) return authenticateWithModules(ctx, req, action, host, client);
  }
  return authenticateToken(ctx, req, host, client);
}

async function authenticateWithModules(ctx: Context, req: IncomingMessage, action: string | undefined, host: AnjuHost, client: Client): Promise<{ id: string } | null> {
  const credentials = { cookie: req.headers.cookie, authorization: req.headers.authorization, action, ...client };
  for (const module of host.modules) {
    if (!module.authenticate) continue;
    const rc = await module.authenticate(host, credentials);
    if (rc) {
      setRequestContext(ctx, { ...rc, locale: client.locale, ip: client.ip });
      return { id: rc.principal.id };
    }
  }
  // A module that authenticates owns authentication: its sessions can be ended, locked and
  // second-factored, a token signed with the host secret cannot. So the signed-token fallback is
  // off here, and a presented token no module accepted is refused rather than read as anonymous.
  if (tokenFrom(req)) throw GatewayErrors.TOKEN_INVALID();
  return null;
}

function authenticateToken(ctx: Context, req: IncomingMessage, host: AnjuHost, client: Client): { id: string } | null {
  const token = tokenFrom(req);
  if (!token) return null;
  const secret = host.tokenSecret();
  const verified = verifiedFor(secret);
  const key = `${token}\u0000${client.ip}\u0000${client.locale}`;
  let entry = verified.get(key);
  if (!entry || entry.exp * 1000 < Date.now()) {
    verified.delete(key);
    const claims = verifyToken(secret, token);
    const rc = setRequestContext(ctx, contextFromClaims(claims, { locale: client.locale, ip: client.ip }));
    entry = { rc, exp: claims.exp };
    remember(verified, key, entry);
  } else {
    setRequestContext(ctx, entry.rc);
  }
  return { id: entry.rc.principal.id };
}
