import { defaultTranslator, type JsonFormsI18nState, type Translator } from "@jsonforms/core";
import { errorTranslatorFor } from "./errors";
import { normalizeLocale } from "./messages";

/**
 * Ready-made value for `<JsonForms :i18n="…">`: the locale, an optional label/description
 * translator (e.g. vue-i18n's `t` adapted to JSON Forms' signature) and the matching ajv error texts.
 */
export const createI18n = (locale: string = "zh-CN", translate: Translator = defaultTranslator): JsonFormsI18nState => {
  const normalized = normalizeLocale(locale);
  return { locale: normalized, translate, translateError: errorTranslatorFor(normalized) };
};
