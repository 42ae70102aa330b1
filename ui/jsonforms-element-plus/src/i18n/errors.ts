import type { ErrorObject } from "ajv";
import localizeEn from "ajv-i18n/localize/en";
import localizeZh from "ajv-i18n/localize/zh";
import { getControlPath, getI18nKey, type ErrorTranslator } from "@jsonforms/core";
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
 * JSON Forms error translator for a locale. Consumer translations still win, in the order
 * JSON Forms' default translator looks them up (`<prefix>.error.<keyword>`, `error.<keyword>`,
 * the ajv message as a key); only the fallback changes from ajv's English to the locale's text.
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
    return localizeAjvError(error, locale);
  };

const translators: Record<Locale, ErrorTranslator> = {
  "zh-CN": createErrorTranslator("zh-CN"),
  en: createErrorTranslator("en"),
};

/** Stable translator per locale (same function each call), so the i18n state does not churn. */
export const errorTranslatorFor = (locale: Locale): ErrorTranslator => translators[locale];
