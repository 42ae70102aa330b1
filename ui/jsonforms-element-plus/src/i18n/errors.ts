import type { ErrorObject } from "ajv";
import localizeEn from "ajv-i18n/localize/en";
import localizeZh from "ajv-i18n/localize/zh";
import { createLabelDescriptionFrom, getControlPath, getI18nKey, isControl, type ControlElement, type ErrorTranslator, type JsonSchema, type Translator, type UISchemaElement } from "@jsonforms/core";
import type { Locale } from "./messages";

/**
 * One ajv error as text in the given locale, through ajv-i18n's `localize.zh` / `localize.en`:
 * the same calls the server's form service (core/forms, validate/messages.ts) makes, so a user
 * reads the same sentence whether the browser or the server caught the mistake. (ajv-i18n's
 * English differs from ajv's built-in text in a few keywords, e.g. "must NOT be shorter than 3
 * characters"; matching the server matters more than matching ajv.)
 */
export const localizeAjvError = (error: ErrorObject, locale: Locale): string => {
  // ajv-i18n rewrites `message` in place: work on a copy so the core's error list stays as ajv made it.
  const copy: ErrorObject = { ...error, params: { ...error.params } };
  (locale === "en" ? localizeEn : localizeZh)([copy]);
  return copy.message ?? error.message ?? error.keyword;
};

/**
 * A pattern error in words, not the regex (ajv-i18n prints the pattern itself): the field's
 * `x-pattern-message` (string or zh-CN/en) or a plain "wrong format" — the server's forms
 * service (core/forms, validate/messages.ts) words it the same way.
 */
const PATTERN_FALLBACK: Record<Locale, string> = { "zh-CN": "格式不正确", en: "does not have the expected format" };

export const patternText = (error: ErrorObject, locale: Locale): string => {
  const hint = (error.parentSchema as Record<string, unknown> | undefined)?.["x-pattern-message"];
  if (typeof hint === "string" && hint.trim()) return hint;
  if (hint && typeof hint === "object") {
    const h = hint as Record<string, unknown>;
    const own = h[locale];
    const other = h[locale === "en" ? "zh-CN" : "en"];
    if (typeof own === "string") return own;
    if (typeof other === "string") return other;
  }
  return PATTERN_FALLBACK[locale];
};

/** "Fill in this field", naming it as its label does: the one message not worded like the server's. */
const REQUIRED: Record<Locale, (label: string) => string> = {
  "zh-CN": (label) => `请填写「${label}」`,
  en: (label) => `“${label}” is required`,
};

/**
 * A missing required property, shown at its control, named by the control's label (its
 * translation first, as the label on screen is) — ajv's "应当有必需属性 name" names the data key,
 * which the person filling in never sees. Undefined when the error is not at a control.
 */
const requiredText = (error: ErrorObject, t: Translator, uischema: UISchemaElement | undefined, locale: Locale): string | undefined => {
  if (error.keyword !== "required" || !uischema || !isControl(uischema)) return undefined;
  const missing = (error.params as { missingProperty?: unknown }).missingProperty;
  if (typeof missing !== "string") return undefined;
  const properties = (error.parentSchema as { properties?: Record<string, JsonSchema> } | undefined)?.properties;
  const schema = properties?.[missing];
  const path = getControlPath(error);
  const fallback = createLabelDescriptionFrom(uischema as ControlElement, schema ?? {}).text || missing;
  const label = t(getI18nKey(schema, uischema, path, "label"), fallback, { schema, uischema, path }) || fallback;
  return REQUIRED[locale](label);
};

/**
 * JSON Forms error translator for a locale. Consumer translations still win, in the order
 * JSON Forms' default translator looks them up (`<prefix>.error.<keyword>`, `error.<keyword>`,
 * the ajv message as a key); only the fallback changes from ajv's English to the locale's text,
 * and a missing required field is named by its label ("请填写「姓名」") rather than its key.
 */
export const createErrorTranslator =
  (locale: Locale): ErrorTranslator =>
  (error, t, uischema) => {
    const values = { error };
    const specialized = t(getI18nKey(error.parentSchema, uischema, getControlPath(error), `error.${error.keyword}`), undefined, values);
    if (specialized !== undefined) return specialized;
    const generic = t(`error.${error.keyword}`, undefined, values);
    if (generic !== undefined) return generic;
    if (error.message !== undefined) {
      const customized = t(error.message, undefined, values);
      if (customized !== undefined) return customized;
    }
    if (error.keyword === "pattern") return patternText(error, locale);
    return requiredText(error, t, uischema, locale) ?? localizeAjvError(error, locale);
  };

const translators: Record<Locale, ErrorTranslator> = {
  "zh-CN": createErrorTranslator("zh-CN"),
  en: createErrorTranslator("en"),
};

/** Stable translator per locale (same function each call), so the i18n state does not churn. */
export const errorTranslatorFor = (locale: Locale): ErrorTranslator => translators[locale];
