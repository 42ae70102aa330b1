/**
 * Failed sign-ins per username key: N failures within the window lock the name for a while.
 * Updates are single statements so parallel guesses cannot slip between a read and a write.
 */
import { exec, isDuplicateKey, one, toDate, ts, type Db } from "../db.js";

export interface ThrottleState { failures: number; lockedUntil: Date | null }

export async function throttleState(db: Db, key: string): Promise<ThrottleState | null> {
  const r = await one<Record<string, unknown>>(db, "SELECT failures, locked_until FROM anju_login_throttle WHERE username_key = ?", [key]);
  return r ? { failures: Number(r.failures), lockedUntil: toDate(r.locked_until) } : null;
}

export interface FailureOutcome { failures: number; locked: boolean; lockedUntil: Date | null }

export async function recordFailure(db: Db, key: string, now: Date, cfg: { maxFailures: number; windowMinutes: number; lockMinutes: number }): Promise<FailureOutcome> {
  try {
    await db.query("INSERT INTO anju_login_throttle (username_key, failures, window_start, locked_until, updated_at) VALUES (?, 0, NULL, NULL, ?)", [key, ts(now)]);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  const windowStart = ts(new Date(now.getTime() - cfg.windowMinutes * 60_000));
  await exec(db,
    `UPDATE anju_login_throttle SET
       failures = CASE WHEN window_start IS NULL OR window_start <= ? THEN 1 ELSE failures + 1 END,
       window_start = CASE WHEN window_start IS NULL OR window_start <= ? THEN ? ELSE window_start END,
       updated_at = ?
     WHERE username_key = ?`,
    [windowStart, windowStart, ts(now), ts(now), key]);
  const until = new Date(now.getTime() + cfg.lockMinutes * 60_000);
  // Only the request that crosses the threshold locks (and reports it): the others see failures = 0.
  const locked = await exec(db,
    "UPDATE anju_login_throttle SET locked_until = ?, failures = 0, window_start = NULL, updated_at = ? WHERE username_key = ? AND failures >= ?",
    [ts(until), ts(now), key, cfg.maxFailures]);
  const state = await throttleState(db, key);
  return { failures: state?.failures ?? 0, locked: locked > 0, lockedUntil: locked > 0 ? until : null };
}

export async function clearThrottle(db: Db, key: string): Promise<void> {
  await db.query("DELETE FROM anju_login_throttle WHERE username_key = ?", [key]);
}

/** Forget names whose lock and window are both over (unknown names would otherwise pile up). */
export async function purgeThrottle(db: Db, now: Date, windowMinutes: number): Promise<void> {
  const windowStart = ts(new Date(now.getTime() - windowMinutes * 60_000));
  await db.query(
    "DELETE FROM anju_login_throttle WHERE (locked_until IS NULL OR locked_until <= ?) AND (window_start IS NULL OR window_start <= ?)",
    [ts(now), windowStart]);
}
