import { toRaw } from "vue";
import {
  defaultErrorTranslator,
  defaultJsonFormsI18nState,
  defaultTranslator,
  type JsonFormsI18nState,
  type JsonFormsState,
  type Translator,
} from "@jsonforms/core";
import { errorTranslatorFor } from "./errors";
import { DEFAULT_LOCALE, normalizeLocale, type Locale } from "./messages";

export interface ResolvedI18n {
  locale: Locale;
  translate: Translator;
  translateError: NonNullable<JsonFormsI18nState["translateError"]>;
}

/**
 * The i18n this renderer set works with. JSON Forms stores its own default object when the
 * `i18n` prop is omitted, and that default says locale "en"; we recognise the very object and
 * read it as "not configured", which is how the set defaults to zh-CN. A consumer who passes
 * any i18n gets its locale; a consumer who passes no `translateError` gets ours for that locale.
 */
export const resolveI18n = (i18n: JsonFormsI18nState | undefined): ResolvedI18n => {
  const configured = i18n !== undefined && toRaw(i18n) !== defaultJsonFormsI18nState;
  const locale = configured ? normalizeLocale(i18n.locale) : DEFAULT_LOCALE;
  const ownErrorTranslator = i18n?.translateError !== undefined && i18n.translateError !== defaultErrorTranslator;
  return {
    locale,
    translate: i18n?.translate ?? defaultTranslator,
    translateError: ownErrorTranslator && i18n?.translateError ? i18n.translateError : errorTranslatorFor(locale),
  };
};

/** The state as JSON Forms' mappers should see it: same data, our resolved i18n. */
export const withResolvedI18n = (state: JsonFormsState): JsonFormsState => ({
  jsonforms: { ...state.jsonforms, i18n: resolveI18n(state.jsonforms.i18n) },
});

/** Wraps a core state mapper so the error texts it computes follow `resolveI18n`. */
export const localized =
  <P, R>(mapper: (state: JsonFormsState, props: P) => R) =>
  (state: JsonFormsState, props: P): R =>
    mapper(withResolvedI18n(state), props);
