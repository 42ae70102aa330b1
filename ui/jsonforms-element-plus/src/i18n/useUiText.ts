import { computed, type ComputedRef } from "vue";
import { useJsonForms } from "@jsonforms/vue";
import { uiMessages, type UiMessages } from "./messages";
import { resolveI18n } from "./state";

export type UiText = (key: keyof UiMessages) => string;

/**
 * Text for the renderer's own chrome. `<i18nKeyPrefix>.<key>` is asked first so a consumer can
 * change the wording per control, then the built-in zh-CN / en table answers.
 */
export const useUiText = (i18nKeyPrefix: () => string | undefined): ComputedRef<UiText> => {
  const jsonforms = useJsonForms();
  return computed(() => {
    const { locale, translate } = resolveI18n(jsonforms.i18n);
    const prefix = i18nKeyPrefix();
    const table = uiMessages[locale];
    return (key) => {
      const fallback = table[key];
      return (prefix ? translate(`${prefix}.${key}`, fallback) : translate(key, fallback)) ?? fallback;
    };
  });
};
