/**
 * The kinds of personal information a plugin can declare, what each is called in notices, and
 * how a value is normalised before it is blind-indexed (so "138 1234 5678" and "13812345678"
 * find the same row).
 */
import { PI_KINDS } from "@anju/kernel";
import { PrivacyErrors } from "./errors.js";

// The list lives in the kernel, which validates the manifest's `pi` key with it.
export { PI_KINDS };
export type PiKind = (typeof PI_KINDS)[number];

export function isPiKind(kind: unknown): kind is PiKind {
  return typeof kind === "string" && (PI_KINDS as readonly string[]).includes(kind);
}

export function assertPiKind(kind: unknown): PiKind {
  if (!isPiKind(kind)) throw PrivacyErrors.PI_KIND_UNKNOWN({ kind: String(kind) });
  return kind;
}

/** Display names for notices and the console. */
export const PI_KIND_NAMES: Record<PiKind, { "zh-CN": string; en: string }> = {
  name: { "zh-CN": "姓名", en: "name" },
  phone: { "zh-CN": "手机号码", en: "phone number" },
  idNumber: { "zh-CN": "身份证号码", en: "ID card number" },
  plate: { "zh-CN": "车牌号码", en: "licence plate" },
  faceTemplateRef: { "zh-CN": "人脸特征信息", en: "face template" },
  address: { "zh-CN": "住址", en: "home address" },
  credential: { "zh-CN": "门禁凭证（卡号、车牌等）", en: "access credential (card number, plate…)" },
};

/**
 * Kinds that are sensitive unless a declaration says otherwise: H11 names ID numbers and
 * biometrics; PIPL art. 28 lists biometrics and specific identity. Phones, plates and addresses
 * become sensitive when a plugin declares them so.
 */
export const SENSITIVE_BY_DEFAULT: ReadonlySet<PiKind> = new Set<PiKind>(["idNumber", "faceTemplateRef"]);

/** Longest plaintext accepted per kind, in characters (graphemes for names and addresses). */
export const PI_MAX_LENGTH: Record<PiKind, number> = {
  name: 64,
  phone: 32,
  idNumber: 32,
  plate: 16,
  faceTemplateRef: 128,
  address: 300,
  credential: 128,
};

/**
 * Longest plaintext in UTF-8 bytes: what still fits the column once encrypted and base64url
 * encoded (varchar(512) holds 320 bytes plus the header; addresses live in a text column).
 * Characters alone are not enough: one emoji "character" can be 25 bytes.
 */
export const PI_MAX_BYTES: Record<PiKind, number> = {
  name: 320, phone: 320, idNumber: 320, plate: 320, faceTemplateRef: 320, address: 4000, credential: 320,
};

const segmenter = new Intl.Segmenter("zh", { granularity: "grapheme" });

/** Characters of a value, counting "𠮷" or "ë" (e + combining mark) as one. */
export function graphemes(value: string): string[] {
  return Array.from(segmenter.segment(value), (s) => s.segment);
}

export function checkValue(kind: PiKind, value: string): void {
  if (typeof value !== "string") throw PrivacyErrors.PI_VALUE_INVALID({ kind, reason: "not a string" });
  if (graphemes(value).length > PI_MAX_LENGTH[kind]) throw PrivacyErrors.PI_VALUE_INVALID({ kind, reason: `longer than ${PI_MAX_LENGTH[kind]} characters` });
  if (Buffer.byteLength(value, "utf8") > PI_MAX_BYTES[kind]) throw PrivacyErrors.PI_VALUE_INVALID({ kind, reason: `longer than ${PI_MAX_BYTES[kind]} bytes` });
}

/** Mainland numbers may come with the country code: +86 / 0086. */
function phoneDigits(value: string): string {
  let d = value.normalize("NFKC").replace(/\D/g, "");
  if (d.length === 15 && d.startsWith("0086")) d = d.slice(4);
  else if (d.length === 13 && d.startsWith("86")) d = d.slice(2);
  return d;
}

/**
 * The canonical form a blind index is computed over: digits only for phones, digits and the
 * check letter X for ID numbers, upper case without separators for plates, NFC with collapsed
 * spaces for names, no spaces for addresses.
 */
export function normalise(kind: PiKind, value: string): string {
  switch (kind) {
    case "phone":
      return phoneDigits(value);
    case "idNumber":
      return value.normalize("NFKC").toUpperCase().replace(/[^0-9X]/g, "");
    case "plate":
      return value.normalize("NFKC").toUpperCase().replace(/[^\p{L}\p{N}]/gu, "");
    case "name":
      return value.normalize("NFC").trim().replace(/\s+/g, " ");
    case "address":
      return value.normalize("NFKC").replace(/\s+/g, "");
    case "faceTemplateRef":
      return value.trim();
    case "credential":
      // A card number is read as "0012 3456", "0012-3456" or "00123456" by different readers.
      return value.normalize("NFKC").toUpperCase().replace(/[\s\-·.]/g, "");
  }
}
