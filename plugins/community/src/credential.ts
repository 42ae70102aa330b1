/**
 * Credentials and identity numbers as this plugin stores and matches them.
 *
 * A credential reference (card number, plate, the vendor's person id for a face or QR) is
 * canonicalised before it is encrypted and blind-indexed — NFKC, upper case, without blanks and
 * the separators vendors put in plates and card numbers (`皖A·12345`, `04-A1-B2`) — so the
 * authorisation and the access event reach the same index however the platform wrote it.
 */
import { CommunityErrors } from "./errors.js";

export const CREDENTIAL_REF_MAX = 128;
const SEPARATORS = /[\s·•・.:\-_/]/gu;
const ALLOWED = /^[\p{L}\p{N}]+$/u;

/** The canonical credential reference, or throws COMMUNITY_CREDENTIAL_REF_INVALID. */
export function canonicalCredential(value: string): string {
  const out = value.normalize("NFKC").toUpperCase().replace(SEPARATORS, "");
  if (!out) throw CommunityErrors.COMMUNITY_CREDENTIAL_REF_INVALID({ reason: "为空 / empty" });
  if (out.length > CREDENTIAL_REF_MAX) throw CommunityErrors.COMMUNITY_CREDENTIAL_REF_INVALID({ reason: `超过 ${CREDENTIAL_REF_MAX} 个字符 / longer than ${CREDENTIAL_REF_MAX} characters` });
  if (!ALLOWED.test(out)) throw CommunityErrors.COMMUNITY_CREDENTIAL_REF_INVALID({ reason: "只能包含字母和数字 / letters and digits only" });
  return out;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = "10X98765432";

/** A resident ID number (GB 11643-1999: 18 characters, ISO 7064 MOD 11-2 check); returns it canonical. */
export function checkIdNumber(value: string): string {
  const id = value.normalize("NFKC").replace(/\s+/g, "").toUpperCase();
  const refuse = (reason: string) => CommunityErrors.COMMUNITY_ID_NUMBER_INVALID({ reason });
  if (!/^\d{17}[\dX]$/.test(id)) throw refuse("18 位，前 17 位为数字 / 18 characters, the first 17 digits");
  const birth = id.slice(6, 14);
  const d = new Date(`${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10).replace(/-/g, "") !== birth || birth < "18800101") throw refuse("出生日期无效 / invalid birth date");
  const sum = WEIGHTS.reduce((a, w, i) => a + w * Number(id[i]), 0);
  if (CHECK[sum % 11] !== id[17]) throw refuse("校验码错误 / wrong check character");
  return id;
}
