/**
 * The server's diff entries (core/forms diff.ts: `{ section, path, kind, from, to, text }`) as
 * sentences in the reader's language: "新增字段 电话 (phone)", "age 改为必填", "字段 age 的最大值：
 * 120 → 100", "布局中新增 phone". Paths the sentences do not cover keep a generic wording with
 * the path itself, so every change is still listed.
 */
import type { FormChange } from "../api";
import type { TextFn, MessageKey } from "../i18n";
import type { Locale } from "../model/types";

const KEYWORD_LABELS: Record<string, MessageKey> = {
  title: "history.kw.title",
  "x-i18n.en.title": "history.kw.titleEn",
  description: "history.kw.description",
  "x-i18n.en.description": "history.kw.descriptionEn",
  minimum: "history.kw.minimum",
  maximum: "history.kw.maximum",
  minLength: "history.kw.minLength",
  maxLength: "history.kw.maxLength",
  minItems: "history.kw.minItems",
  maxItems: "history.kw.maxItems",
  pattern: "history.kw.pattern",
  format: "history.kw.format",
  default: "history.kw.default",
  readOnly: "history.kw.readOnly",
  oneOf: "history.kw.oneOf",
  enum: "history.kw.enum",
  type: "history.kw.type",
  "x-attachment": "history.kw.x-attachment",
};

export function shortValue(v: unknown): string {
  if (v === undefined) return "—";
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return s.length > 48 ? `${s.slice(0, 45)}…` : s;
}

/** "电话 (phone)" when the added/removed property schema carries a title, else the key. */
function fieldName(key: string, schema: unknown, locale: Locale): string {
  if (typeof schema !== "object" || schema === null) return key;
  const s = schema as { title?: unknown; "x-i18n"?: { en?: { title?: unknown } } };
  const title = (locale === "en" && typeof s["x-i18n"]?.en?.title === "string" ? s["x-i18n"].en.title : undefined) ?? s.title;
  return typeof title === "string" && title ? `${title} (${key})` : key;
}

function keywordLabel(rest: string, t: TextFn): string {
  const exact = KEYWORD_LABELS[rest];
  if (exact) return t(exact);
  // oneOf[2].title, items.oneOf, x-attachment.maxBytes …: named by their first keyword we know.
  const first = rest.split(/[.[]/)[0]!;
  const parent = KEYWORD_LABELS[first] ?? (first === "items" && /oneOf|enum/.test(rest) ? "history.kw.oneOf" : undefined);
  return parent ? `${t(parent)} (${rest})` : rest;
}

export function describeChange(c: FormChange, t: TextFn, locale: Locale): string {
  const from = shortValue(c.from);
  const to = shortValue(c.to);
  if (c.section === "title") return t("history.titleChanged", { lang: c.path.replace(/^title\./, ""), from, to });
  if (c.section === "schema") {
    if (c.path === "required" && c.kind !== "changed") {
      return t(c.kind === "added" ? "history.requiredAdded" : "history.requiredRemoved", { field: shortValue(c.kind === "added" ? c.to : c.from) });
    }
    const m = /^properties\.([^.[\]]+)(?:\.(.+))?$/.exec(c.path);
    if (m) {
      const key = m[1]!;
      const rest = m[2];
      if (!rest) {
        if (c.kind === "added") return t("history.fieldAdded", { field: fieldName(key, c.to, locale) });
        if (c.kind === "removed") return t("history.fieldRemoved", { field: fieldName(key, c.from, locale) });
      } else {
        const what = keywordLabel(rest, t);
        if (c.kind === "changed") return t("history.keywordChanged", { field: key, what, from, to });
        if (c.kind === "added") return t("history.keywordAdded", { field: key, what, to });
        return t("history.keywordRemoved", { field: key, what, from });
      }
    }
  }
  if (c.section === "uischema") {
    if (c.kind === "changed" && c.text.endsWith(" reordered")) return t("history.reordered");
    const control = /\[#\/properties\/([^\]]+)\]$/.exec(c.path);
    if (control && c.kind !== "changed") {
      return t(c.kind === "added" ? "history.controlAdded" : "history.controlRemoved", { field: control[1]!.replace(/\/properties\//g, ".") });
    }
  }
  return t(`history.generic.${c.kind}`, { path: c.path, from, to });
}
