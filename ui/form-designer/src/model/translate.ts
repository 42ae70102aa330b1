/**
 * A JSON Forms `translate` function that reads the `x-i18n` annotations (see i18n.ts) of
 * whatever JSON Forms is labelling. JSON Forms passes the labelled object in the call's context:
 *
 *   control label / description   key `<path>.label` / `<path>.description`, context { schema, uischema, path }
 *   Group, Category label         key = the label (no i18n key set), context { uischema }
 *   Label text                    key = the text, context { uischema }
 *   oneOf option title            key `<path>.<title>`, context { schema: the option }
 *
 * so no key table is needed and a form stays one self-contained document. zh-CN is the text in
 * the schema itself: for it (and for anything without a translation) the default text stands.
 */
import type { Translator } from "@jsonforms/core";
import { I18N_KEY } from "./i18n";
import type { Locale } from "./types";

type Bag = Record<string, unknown>;

function annotation(holder: unknown, locale: Locale, member: string): string | undefined {
  if (typeof holder !== "object" || holder === null) return undefined;
  const bag = (holder as Bag)[I18N_KEY] as Bag | undefined;
  const texts = bag && typeof bag === "object" ? (bag[locale] as Bag | undefined) : undefined;
  const value = texts && typeof texts === "object" ? texts[member] : undefined;
  return typeof value === "string" && value ? value : undefined;
}

export function createFormTranslator(locale: Locale, fallback?: Translator): Translator {
  const translate = (key: string, defaultMessage: string | undefined, context?: Bag): string | undefined => {
    const own = locale === "zh-CN" ? undefined : lookup(key, context, locale);
    if (own !== undefined) return own;
    return fallback ? fallback(key, defaultMessage as string, context) : defaultMessage;
  };
  return translate as Translator;
}

function lookup(key: string, context: Bag | undefined, locale: Locale): string | undefined {
  if (!context || context.error !== undefined) return undefined;
  const { schema, uischema } = context;
  if (schema !== undefined && uischema !== undefined) {
    // A control: the key says which text. A label set on the control itself wins over the schema's title.
    if (key.endsWith(".label")) return annotation(uischema, locale, "label") ?? annotation(schema, locale, "title");
    if (key.endsWith(".description")) return annotation(schema, locale, "description");
    return undefined;
  }
  if (uischema !== undefined) {
    const type = (uischema as Bag).type;
    return annotation(uischema, locale, type === "Label" ? "text" : "label");
  }
  if (schema !== undefined) return annotation(schema, locale, "title");
  return undefined;
}
