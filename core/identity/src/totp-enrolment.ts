/**
 * Setting up a second factor: `enroll` makes a secret (kept sealed as pending) and the
 * `otpauth://` URI for the app; `confirm` with a code from the app activates it and returns ten
 * single-use recovery codes, shown once. Only a security administrator's reset removes it.
 */
import { base32Decode, newTotpSecret, otpauthUri, verifyTotp } from "./crypto/totp.js";
import { ts } from "./db.js";
import { IdentityErrors } from "./errors.js";
import { newRecoveryCodes, storeRecoveryCodes } from "./otp-check.js";
import type { IdentityRuntime } from "./runtime.js";
import { deleteUserSessions } from "./store/sessions.js";
import type { UserRecord } from "./store/users.js";

export async function enrollTotp(rt: IdentityRuntime, user: UserRecord): Promise<{ secret: string; uri: string }> {
  if (user.totpSecret) throw IdentityErrors.TOTP_ALREADY_ENROLLED();
  const secret = newTotpSecret();
  await rt.ds.query("UPDATE anju_user SET totp_pending = ?, updated_at = ? WHERE id = ?", [rt.box.seal(secret), ts(rt.now()), user.id]);
  return { secret, uri: otpauthUri(rt.config.totp.issuer, user.username, secret) };
}

export async function confirmTotp(rt: IdentityRuntime, user: UserRecord, code: string): Promise<{ recoveryCodes: string[] }> {
  if (user.totpSecret) throw IdentityErrors.TOTP_ALREADY_ENROLLED();
  const plain = user.totpPending ? rt.box.open(user.totpPending) : null;
  const key = plain ? base32Decode(plain) : null;
  if (!key) throw IdentityErrors.TOTP_NOT_PENDING();
  const step = verifyTotp(key, code, rt.now());
  if (step === null) throw IdentityErrors.OTP_INVALID();
  const codes = newRecoveryCodes();
  const now = rt.now();
  await rt.ds.transaction(async (m) => {
    await m.query("UPDATE anju_user SET totp_secret = totp_pending, totp_pending = NULL, totp_last_step = ?, updated_at = ? WHERE id = ?", [step, ts(now), user.id]);
    await storeRecoveryCodes(m, user.id, codes, now);
  });
  return { recoveryCodes: codes };
}

/** Remove the second factor (lost phone): secret and recovery codes go, and so do the sessions. */
export async function resetTotp(rt: IdentityRuntime, userId: string): Promise<{ sessionsEnded: number }> {
  const now = rt.now();
  return rt.ds.transaction(async (m) => {
    await m.query("UPDATE anju_user SET totp_secret = NULL, totp_pending = NULL, totp_last_step = NULL, updated_at = ? WHERE id = ?", [ts(now), userId]);
    await m.query("DELETE FROM anju_totp_recovery WHERE user_id = ?", [userId]);
    return { sessionsEnded: await deleteUserSessions(m, userId) };
  });
}

export async function recoveryCodesLeft(rt: IdentityRuntime, userId: string): Promise<number> {
  const [{ n }] = (await rt.ds.query("SELECT COUNT(*) AS n FROM anju_totp_recovery WHERE user_id = ? AND used_at IS NULL", [userId])) as Array<{ n: number }>;
  return Number(n);
}
