/**
 * What each field type of the palette is: its default label, which properties the panel shows
 * for it, and which schema keywords its min/max map to. The schema each kind produces is in
 * serialize.ts and how one is recognised in parse.ts; both read these tables.
 */
import type { FieldKind, LocalText } from "./types";

/** Mainland mobile numbers (11 digits, 1[3-9]…). A field with exactly this pattern is a "phone". */
export const PHONE_PATTERN = "^1[3-9]\\d{9}$";
/** 18-character resident ID number (GB 11643), last character a digit or X. Exactly this pattern = "ID number". */
export const ID_NUMBER_PATTERN = "^[1-9]\\d{5}(18|19|20)\\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])\\d{3}[\\dXx]$";

/**
 * How a time field stores its value (the renderer set's `timeSaveFormat`, dayjs tokens): with
 * the UTC offset, `08:30:00+08:00`. The server's ajv-formats 3 accepts only RFC 3339 full-time
 * (offset required) for `format: time`; the set's default `HH:mm:ss` passes the browser's older
 * ajv-formats but is refused on submit.
 */
export const TIME_SAVE_FORMAT = "HH:mm:ssZ";

export const KEY_PATTERN = /^[a-zA-Z][a-zA-Z0-9_]*$/;
export const KEY_MAX_LENGTH = 64;

/** Which keywords a kind's min/max stand for. */
export type LimitKind = "value" | "length" | "items";

export interface KindInfo {
  label: LocalText;
  /** Prefix of generated keys (`text1`, `phone2` …). */
  keyPrefix: string;
  limits?: LimitKind;
  pattern?: boolean;
  options?: boolean;
  /** A default value can be set (not for files or schemas the designer does not model). */
  defaultValue: boolean;
  /** Fields of this kind can be the subject of a rule ("when X equals …"). */
  ruleTarget: boolean;
}

export const KINDS: Record<FieldKind, KindInfo> = {
  text: { label: { "zh-CN": "单行文本", en: "Single-line text" }, keyPrefix: "text", limits: "length", pattern: true, defaultValue: true, ruleTarget: true },
  textarea: { label: { "zh-CN": "多行文本", en: "Multi-line text" }, keyPrefix: "notes", limits: "length", pattern: true, defaultValue: true, ruleTarget: true },
  number: { label: { "zh-CN": "数字", en: "Number" }, keyPrefix: "number", limits: "value", defaultValue: true, ruleTarget: true },
  integer: { label: { "zh-CN": "整数", en: "Integer" }, keyPrefix: "count", limits: "value", defaultValue: true, ruleTarget: true },
  boolean: { label: { "zh-CN": "是/否", en: "Yes / no" }, keyPrefix: "flag", defaultValue: true, ruleTarget: true },
  choice: { label: { "zh-CN": "单选", en: "Choice" }, keyPrefix: "choice", options: true, defaultValue: true, ruleTarget: true },
  multiChoice: { label: { "zh-CN": "多选", en: "Multiple choice" }, keyPrefix: "choices", limits: "items", options: true, defaultValue: true, ruleTarget: false },
  date: { label: { "zh-CN": "日期", en: "Date" }, keyPrefix: "date", defaultValue: true, ruleTarget: true },
  time: { label: { "zh-CN": "时间", en: "Time" }, keyPrefix: "time", defaultValue: true, ruleTarget: true },
  dateTime: { label: { "zh-CN": "日期时间", en: "Date and time" }, keyPrefix: "dateTime", defaultValue: true, ruleTarget: true },
  email: { label: { "zh-CN": "电子邮箱", en: "Email" }, keyPrefix: "email", limits: "length", defaultValue: true, ruleTarget: true },
  phone: { label: { "zh-CN": "手机号码", en: "Mobile phone" }, keyPrefix: "phone", defaultValue: true, ruleTarget: true },
  idNumber: { label: { "zh-CN": "身份证号", en: "ID number" }, keyPrefix: "idNumber", defaultValue: false, ruleTarget: true },
  attachment: { label: { "zh-CN": "附件", en: "Attachment" }, keyPrefix: "file", defaultValue: false, ruleTarget: false },
  custom: { label: { "zh-CN": "其他（JSON）", en: "Other (JSON)" }, keyPrefix: "field", defaultValue: false, ruleTarget: false },
};

export const LIMIT_KEYWORDS: Record<LimitKind, [string, string]> = {
  value: ["minimum", "maximum"],
  length: ["minLength", "maxLength"],
  items: ["minItems", "maxItems"],
};

export function limitsOf(kind: FieldKind): LimitKind | undefined {
  return KINDS[kind].limits;
}

/** Attachment size limits the server accepts (docs/forms.md: 1 … 20 MiB, default 1 MiB). */
export const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;
export const ATTACHMENT_DEFAULT_BYTES = 2 * 1024 * 1024;
