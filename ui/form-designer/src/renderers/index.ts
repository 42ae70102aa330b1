/**
 * The renderers the designer's preview and the fill view use: the Element Plus set plus the
 * attachment control, and the i18n object that puts a form's own English (x-i18n) on screen.
 */
import { markRaw } from "vue";
import { and, isControl, rankWith, schemaMatches, type JsonFormsI18nState, type JsonFormsRendererRegistryEntry, type Translator } from "@jsonforms/core";
import { createErrorTranslator, createI18n, elementPlusRenderers } from "@anju/jsonforms-element-plus";
import { createFormTranslator } from "../model/translate";
import { normalizeLocale } from "../model/types";
import AttachmentControl from "./AttachmentControl.vue";

const hasAttachment = schemaMatches((schema) => typeof (schema as Record<string, unknown>)["x-attachment"] === "object");

/** Rank 10: above every entry of the set (their top is 6), as the set's README suggests for additions. */
export const attachmentRendererEntry: JsonFormsRendererRegistryEntry = {
  renderer: markRaw(AttachmentControl),
  tester: rankWith(10, and(isControl, hasAttachment)),
};

export const formRenderers: readonly JsonFormsRendererRegistryEntry[] = Object.freeze([...elementPlusRenderers, attachmentRendererEntry]);

/** ajv keyword of errors that came from the server: their message is already in the user's language. */
export const SERVER_ERROR_KEYWORD = "x-server";

/**
 * i18n for <JsonForms>: locale, labels from x-i18n, the set's error texts — except for server
 * errors passed as `additionalErrors`, which keep the message the server wrote.
 */
export function createFormI18n(locale: string, translate?: Translator): JsonFormsI18nState {
  const normalized = normalizeLocale(locale);
  const base = createI18n(normalized, createFormTranslator(normalized, translate));
  const local = createErrorTranslator(normalized);
  return {
    ...base,
    translateError: (error, t, uischema) => (error.keyword === SERVER_ERROR_KEYWORD ? (error.message ?? "") : local(error, t, uischema)),
  };
}
