/**
 * Usernames: NFC-normalised and trimmed; letters of any script, digits and `. _ - @`; 1–64
 * characters. The lookup key is NFKC + lower case, so `Admin`, `ADMIN` and full-width `ａｄｍｉｎ`
 * are one account on SQLite and MariaDB alike (no look-alike twins).
 */
import { IdentityErrors } from "./errors.js";

export const USERNAME_MAX = 64;
export const PASSWORD_MAX = 256;
/** For JSON Schema params: the shape check; `normalizeUsername` does the Unicode-aware rest. */
export const USERNAME_PATTERN = "^[^\\u0000-\\u001f\\u007f-\\u009f<>\"'`;\\\\/\\s]+$";

const ALLOWED = /^[\p{L}\p{M}\p{Nd}._@-]+$/u;

export function normalizeUsername(raw: string): string {
  const name = raw.normalize("NFC").trim();
  const length = [...name].length;
  if (length < 1 || length > USERNAME_MAX) {
    throw IdentityErrors.USERNAME_INVALID({ reasonZh: `长度须为 1–${USERNAME_MAX} 个字符`, reasonEn: `must be 1–${USERNAME_MAX} characters` });
  }
  if (!ALLOWED.test(name)) {
    throw IdentityErrors.USERNAME_INVALID({ reasonZh: "只能包含字母、数字和 . _ - @", reasonEn: "only letters, digits and . _ - @ are allowed" });
  }
  return name;
}

export function usernameKey(name: string): string {
  return name.normalize("NFKC").toLowerCase();
}

/** Display names: free text without markup, quotes or control characters. */
export const DISPLAY_NAME_PATTERN = "^[^<>\"'`;\\\\\\u0000-\\u001f\\u007f-\\u009f]+$";
