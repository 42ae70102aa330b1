/** Labels of a plugin page's fields and values, from the plugin's own locale files (see docs/console-pages.md). */
import { createTranslator } from "@jsonforms/core";
import type { NavPage } from "../../api/types";
import { i18n } from "../../i18n";
import { useNavStore } from "../../stores/nav";

export type Column = { key: string; label?: string; sortable?: boolean; width?: number };

export function columnsOf(page: NavPage): Column[] {
  const raw = Array.isArray(page.options.columns) ? page.options.columns : [];
  return raw.map((c) => (typeof c === "string" ? { key: c } : (c as Column))).filter((c) => typeof c.key === "string");
}

export function usePageLabels(page: () => NavPage) {
  const nav = useNavStore();
  /** `options.i18n` is the key prefix of the page's field labels (e.g. `community.fields.device`). */
  function fieldLabel(key: string, explicit?: string): string {
    if (explicit) return explicit;
    const prefix = page().options.i18n;
    return typeof prefix === "string" ? nav.pluginText(page().plugin, `${prefix}.${key}`) : key;
  }
  /** An enum value's label: `options.enums[field]` prefix, else `<plugin>.enums.<field>.<value>`; the value itself when neither names it. */
  function valueLabel(key: string, value: unknown): string {
    if (typeof value === "boolean") {
      // A plugin may name its flags (`enums.read.true`); otherwise 是 / 否 rather than true/false.
      const enums = page().options.enums as Record<string, string> | undefined;
      const named = nav.findPluginText(page().plugin, `${enums?.[key] ?? `${page().plugin}.enums.${key}`}.${value}`);
      return named ?? i18n.global.t(value ? "common.yes" : "common.no");
    }
    if (typeof value !== "string") return cellText(value);
    if (ISO_INSTANT.test(value)) return instantText(value);
    // Only a word can be an enum value: a sentence or a dotted code would be read as a key path.
    if (!/^[A-Za-z0-9_-]+$/.test(value)) return value;
    const enums = page().options.enums as Record<string, string> | undefined;
    const prefix = enums?.[key] ?? `${page().plugin}.enums.${key}`;
    return nav.findPluginText(page().plugin, `${prefix}.${value}`) ?? value;
  }
  /**
   * JSON Forms' translator for the page's create/edit forms: a control's label
   * (`<field>.label`) and an enum value (`<field>.<value>`) are named as the table names them;
   * anything the plugin does not name keeps JSON Forms' own text.
   */
  const formTranslator = createTranslator((id, defaultMessage) => {
    const dot = id.indexOf(".");
    if (dot <= 0) return defaultMessage;
    const field = id.slice(0, dot);
    const rest = id.slice(dot + 1);
    const prefix = page().options.i18n;
    // A nested field (`contact.name.label`) is labelled by its own key, as on the detail page.
    const labelOf = id.endsWith(".label") ? id.slice(0, -".label".length).split(".").pop()! : null;
    if (labelOf) return typeof prefix === "string" ? nav.findPluginText(page().plugin, `${prefix}.${labelOf}`) ?? defaultMessage : defaultMessage;
    if (rest === "description" || rest.includes(".")) return defaultMessage;
    const enums = page().options.enums as Record<string, string> | undefined;
    return nav.findPluginText(page().plugin, `${enums?.[field] ?? `${page().plugin}.enums.${field}`}.${rest}`) ?? defaultMessage;
  });

  return { fieldLabel, valueLabel, formTranslator, tagType: (key: string, value: unknown) => tagTypeOf(page(), key, value) };
}

export type TagType = "success" | "info" | "warning" | "danger" | "primary";
const TAG_TYPES = new Set<string>(["success", "info", "warning", "danger", "primary"]);

/**
 * `options.tags[field][value]`: a status drawn as a coloured tag (an off-target street in red)
 * so it reads at a glance; null for a value the page does not colour.
 */
export function tagTypeOf(page: NavPage, key: string, value: unknown): TagType | null {
  if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") return null;
  const tags = page.options.tags as Record<string, Record<string, string>> | undefined;
  const type = tags?.[key]?.[String(value)];
  return type && TAG_TYPES.has(type) ? (type as TagType) : null;
}

/** An instant as the server sends it (`2021-06-18T02:00:00.000Z`). */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** The browser's wall time (officials' machines run on Beijing time), `2021-06-18 10:00`. */
export function instantText(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** A cell's text: lists joined, objects as JSON, empty as a dash. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (Array.isArray(value)) return value.map(cellText).join("、");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}
