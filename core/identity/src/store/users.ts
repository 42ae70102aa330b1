/** anju_user rows: read, map, and the public view (never the hash or the TOTP secret). */
import crypto from "node:crypto";
import { one, rows, toBool, toDate, ts, type Db } from "../db.js";

export interface UserRecord {
  id: string;
  username: string;
  usernameKey: string;
  displayName: string | null;
  homeJurisdiction: string | null;
  passwordHash: string;
  passwordChangedAt: Date;
  mustChangePassword: boolean;
  disabled: boolean;
  disabledAt: Date | null;
  totpSecret: string | null;
  totpPending: string | null;
  totpLastStep: number | null;
  createdAt: Date;
}

export interface PublicUser {
  id: string;
  username: string;
  displayName: string | null;
  homeJurisdiction: string | null;
  disabled: boolean;
  mustChangePassword: boolean;
  totpEnabled: boolean;
  passwordChangedAt: string;
  createdAt: string;
}

type Raw = Record<string, unknown>;

export function mapUser(r: Raw): UserRecord {
  return {
    id: String(r.id),
    username: String(r.username),
    usernameKey: String(r.username_key),
    displayName: (r.display_name as string | null) ?? null,
    homeJurisdiction: (r.home_jurisdiction as string | null) ?? null,
    passwordHash: String(r.password_hash),
    passwordChangedAt: toDate(r.password_changed_at)!,
    mustChangePassword: toBool(r.must_change_password),
    disabled: toBool(r.disabled),
    disabledAt: toDate(r.disabled_at),
    totpSecret: (r.totp_secret as string | null) ?? null,
    totpPending: (r.totp_pending as string | null) ?? null,
    totpLastStep: r.totp_last_step === null || r.totp_last_step === undefined ? null : Number(r.totp_last_step),
    createdAt: toDate(r.created_at)!,
  };
}

export function publicUser(u: UserRecord): PublicUser {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    homeJurisdiction: u.homeJurisdiction,
    disabled: u.disabled,
    mustChangePassword: u.mustChangePassword,
    totpEnabled: !!u.totpSecret,
    passwordChangedAt: u.passwordChangedAt.toISOString(),
    createdAt: u.createdAt.toISOString(),
  };
}

export async function userByKey(db: Db, key: string): Promise<UserRecord | null> {
  const r = await one<Raw>(db, "SELECT * FROM anju_user WHERE username_key = ?", [key]);
  return r ? mapUser(r) : null;
}

export async function userById(db: Db, id: string): Promise<UserRecord | null> {
  const r = await one<Raw>(db, "SELECT * FROM anju_user WHERE id = ?", [id]);
  return r ? mapUser(r) : null;
}

export interface NewUser {
  username: string;
  usernameKey: string;
  displayName: string | null;
  homeJurisdiction: string | null;
  passwordHash: string;
  mustChangePassword: boolean;
}

export async function insertUser(db: Db, u: NewUser, now: Date): Promise<string> {
  const id = crypto.randomUUID();
  await db.query(
    `INSERT INTO anju_user (id, username, username_key, display_name, home_jurisdiction, password_hash, password_changed_at,
       must_change_password, disabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
    [id, u.username, u.usernameKey, u.displayName, u.homeJurisdiction, u.passwordHash, ts(now), u.mustChangePassword ? 1 : 0, ts(now), ts(now)]);
  await db.query("INSERT INTO anju_password_history (user_id, password_hash, created_at) VALUES (?, ?, ?)", [id, u.passwordHash, ts(now)]);
  return id;
}

/** The last `n` password hashes of a user, newest first. */
export async function passwordHistory(db: Db, userId: string, n: number): Promise<string[]> {
  if (n <= 0) return [];
  const r = await rows<{ password_hash: string }>(db,
    "SELECT password_hash FROM anju_password_history WHERE user_id = ? ORDER BY created_at DESC, id DESC", [userId]);
  return r.slice(0, n).map((x) => x.password_hash);
}

/** Store a new password: hash on the row, a history entry, and history trimmed to `keep`. */
export async function storePassword(db: Db, userId: string, hash: string, mustChange: boolean, keep: number, now: Date): Promise<void> {
  await db.query("UPDATE anju_user SET password_hash = ?, password_changed_at = ?, must_change_password = ?, updated_at = ? WHERE id = ?",
    [hash, ts(now), mustChange ? 1 : 0, ts(now), userId]);
  await db.query("INSERT INTO anju_password_history (user_id, password_hash, created_at) VALUES (?, ?, ?)", [userId, hash, ts(now)]);
  const ids = await rows<{ id: number }>(db, "SELECT id FROM anju_password_history WHERE user_id = ? ORDER BY created_at DESC, id DESC", [userId]);
  const drop = ids.slice(Math.max(keep, 1)).map((x) => x.id);
  if (drop.length > 0) await db.query(`DELETE FROM anju_password_history WHERE id IN (${drop.map(() => "?").join(",")})`, drop);
}

/** First root jurisdiction by code, or null when the tree is empty. */
export async function firstRoot(db: Db): Promise<string | null> {
  const r = await one<{ code: string }>(db, "SELECT code FROM anju_jurisdiction WHERE parent_code IS NULL ORDER BY code", []);
  return r?.code ?? null;
}

export async function rootCodes(db: Db): Promise<string[]> {
  return (await rows<{ code: string }>(db, "SELECT code FROM anju_jurisdiction WHERE parent_code IS NULL ORDER BY code")).map((r) => r.code);
}

export async function jurisdictionPath(db: Db, code: string): Promise<string | null> {
  const r = await one<{ path: string }>(db, "SELECT path FROM anju_jurisdiction WHERE code = ?", [code]);
  return r?.path ?? null;
}
