/**
 * Checks of the numbers a rental registration carries, beyond their shape in the params schema:
 * the resident ID number's check character (GB 11643-1999: ISO 7064 MOD 11-2) and birth date,
 * and a phone number a landlord or tenant can be called on (an 11-digit mainland mobile, or a
 * fixed line with its area code).
 */
import { YiyangErrors } from "./errors.js";

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = "10X98765432";

/** The canonical form: upper case, no blanks (full-width digits folded). */
export function normaliseIdNumber(value: string): string {
  return value.normalize("NFKC").replace(/\s+/g, "").toUpperCase();
}

/** Throws YIYANG_ID_NUMBER_INVALID naming why; returns the canonical number. */
export function checkIdNumber(field: string, value: string): string {
  const id = normaliseIdNumber(value);
  const refuse = (reason: string) => YiyangErrors.YIYANG_ID_NUMBER_INVALID({ field, reason });
  if (!/^\d{17}[\dX]$/.test(id)) throw refuse("18 位，前 17 位为数字 / 18 characters, the first 17 digits");
  const birth = id.slice(6, 14);
  const d = new Date(`${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10).replace(/-/g, "") !== birth || birth < "18800101") {
    throw refuse("出生日期无效 / invalid birth date");
  }
  const sum = WEIGHTS.reduce((a, w, i) => a + w * Number(id[i]), 0);
  if (CHECK[sum % 11] !== id[17]) throw refuse("校验码错误 / wrong check character");
  return id;
}

/** Throws YIYANG_PHONE_INVALID; returns the number with separators kept as typed (trimmed). */
export function checkPhone(field: string, value: string): string {
  const phone = value.normalize("NFKC").trim();
  let digits = phone.replace(/[\s()-]/g, "");
  if (digits.startsWith("+86")) digits = digits.slice(3);
  else if (digits.startsWith("0086")) digits = digits.slice(4);
  const mobile = /^1[3-9]\d{9}$/.test(digits);
  // Area codes are 3–4 digits starting with 0, local numbers 7–8 digits.
  const fixed = /^0\d{2,3}[2-9]\d{6,7}$/.test(digits);
  if (!mobile && !fixed) throw YiyangErrors.YIYANG_PHONE_INVALID({ field });
  return phone;
}
