/**
 * What may go into an audit record. `detail` is caller-supplied, so it is scrubbed here rather
 * than trusted: keys that name secrets or personal information are dropped (by name, after
 * lower-casing and removing `_`/`-`), strings that look like a mainland ID number or mobile
 * number are masked wherever they appear, and size is capped (depth, items, string length,
 * serialised length). The scalar columns are cut to their column length and stripped of
 * control characters, so what is hashed is exactly what the database stores and returns.
 */
import { LIMITS } from "./constants.js";

/** Key fragments that mark a secret or personal information (compared without case, `_`, `-`). */
const DROP_FRAGMENTS = [
  "password", "passwd", "pwd", "passphrase", "otp", "token", "secret", "cookie", "authorization",
  "credential", "apikey", "privatekey", "signature", "recoverycode", "sessionid",
  "idnumber", "idno", "idcard", "identitycard", "identitynumber", "passport",
  "phone", "mobile", "telephone", "email", "address", "platenumber", "plateno", "licenseplate", "licenceplate",
  "facetemplate", "faceimage", "facefeature", "biometric", "fingerprint",
  "realname", "fullname", "bankcard", "cardno", "cardnumber",
];
/** Keys dropped only when they are the whole key (too short to match as fragments). */
const DROP_EXACT = new Set(["tel", "pin", "key", "pass", "sfz", "sid", "plate", "face"]);

const MAX_DEPTH = 4;
const MAX_ITEMS = 20;
const MAX_KEYS = 40;
const MAX_STRING = 256;

// Mainland resident ID number (18 characters) and mobile numbers, anywhere in a string.
const ID_NUMBER = /(?<![0-9])([1-9][0-9]{2})[0-9]{3}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])([0-9]{3}[0-9Xx])(?![0-9A-Za-z])/g;
const MOBILE = /(?<![0-9])(1[3-9][0-9])[0-9]{4}([0-9]{4})(?![0-9])/g;
// C0/C1 control characters and lone surrogates (MySQL would refuse or alter them).
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function isSensitiveKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[_\-\s.]/g, "");
  return DROP_EXACT.has(k) || DROP_FRAGMENTS.some((f) => k.includes(f));
}

export function maskPiInText(s: string): string {
  return s.replace(ID_NUMBER, (_m, head: string, tail: string) => `${head}***********${tail}`)
    .replace(MOBILE, (_m, head: string, tail: string) => `${head}****${tail}`);
}

function wellFormed(s: string): string {
  return s.replace(LONE_SURROGATE, "\ufffd");
}

/** A scalar column value: no control characters, no lone surrogates, at most `max` characters. */
export function cleanColumn(value: unknown, max: number): string | null {
  if (value === undefined || value === null) return null;
  const s = wellFormed(String(value)).replace(CONTROL, " ").normalize("NFC");
  // Cut by code points so a surrogate pair is never split.
  const chars = Array.from(s);
  return chars.length > max ? chars.slice(0, max).join("") : s;
}

function cleanString(s: string): string {
  const cut = Array.from(wellFormed(s));
  const short = cut.length > MAX_STRING ? `${cut.slice(0, MAX_STRING).join("")}…` : s;
  return maskPiInText(short);
}

function scrub(value: unknown, depth: number): unknown {
  if (value === null || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return cleanString(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value !== "object") return undefined; // functions, symbols, undefined
  if (depth >= MAX_DEPTH) return "[…]";
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((v) => scrub(v, depth + 1)).map((v) => (v === undefined ? null : v));
    if (value.length > MAX_ITEMS) items.push(`[+${value.length - MAX_ITEMS}]`);
    return items;
  }
  if (Buffer.isBuffer(value)) return `[${value.length} bytes]`;
  const out: Record<string, unknown> = {};
  // Sorted keys: the serialisation (and so the hash input) does not depend on insertion order.
  const keys = Object.keys(value).sort();
  let kept = 0;
  for (const key of keys) {
    if (isSensitiveKey(key)) continue;
    if (kept >= MAX_KEYS) { out["…"] = `+${keys.length - kept}`; break; }
    const v = scrub((value as Record<string, unknown>)[key], depth + 1);
    if (v === undefined) continue;
    out[cleanColumn(key, 64)!] = v;
    kept++;
  }
  return out;
}

/**
 * `detail` as stored: sanitised canonical JSON, or null. When the result is still too long,
 * only the (sanitised) top-level keys are kept, marked as truncated.
 */
export function serialiseDetail(detail: unknown): string | null {
  if (detail === undefined || detail === null) return null;
  const clean = scrub(detail, 0);
  if (clean === undefined) return null;
  let json = JSON.stringify(clean);
  if (json.length <= LIMITS.detail) return json;
  const keys = clean && typeof clean === "object" && !Array.isArray(clean) ? Object.keys(clean).slice(0, 50) : [];
  json = JSON.stringify({ truncated: true, length: json.length, keys });
  return json.length <= LIMITS.detail ? json : JSON.stringify({ truncated: true, length: json.length });
}
