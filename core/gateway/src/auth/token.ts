/**
 * Signed API tokens (HMAC-SHA256) carrying principal and jurisdiction, until the identity
 * issue replaces them with server-side sessions. A token is `<payload>.<signature>`, both
 * base64url; the jurisdiction inside is what the request acts for — never a param or header.
 */
import crypto from "node:crypto";
import type { Principal, RequestContext } from "@anju/kernel";
import { GatewayErrors } from "../errors.js";

export interface TokenClaims {
  sub: string;
  name?: string;
  roles?: string[];
  /** Jurisdiction code the token acts for. */
  jur: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

function sign(secret: string, payload: string): string {
  return crypto.createHmac("sha256", secret).update(payload).digest("base64url");
}

export function issueToken(secret: string, claims: Omit<TokenClaims, "exp">, ttlSeconds: number): string {
  const payload = Buffer.from(JSON.stringify({ ...claims, exp: Math.floor(Date.now() / 1000) + ttlSeconds })).toString("base64url");
  return `${payload}.${sign(secret, payload)}`;
}

export function verifyToken(secret: string, token: string): TokenClaims {
  const [payload, signature, extra] = token.split(".");
  if (!payload || !signature || extra !== undefined) throw GatewayErrors.TOKEN_INVALID();
  const expected = Buffer.from(sign(secret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) throw GatewayErrors.TOKEN_INVALID();
  let claims: TokenClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    throw GatewayErrors.TOKEN_INVALID();
  }
  if (typeof claims.sub !== "string" || typeof claims.jur !== "string" || typeof claims.exp !== "number") throw GatewayErrors.TOKEN_INVALID();
  if (claims.exp * 1000 < Date.now()) throw GatewayErrors.TOKEN_INVALID();
  return claims;
}

export function contextFromClaims(claims: TokenClaims, extra: Partial<RequestContext> = {}): RequestContext {
  const principal: Principal = { id: claims.sub, kind: "user", name: claims.name, roles: claims.roles ?? [] };
  return { ...extra, principal, jurisdiction: claims.jur };
}
