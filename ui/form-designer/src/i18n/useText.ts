import { computed, inject, provide, type ComputedRef, type InjectionKey } from "vue";
import { normalizeLocale, type Locale } from "../model/types";
import { format, messages, type MessageKey } from "./messages";

export type TextFn = (key: MessageKey, params?: Record<string, unknown>) => string;

const LOCALE: InjectionKey<ComputedRef<Locale>> = Symbol("anju-form-designer-locale");

export function textFor(locale: Locale): TextFn {
  return (key, params) => format(messages[locale][key], params);
}

/**
 * Called by each top-level component with its `locale` prop; children read it with useText().
 * The caller itself uses what this returns (inject never sees a component's own provide).
 */
export function provideLocale(locale: () => string | undefined): { t: TextFn; locale: ComputedRef<Locale> } {
  const normalized = computed(() => normalizeLocale(locale()));
  provide(LOCALE, normalized);
  return { t: (key, params) => format(messages[normalized.value][key], params), locale: normalized };
}

export function useText(): { t: TextFn; locale: ComputedRef<Locale> } {
  const locale = inject(LOCALE, computed<Locale>(() => "zh-CN"));
  const t: TextFn = (key, params) => format(messages[locale.value][key], params);
  return { t, locale };
}
