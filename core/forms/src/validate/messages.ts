/**
 * Turn ajv errors into field errors a person can act on: a dotted field path (instancePath
 * `/contact/phone` → `contact.phone`; a missing or unknown property is named in the path) and a
 * message in zh-CN (ajv-i18n) and en. The attachment keyword's reasons have their own texts.
 */
import type { ErrorObject } from "ajv";
import localize from "ajv-i18n";
import type { Locale } from "@anju/errors";
import { ATTACHMENT_KEYWORD, type AttachmentReason } from "../attachments/keyword.js";

export interface FieldError {
  /** `contact.phone`, `items.0.name`, `(root)`. */
  path: string;
  keyword: string;
  /** The attachment rule that failed (only for `x-attachment`). */
  reason?: AttachmentReason;
  message: string;
  messages: { "zh-CN": string; en: string };
}

const ATTACHMENT_TEXT: Record<AttachmentReason, { "zh-CN": (p: Record<string, unknown>) => string; en: (p: Record<string, unknown>) => string }> = {
  ATTACHMENT_SHAPE: { "zh-CN": () => "附件应为 {name, content}（content 为 base64）", en: () => "an attachment is {name, content} with base64 content" },
  ATTACHMENT_ENCODING: { "zh-CN": () => "附件内容不是有效的 base64", en: () => "attachment content is not valid base64" },
  ATTACHMENT_EMPTY: { "zh-CN": () => "附件为空", en: () => "the attachment is empty" },
  ATTACHMENT_TOO_LARGE: { "zh-CN": (p) => `附件过大：${p.size} 字节（上限 ${p.maxBytes}）`, en: (p) => `attachment too large: ${p.size} bytes (limit ${p.maxBytes})` },
  ATTACHMENT_TYPE_UNKNOWN: { "zh-CN": (p) => `无法识别的文件类型（允许 ${list(p.allowed)}）`, en: (p) => `unrecognised file type (allowed: ${list(p.allowed)})` },
  ATTACHMENT_TYPE_NOT_ALLOWED: { "zh-CN": (p) => `不允许的文件类型 ${p.type}（允许 ${list(p.allowed)}）`, en: (p) => `file type ${p.type} is not allowed (allowed: ${list(p.allowed)})` },
};

/**
 * A pattern is for the machine: ajv-i18n's "应当匹配模式 \"^1[3-9]\\d{9}$\"" shows the regex to
 * a person who cannot read one. The field's own `x-pattern-message` (a string, or zh-CN/en) says
 * what is expected ("请输入 11 位手机号"); without one, a plain "wrong format". The browser's
 * renderer set (ui/jsonforms-element-plus, i18n/errors.ts) words it the same way.
 */
export const PATTERN_MESSAGE_KEYWORD = "x-pattern-message";
const PATTERN_FALLBACK = { "zh-CN": "格式不正确", en: "does not have the expected format" } as const;

export function patternMessages(parentSchema: unknown): { "zh-CN": string; en: string } {
  const hint = (parentSchema as Record<string, unknown> | undefined)?.[PATTERN_MESSAGE_KEYWORD];
  if (typeof hint === "string" && hint.trim()) return { "zh-CN": hint, en: hint };
  if (hint && typeof hint === "object") {
    const h = hint as Record<string, unknown>;
    const zh = typeof h["zh-CN"] === "string" ? h["zh-CN"] : undefined;
    const en = typeof h.en === "string" ? h.en : undefined;
    if (zh || en) return { "zh-CN": zh ?? en ?? PATTERN_FALLBACK["zh-CN"], en: en ?? zh ?? PATTERN_FALLBACK.en };
  }
  return { ...PATTERN_FALLBACK };
}

function list(v: unknown): string {
  return Array.isArray(v) ? v.join(", ") : String(v);
}

function unescape(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

export function instancePathToField(instancePath: string): string[] {
  return instancePath.split("/").slice(1).map(unescape);
}

export function fieldOf(err: ErrorObject): string {
  const segments = instancePathToField(err.instancePath);
  const p = err.params as { missingProperty?: string; additionalProperty?: string };
  if (err.keyword === "required" && p.missingProperty) segments.push(p.missingProperty);
  if (err.keyword === "additionalProperties" && p.additionalProperty) segments.push(p.additionalProperty);
  return segments.length ? segments.join(".") : "(root)";
}

function localized(errors: ErrorObject[], lang: "zh" | "en"): string[] {
  const copies = errors.map((e) => ({ ...e, params: { ...e.params } }));
  localize[lang](copies);
  return copies.map((e) => e.message ?? e.keyword);
}

export function fieldErrors(errors: ErrorObject[] | null | undefined, locale: Locale = "zh-CN"): FieldError[] {
  const list = errors ?? [];
  const zh = localized(list, "zh");
  const en = localized(list, "en");
  const seen = new Set<string>();
  const out: FieldError[] = [];
  list.forEach((err, i) => {
    const path = fieldOf(err);
    let messages = { "zh-CN": zh[i], en: en[i] };
    let reason: AttachmentReason | undefined;
    if (err.keyword === "pattern") messages = patternMessages(err.parentSchema);
    if (err.keyword === ATTACHMENT_KEYWORD) {
      const params = err.params as Record<string, unknown>;
      reason = params.reason as AttachmentReason;
      const text = ATTACHMENT_TEXT[reason];
      if (text) messages = { "zh-CN": text["zh-CN"](params), en: text.en(params) };
    }
    const key = `${path}\u0000${err.keyword}\u0000${messages.en}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ path, keyword: err.keyword, ...(reason ? { reason } : {}), message: messages[locale] ?? messages["zh-CN"], messages });
  });
  return out;
}

/** One line per language for the error's headline (the first few fields). */
export function summaries(fields: FieldError[], max = 3): { zh: string; en: string } {
  const head = fields.slice(0, max);
  const more = fields.length > max ? fields.length - max : 0;
  return {
    zh: head.map((f) => `${f.path} ${f.messages["zh-CN"]}`).join("；") + (more ? `；另有 ${more} 处` : ""),
    en: head.map((f) => `${f.path} ${f.messages.en}`).join("; ") + (more ? `; ${more} more` : ""),
  };
}
