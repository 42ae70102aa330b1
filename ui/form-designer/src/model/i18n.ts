/**
 * How a form carries English next to its Chinese: the schema's own `title` / `description`
 * (and a UI element's `label` / `text`) hold zh-CN, and an `x-i18n` annotation on the same
 * object holds the others, by locale:
 *
 *   { "title": "姓名", "x-i18n": { "en": { "title": "Name" } } }
 *   { "const": "a", "title": "甲", "x-i18n": { "en": { "title": "A" } } }        (an option)
 *   { "type": "Group", "label": "基本信息", "x-i18n": { "en": { "label": "Basics" } } }
 *
 * The server ignores `x-*` annotations when validating and lets extensions change them, and
 * translate.ts reads them back for JSON Forms. These helpers split an annotation into what the
 * designer edits (en) and what it keeps untouched (other locales, other members).
 */
import type { LocalText } from "./types";

export const I18N_KEY = "x-i18n";

type Bag = Record<string, unknown>;

function isObject(v: unknown): v is Bag {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Takes `member` (title, description, label, text) out of `holder`: zh-CN from the member itself,
 * en from `x-i18n.en[member]`. Both are removed from `holder`; an `x-i18n` left empty is removed too.
 */
export function takeText(holder: Bag, member: string): LocalText {
  const zh = typeof holder[member] === "string" ? (holder[member] as string) : "";
  if (typeof holder[member] === "string") delete holder[member];
  let en = "";
  const bag = holder[I18N_KEY];
  if (isObject(bag) && isObject(bag.en) && typeof bag.en[member] === "string") {
    en = bag.en[member] as string;
    const enBag = { ...bag.en };
    delete enBag[member];
    const rest = { ...bag };
    if (Object.keys(enBag).length) rest.en = enBag;
    else delete rest.en;
    if (Object.keys(rest).length) holder[I18N_KEY] = rest;
    else delete holder[I18N_KEY];
  }
  return { "zh-CN": zh, en };
}

/** Writes `text` into `holder` as `member` + `x-i18n.en[member]`; empty texts write nothing. */
export function putText(holder: Bag, member: string, text: LocalText): void {
  if (text["zh-CN"]) holder[member] = text["zh-CN"];
  if (text.en) {
    const bag = isObject(holder[I18N_KEY]) ? { ...(holder[I18N_KEY] as Bag) } : {};
    bag.en = { ...(isObject(bag.en) ? bag.en : {}), [member]: text.en };
    holder[I18N_KEY] = bag;
  }
}
