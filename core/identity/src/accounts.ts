/**
 * Account changes: create, change or reset a password, disable and enable. A disabled account
 * loses its sessions in the same transaction; a password change ends every other session.
 */
import type { DataSource } from "typeorm";
import { hashPassword, verifyPassword } from "./crypto/password-hash.js";
import { isDuplicateKey, rows, ts, type Db } from "./db.js";
import { IdentityErrors } from "./errors.js";
import { assertPasswordPolicy, generatePassword, passwordFailures, policyError } from "./password-policy.js";
import type { IdentityRuntime } from "./runtime.js";
import { deleteUserSessions } from "./store/sessions.js";
import { recordFailure } from "./store/throttle.js";
import { insertUser, mapUser, passwordHistory, storePassword, userById, userByKey, type UserRecord } from "./store/users.js";
import { normalizeUsername, usernameKey } from "./username.js";

export interface CreateUserInput {
  username: string;
  displayName?: string | null;
  homeJurisdiction: string | null;
  /** Omitted → a generated one, returned once. */
  password?: string;
  /** Must change at first sign-in (default true: a password someone else set is temporary). */
  mustChangePassword?: boolean;
}

export interface CreatedUser { user: UserRecord; generatedPassword?: string }

export async function createUser(rt: IdentityRuntime, input: CreateUserInput): Promise<CreatedUser> {
  const username = normalizeUsername(input.username);
  const key = usernameKey(username);
  const generated = input.password === undefined ? generatePassword(rt.config.password) : undefined;
  const password = input.password ?? generated!;
  assertPasswordPolicy(password, rt.config.password, username);
  if (await userByKey(rt.ds, key)) throw IdentityErrors.USERNAME_TAKEN({ username });
  const hash = await hashPassword(password, rt.config.hashing);
  const now = rt.now();
  let id: string;
  try {
    id = await rt.ds.transaction((m) => insertUser(m, {
      username, usernameKey: key, displayName: input.displayName?.normalize("NFC").trim() || null,
      homeJurisdiction: input.homeJurisdiction, passwordHash: hash, mustChangePassword: input.mustChangePassword ?? true,
    }, now));
  } catch (err) {
    if (isDuplicateKey(err)) throw IdentityErrors.USERNAME_TAKEN({ username });
    throw err;
  }
  return { user: (await userById(rt.ds, id))!, generatedPassword: generated };
}

/** Policy (H9) and history: the new password must not be any of the last N (at least the current one). */
export async function assertNewPassword(rt: IdentityRuntime, user: UserRecord, password: string): Promise<void> {
  const policy = rt.config.password;
  const failed = passwordFailures(password, policy, user.username);
  if (failed.length > 0) throw policyError(failed, policy);
  const history = await passwordHistory(rt.ds, user.id, Math.max(policy.historySize, 1));
  if (history.length === 0) history.push(user.passwordHash);
  for (const old of history) {
    if (await verifyPassword(password, old)) throw policyError(["history"], policy);
  }
}

export interface ChangeOutcome { sessionsEnded: number }

/**
 * The user changes their own password. A wrong current password counts as a failed sign-in
 * (a stolen session cannot be used to guess it); reaching the limit locks the account and
 * ends its sessions.
 */
export async function changePassword(rt: IdentityRuntime, userId: string, current: string, next: string, keepSessionId: string | undefined,
  onLock: (until: Date) => Promise<void>): Promise<ChangeOutcome> {
  const user = await userById(rt.ds, userId);
  if (!user || user.disabled) throw IdentityErrors.SESSION_INVALID();
  if (!(await verifyPassword(current, user.passwordHash))) {
    const outcome = await recordFailure(rt.ds, user.usernameKey, rt.now(), rt.config.lockout);
    if (outcome.locked) {
      await deleteUserSessions(rt.ds, user.id);
      await onLock(outcome.lockedUntil!);
      throw IdentityErrors.ACCOUNT_LOCKED({ minutes: rt.config.lockout.lockMinutes, until: outcome.lockedUntil!.toISOString() });
    }
    throw IdentityErrors.PASSWORD_WRONG();
  }
  await assertNewPassword(rt, user, next);
  const hash = await hashPassword(next, rt.config.hashing);
  const now = rt.now();
  const sessionsEnded = await rt.ds.transaction(async (m) => {
    await storePassword(m, user.id, hash, false, rt.config.password.historySize, now);
    return deleteUserSessions(m, user.id, keepSessionId);
  });
  return { sessionsEnded };
}

/** An administrator resets a password: a generated one, shown once, to be changed at next sign-in. */
export async function resetPassword(rt: IdentityRuntime, userId: string): Promise<{ password: string; sessionsEnded: number }> {
  const user = await userById(rt.ds, userId);
  if (!user) throw IdentityErrors.USER_NOT_FOUND({ id: userId });
  const password = generatePassword(rt.config.password);
  const hash = await hashPassword(password, rt.config.hashing);
  const now = rt.now();
  const sessionsEnded = await rt.ds.transaction(async (m) => {
    await storePassword(m, user.id, hash, true, rt.config.password.historySize, now);
    await m.query("DELETE FROM anju_login_throttle WHERE username_key = ?", [user.usernameKey]);
    return deleteUserSessions(m, user.id);
  });
  return { password, sessionsEnded };
}

export async function setDisabled(db: DataSource, userId: string, disabled: boolean, now: Date): Promise<{ sessionsEnded: number }> {
  return db.transaction(async (m) => {
    await m.query("UPDATE anju_user SET disabled = ?, disabled_at = ?, updated_at = ? WHERE id = ?",
      [disabled ? 1 : 0, disabled ? ts(now) : null, ts(now), userId]);
    return { sessionsEnded: disabled ? await deleteUserSessions(m, userId) : 0 };
  });
}

export interface ListUsersInput { underPath: string | null; q?: string; includeDisabled?: boolean; offset: number; limit: number }

/** `!` as the LIKE escape: a backslash means different things to MariaDB and SQLite string literals. */
function like(text: string): string {
  return `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/** Users whose home jurisdiction lies under `underPath` (null: every user — the system). */
export async function listUsers(db: Db, input: ListUsersInput): Promise<{ total: number; rows: UserRecord[] }> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (input.underPath !== null) {
    where.push("j.path LIKE ?");
    params.push(`${input.underPath}%`);
  }
  if (input.q) {
    where.push("(u.username_key LIKE ? ESCAPE '!' OR u.display_name LIKE ? ESCAPE '!')");
    params.push(like(usernameKey(input.q)), like(input.q));
  }
  if (!input.includeDisabled) where.push("u.disabled = 0");
  const from = `FROM anju_user u LEFT JOIN anju_jurisdiction j ON j.code = u.home_jurisdiction${where.length ? ` WHERE ${where.join(" AND ")}` : ""}`;
  const [{ n }] = await rows<{ n: number }>(db, `SELECT COUNT(*) AS n ${from}`, params);
  const page = await rows<Record<string, unknown>>(db, `SELECT u.* ${from} ORDER BY u.username_key LIMIT ? OFFSET ?`, [...params, input.limit, input.offset]);
  return { total: Number(n), rows: page.map(mapUser) };
}
