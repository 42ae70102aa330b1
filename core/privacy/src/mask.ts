/**
 * Masking: what every API shows by default. The formats are the ones officials know from
 * paper forms: ID `110***********001X`, phone `138****1234`, plate `皖A·***45`, name `张*`,
 * address up to the district. Values that do not fit the usual shape are masked so that at
 * most half of their characters remain visible.
 */
import { assertPiKind, graphemes, normalise, type PiKind } from "./kinds.js";

const STAR = "*";

/** Keep `head` leading and `tail` trailing characters, shrinking both until at most half show. */
export function keepEnds(chars: string[], head: number, tail: number): string {
  const budget = Math.floor(chars.length / 2);
  while (head + tail > budget) {
    if (head >= tail && head > 0) head--;
    else tail--;
  }
  return chars.slice(0, head).join("") + STAR.repeat(chars.length - head - tail) + chars.slice(chars.length - tail).join("");
}

function maskPhone(value: string): string {
  const d = normalise("phone", value).split("");
  if (d.length === 0) return STAR.repeat(4);
  // A mainland mobile number: the format every official recognises.
  if (d.length === 11) return d.slice(0, 3).join("") + "****" + d.slice(7).join("");
  return keepEnds(d, 3, 4);
}

function maskIdNumber(value: string): string {
  const c = normalise("idNumber", value).split("");
  if (c.length === 0) return STAR.repeat(4);
  // 18-digit (since 1999) and 15-digit (first generation) resident ID numbers.
  if (c.length === 18 || c.length === 15) return c.slice(0, 3).join("") + STAR.repeat(c.length - 7) + c.slice(-4).join("");
  return keepEnds(c, 3, 4);
}

const HAN = /^\p{Script=Han}$/u;
const LATIN_UPPER = /^[A-Z]$/;

function maskPlate(value: string): string {
  const c = graphemes(normalise("plate", value));
  if (c.length === 0) return STAR.repeat(4);
  // Province abbreviation + issuing-authority letter, then 5 (petrol) or 6 (new-energy) characters.
  if (c.length >= 3 && HAN.test(c[0]) && LATIN_UPPER.test(c[1])) {
    const rest = c.slice(2);
    const shown = rest.length >= 4 ? rest.slice(-2).join("") : "";
    return `${c[0]}${c[1]}·${STAR.repeat(rest.length - shown.length)}${shown}`;
  }
  return keepEnds(c, 1, 2);
}

/** Two-character surnames (复姓): `欧阳娜娜` shows `欧阳**`, not `欧***`. */
const COMPOUND_SURNAMES = new Set([
  "欧阳", "太史", "端木", "上官", "司马", "东方", "独孤", "南宫", "万俟", "闻人", "夏侯", "诸葛", "尉迟", "公羊",
  "赫连", "澹台", "皇甫", "宗政", "濮阳", "公冶", "太叔", "申屠", "公孙", "慕容", "仲孙", "钟离", "长孙", "宇文",
  "司徒", "鲜于", "司空", "闾丘", "子车", "亓官", "司寇", "巫马", "公西", "颛孙", "壤驷", "公良", "漆雕", "乐正",
  "宰父", "谷梁", "拓跋", "夹谷", "轩辕", "令狐", "段干", "百里", "呼延", "东郭", "南门", "羊舌", "微生", "左丘",
  "西门", "第五", "梁丘", "东里", "南荣", "即墨", "达奚", "褚师",
]);
/** Separators kept in masked names: `买买提·艾力` → `买**·**` keeps the shape, hides the content. */
const NAME_SEPARATOR = /^[\s·•・.\-]$/u;

function maskName(value: string): string {
  const c = graphemes(value.normalize("NFC").trim());
  if (c.length === 0) return "";
  if (c.length === 1) return STAR;
  const surname = HAN.test(c[0]) && c.length > 2 && COMPOUND_SURNAMES.has(c[0] + c[1]) ? 2 : 1;
  return c.slice(0, surname).join("") + c.slice(surname).map((ch) => (NAME_SEPARATOR.test(ch) ? ch : STAR)).join("");
}

// Address levels: province, city, district. Segments are Han characters only and never contain
// the words that start a street-level part (路, 街, 号 …), so "华润大厦东区" is not taken for a district.
const NOT_STREET = "[\\p{Script=Han}--[路街道巷弄号楼栋幢室村镇乡园苑厦院]]";
const PROVINCE = new RegExp(`^${NOT_STREET}{2,7}?(?:省|自治区|特别行政区)`, "v");
const CITY = new RegExp(`^${NOT_STREET}{2,9}?(?:市|自治州|地区|盟)`, "v");
const DISTRICT = new RegExp(`^${NOT_STREET}{1,9}?(?:区|县|市|旗)`, "v");

function maskAddress(value: string): string {
  const text = value.normalize("NFC").trim();
  if (text === "") return "";
  let kept = "";
  for (const level of [PROVINCE, CITY]) {
    const m = level.exec(text.slice(kept.length));
    if (m) kept += m[0];
  }
  // A district only after a province or city: alone it may as well be a street name.
  if (kept) {
    const m = DISTRICT.exec(text.slice(kept.length));
    if (m) kept += m[0];
  }
  if (kept.length === text.length) return kept;
  return kept + "****";
}

function maskFaceTemplateRef(value: string): string {
  const c = graphemes(value.trim());
  return c.length >= 12 ? "****" + c.slice(-4).join("") : "****";
}

/** A credential keeps its last four characters (what a card shows), once it is long enough to hide the rest. */
function maskCredential(value: string): string {
  const c = graphemes(value.trim());
  return c.length >= 8 ? "****" + c.slice(-4).join("") : "****";
}

const MASKERS: Record<PiKind, (value: string) => string> = {
  name: maskName,
  phone: maskPhone,
  idNumber: maskIdNumber,
  plate: maskPlate,
  faceTemplateRef: maskFaceTemplateRef,
  address: maskAddress,
  credential: maskCredential,
};

/** Mask a value of a declared kind; null and undefined pass through unchanged. */
export function mask(kind: PiKind, value: string): string;
export function mask(kind: PiKind, value: string | null | undefined): string | null | undefined;
export function mask(kind: PiKind, value: string | null | undefined): string | null | undefined {
  const k = assertPiKind(kind);
  if (value === null || value === undefined) return value;
  return MASKERS[k](String(value));
}
