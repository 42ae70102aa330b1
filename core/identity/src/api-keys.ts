/**
 * Personal API keys for scripts: `anju_<43 random characters>`, shown once; only the SHA-256
 * is stored. A key acts as its user in the user's home jurisdiction, and stops working when it
 * is revoked, expires, or the user is disabled or offboarded.
 */
import crypto from "node:crypto";
import type { AnjuHost, RequestContext } from "@anju/kernel";
import { randomToken, sha256 } from "./crypto/tokens.js";
import { exec, one, rows, toDate, ts, type Db } from "./db.js";
import { IdentityErrors } from "./errors.js";
import { runtimeOf, type IdentityRuntime } from "./runtime.js";
import { rolesAt } from "./sessions.js";
import { mapUser } from "./store/users.js";

export const API_KEY_PREFIX = "anju_";
const API_KEY_PATTERN = /^anju_[A-Za-z0-9_-]{43}$/;

export interface ApiKeyView {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

function view(r: Record<string, unknown>): ApiKeyView {
  const iso = (v: unknown) => toDate(v)?.toISOString() ?? null;
  return {
    id: String(r.id), userId: String(r.user_id), name: String(r.name), prefix: String(r.prefix),
    createdAt: iso(r.created_at)!, expiresAt: iso(r.expires_at), lastUsedAt: iso(r.last_used_at), revokedAt: iso(r.revoked_at),
  };
}

export async function createApiKey(rt: IdentityRuntime, userId: string, name: string, expiresInDays?: number): Promise<ApiKeyView & { key: string }> {
  const key = API_KEY_PREFIX + randomToken();
  const id = crypto.randomUUID();
  const now = rt.now();
  const expires = expiresInDays ? new Date(now.getTime() + expiresInDays * 86_400_000) : null;
  await rt.ds.query(
    "INSERT INTO anju_api_key (id, user_id, name, prefix, key_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    [id, userId, name, key.slice(0, 12), sha256(key), ts(now), expires ? ts(expires) : null]);
  return { ...view({ id, user_id: userId, name, prefix: key.slice(0, 12), created_at: now, expires_at: expires }), key };
}

export async function listApiKeys(db: Db, userId: string): Promise<ApiKeyView[]> {
  return (await rows<Record<string, unknown>>(db, "SELECT * FROM anju_api_key WHERE user_id = ? ORDER BY created_at DESC, id", [userId])).map(view);
}

/** Revoke one of the user's keys; API_KEY_NOT_FOUND when it is not theirs or already revoked. */
export async function revokeApiKey(db: Db, userId: string, id: string, by: string, now: Date): Promise<void> {
  const n = await exec(db, "UPDATE anju_api_key SET revoked_at = ?, revoked_by = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL", [ts(now), by, id, userId]);
  if (n === 0) throw IdentityErrors.API_KEY_NOT_FOUND({ id });
}

export function revokeAllApiKeys(db: Db, userId: string, by: string, now: Date): Promise<number> {
  return exec(db, "UPDATE anju_api_key SET revoked_at = ?, revoked_by = ? WHERE user_id = ? AND revoked_at IS NULL", [ts(now), by, userId]);
}

/** `Authorization: Bearer anju_…` → the key owner's request context, or API_KEY_INVALID (401). */
export async function authenticateApiKey(host: AnjuHost, key: string, meta: { ip?: string } = {}): Promise<RequestContext> {
  if (!API_KEY_PATTERN.test(key)) throw IdentityErrors.API_KEY_INVALID();
  const rt = runtimeOf(host);
  const r = await one<Record<string, unknown>>(host.ds,
    `SELECT u.*, k.id AS k_id, k.expires_at AS k_expires_at, k.revoked_at AS k_revoked_at
       FROM anju_api_key k JOIN anju_user u ON u.id = k.user_id WHERE k.key_hash = ?`, [sha256(key)]);
  const now = rt.now();
  if (!r || r.k_revoked_at || (r.k_expires_at && toDate(r.k_expires_at)! <= now)) throw IdentityErrors.API_KEY_INVALID();
  const user = mapUser(r);
  if (user.disabled || !user.homeJurisdiction) throw IdentityErrors.API_KEY_INVALID();
  await host.ds.query("UPDATE anju_api_key SET last_used_at = ? WHERE id = ?", [ts(now), r.k_id]);
  const rc: RequestContext = {
    principal: { id: user.id, kind: "user", name: user.username, roles: await rolesAt(host, user.id, user.homeJurisdiction) },
    jurisdiction: user.homeJurisdiction,
  };
  if (meta.ip) rc.ip = meta.ip;
  return rc;
}
