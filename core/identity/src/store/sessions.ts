/** anju_session rows. Only the SHA-256 of the session id is stored; the id itself lives in the cookie. */
import crypto from "node:crypto";
import { exec, one, toBool, toDate, ts, type Db } from "../db.js";
import { mapUser, type UserRecord } from "./users.js";

export interface SessionRecord {
  id: string;
  userId: string;
  jurisdiction: string | null;
  needsTotp: boolean;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

export interface NewSession {
  tokenHash: string;
  userId: string;
  jurisdiction: string | null;
  needsTotp: boolean;
  expiresAt: Date;
  ip?: string | null;
  userAgent?: string | null;
}

export async function insertSession(db: Db, s: NewSession, now: Date): Promise<SessionRecord> {
  const id = crypto.randomUUID();
  await db.query(
    `INSERT INTO anju_session (id, token_hash, user_id, jurisdiction, needs_totp, created_at, last_seen_at, expires_at, ip, user_agent)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [id, s.tokenHash, s.userId, s.jurisdiction, s.needsTotp ? 1 : 0, ts(now), ts(now), ts(s.expiresAt), s.ip ?? null, s.userAgent?.slice(0, 255) ?? null]);
  return { id, userId: s.userId, jurisdiction: s.jurisdiction, needsTotp: s.needsTotp, createdAt: now, lastSeenAt: now, expiresAt: s.expiresAt };
}

function mapSession(r: Record<string, unknown>): SessionRecord {
  return {
    id: String(r.s_id),
    userId: String(r.s_user_id),
    jurisdiction: (r.s_jurisdiction as string | null) ?? null,
    needsTotp: toBool(r.s_needs_totp),
    createdAt: toDate(r.s_created_at)!,
    lastSeenAt: toDate(r.s_last_seen_at)!,
    expiresAt: toDate(r.s_expires_at)!,
  };
}

/** The session with this token digest and its user, in one query. */
export async function sessionByTokenHash(db: Db, tokenHash: string): Promise<{ session: SessionRecord; user: UserRecord } | null> {
  const r = await one<Record<string, unknown>>(db,
    `SELECT u.*, s.id AS s_id, s.user_id AS s_user_id, s.jurisdiction AS s_jurisdiction, s.needs_totp AS s_needs_totp,
            s.created_at AS s_created_at, s.last_seen_at AS s_last_seen_at, s.expires_at AS s_expires_at
       FROM anju_session s JOIN anju_user u ON u.id = s.user_id WHERE s.token_hash = ?`, [tokenHash]);
  return r ? { session: mapSession(r), user: mapUser(r) } : null;
}

export async function sessionById(db: Db, id: string): Promise<SessionRecord | null> {
  const r = await one<Record<string, unknown>>(db,
    `SELECT id AS s_id, user_id AS s_user_id, jurisdiction AS s_jurisdiction, needs_totp AS s_needs_totp,
            created_at AS s_created_at, last_seen_at AS s_last_seen_at, expires_at AS s_expires_at FROM anju_session WHERE id = ?`, [id]);
  return r ? mapSession(r) : null;
}

export function deleteSession(db: Db, id: string): Promise<number> {
  return exec(db, "DELETE FROM anju_session WHERE id = ?", [id]);
}

/** End every session of a user (optionally all but one); returns how many ended. */
export function deleteUserSessions(db: Db, userId: string, exceptId?: string): Promise<number> {
  return exceptId
    ? exec(db, "DELETE FROM anju_session WHERE user_id = ? AND id <> ?", [userId, exceptId])
    : exec(db, "DELETE FROM anju_session WHERE user_id = ?", [userId]);
}

export async function touchSession(db: Db, id: string, now: Date): Promise<void> {
  await db.query("UPDATE anju_session SET last_seen_at = ? WHERE id = ?", [ts(now), id]);
}

export async function setSessionJurisdiction(db: Db, id: string, jurisdiction: string): Promise<void> {
  await db.query("UPDATE anju_session SET jurisdiction = ? WHERE id = ?", [jurisdiction, id]);
}

/** Drop sessions past their absolute lifetime or idle timeout. */
export function purgeSessions(db: Db, now: Date, idleMs: number): Promise<number> {
  return exec(db, "DELETE FROM anju_session WHERE expires_at <= ? OR last_seen_at <= ?", [ts(now), ts(new Date(now.getTime() - idleMs))]);
}
