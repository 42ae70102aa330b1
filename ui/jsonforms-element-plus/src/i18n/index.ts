export { createI18n } from "./createI18n";
export { createErrorTranslator, errorTranslatorFor, localizeAjvError } from "./errors";
export { DEFAULT_LOCALE, normalizeLocale, uiMessages, type Locale, type UiMessages } from "./messages";
export { localized, resolveI18n, withResolvedI18n, type ResolvedI18n } from "./state";
export { useUiText } from "./useUiText";
