export { format, messages, type MessageKey } from "./messages";
export { provideLocale, textFor, useText, type TextFn } from "./useText";
