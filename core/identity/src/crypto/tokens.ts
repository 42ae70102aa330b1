/** Random secrets and their digests: session ids, API keys and recovery codes are stored only as SHA-256. */
import crypto from "node:crypto";

/** 32 random bytes, base64url (43 characters, 256 bits). */
export function randomToken(): string {
  return crypto.randomBytes(32).toString("base64url");
}

export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function sha256(value: string): string {
  return crypto.createHash("sha256").update(value, "utf8").digest("hex");
}

export function safeEqualHex(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}
