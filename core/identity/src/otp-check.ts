/**
 * Checking a second factor at sign-in: a 6-digit TOTP code (each time step usable once — a
 * code seen on the wire cannot be replayed) or one of the user's single-use recovery codes.
 */
import crypto from "node:crypto";
import { base32Decode, verifyTotp } from "./crypto/totp.js";
import { sha256 } from "./crypto/tokens.js";
import { exec, ts, type Db } from "./db.js";
import type { IdentityRuntime } from "./runtime.js";
import type { UserRecord } from "./store/users.js";

export const RECOVERY_CODE_COUNT = 10;

export type OtpMethod = "totp" | "recovery";

function normalizeRecovery(code: string): string {
  return code.replace(/[\s-]/g, "").toLowerCase();
}

/** Ten codes like `k7m2q-9xw4d` (50 bits each); only their SHA-256 is stored. */
export function newRecoveryCodes(): string[] {
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 10 }, () => alphabet[crypto.randomInt(alphabet.length)]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

export async function storeRecoveryCodes(db: Db, userId: string, codes: string[], now: Date): Promise<void> {
  await db.query("DELETE FROM anju_totp_recovery WHERE user_id = ?", [userId]);
  for (const code of codes) {
    await db.query("INSERT INTO anju_totp_recovery (user_id, code_hash, used_at, created_at) VALUES (?, ?, NULL, ?)", [userId, sha256(normalizeRecovery(code)), ts(now)]);
  }
}

/** Which factor matched, or null. Consumes the TOTP step or the recovery code atomically. */
export async function checkOtp(rt: IdentityRuntime, db: Db, user: UserRecord, otp: string): Promise<OtpMethod | null> {
  const code = otp.trim();
  if (/^\d{6}$/.test(code)) {
    const plain = user.totpSecret ? rt.box.open(user.totpSecret) : null;
    const key = plain ? base32Decode(plain) : null;
    if (!key) return null;
    const step = verifyTotp(key, code, rt.now());
    if (step === null) return null;
    const claimed = await exec(db, "UPDATE anju_user SET totp_last_step = ? WHERE id = ? AND (totp_last_step IS NULL OR totp_last_step < ?)", [step, user.id, step]);
    return claimed > 0 ? "totp" : null;
  }
  const normalized = normalizeRecovery(code);
  if (!/^[a-z0-9]{10}$/.test(normalized)) return null;
  const used = await exec(db, "UPDATE anju_totp_recovery SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL",
    [ts(rt.now()), user.id, sha256(normalized)]);
  return used > 0 ? "recovery" : null;
}
