/**
 * vue-i18n with zh-CN first and English; the choice is remembered per browser. Element Plus's
 * own texts (pagination, date pickers, dialogs) follow the same choice through App.vue's
 * ElConfigProvider, and every API request carries it so server messages match.
 */
import { createI18n } from "vue-i18n";
import zhCN from "./locales/zh-CN.json";
import en from "./locales/en.json";
import type { I18nText, Locale } from "./api/types";

export const LOCALES: readonly Locale[] = ["zh-CN", "en"];
const STORAGE_KEY = "anju.locale";

function initialLocale(): Locale {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (saved === "en" || saved === "zh-CN") return saved;
  } catch { /* storage blocked: use the default */ }
  return "zh-CN";
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: "zh-CN",
  messages: { "zh-CN": zhCN, en },
  missingWarn: false,
  fallbackWarn: false,
});

export function currentLocale(): Locale {
  return i18n.global.locale.value as Locale;
}

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch { /* not remembered: fine */ }
}

/** A `{ "zh-CN", en }` text from the server in the current language. */
export function pick(text: I18nText | null | undefined, locale: Locale = currentLocale()): string {
  if (!text) return "";
  return text[locale] || text["zh-CN"] || text.en || "";
}
