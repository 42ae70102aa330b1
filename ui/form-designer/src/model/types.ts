/**
 * The designer's model: a tree of layout nodes whose leaves are fields. It is what the canvas
 * draws and the property panel edits; `toSchemas` turns it into a JSON Schema + JSON Forms UI
 * schema and `fromSchemas` reads one back. Every value is plain JSON-compatible data, so a model
 * can be cloned, compared and kept in an undo stack without care.
 *
 * Fields are always top-level properties of the form's object schema; containers exist only in
 * the UI schema. Anything the designer does not edit (unknown keywords, options, rules it cannot
 * express) is carried in `*Extra` / `raw*` members and written back unchanged.
 */

export type Locale = "zh-CN" | "en";

/** A text in both of the console's languages. zh-CN is the form's own text; en is optional. */
export interface LocalText {
  "zh-CN": string;
  en: string;
}

export const FIELD_KINDS = [
  "text",
  "textarea",
  "number",
  "integer",
  "boolean",
  "choice",
  "multiChoice",
  "date",
  "time",
  "dateTime",
  "email",
  "phone",
  "idNumber",
  "attachment",
] as const;

/** A field type of the palette; `custom` is any other property schema, kept as it is. */
export type FieldKind = (typeof FIELD_KINDS)[number] | "custom";

export const ATTACHMENT_TYPES = ["pdf", "png", "jpeg", "gif", "webp"] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

export interface ChoiceOption {
  value: string;
  label: LocalText;
}

export type RuleEffect = "SHOW" | "HIDE" | "ENABLE" | "DISABLE";
export const RULE_EFFECTS: readonly RuleEffect[] = ["SHOW", "HIDE", "ENABLE", "DISABLE"];

/** "SHOW/HIDE/ENABLE/DISABLE this element when field `field` equals `value`". */
export interface SimpleRule {
  effect: RuleEffect;
  field: string;
  value: unknown;
}

interface NodeBase {
  /** Designer-only identity (selection, Vue keys); never written to the schemas. */
  id: string;
  rule?: SimpleRule;
  /** A JSON Forms rule the designer cannot express as a SimpleRule: kept, editable in the JSON view. */
  rawRule?: Record<string, unknown>;
  /** Other keys of the UI schema element (options the designer does not set, `i18n`, …). */
  uiExtra: Record<string, unknown>;
}

export interface FieldNode extends NodeBase {
  node: "field";
  /** Property name in the schema: ^[a-zA-Z][a-zA-Z0-9_]*$, unique in the form. */
  key: string;
  kind: FieldKind;
  label: LocalText;
  description: LocalText;
  required: boolean;
  readOnly: boolean;
  default?: unknown;
  /** minimum/maximum, minLength/maxLength or minItems/maxItems, by kind (see kinds.ts `limitsOf`). */
  min?: number;
  max?: number;
  /** Regular expression (text and multi-line text only). */
  pattern?: string;
  /** Choice and multiple choice. */
  options: ChoiceOption[];
  /** Options came from a plain `enum`: written back as `enum` while every label is just the value. */
  optionStyle?: "enum";
  /** Choice: "radio" instead of a select. Yes/no: "switch" instead of a checkbox. */
  widget?: "radio" | "switch";
  attachment?: { types?: AttachmentType[]; maxBytes?: number };
  /** Keywords of the property schema the designer does not edit. */
  schemaExtra: Record<string, unknown>;
}

/** Static text (UI schema `Label`). */
export interface LabelNode extends NodeBase {
  node: "label";
  text: LocalText;
}

/** A titled box (UI schema `Group`). */
export interface GroupNode extends NodeBase {
  node: "group";
  label: LocalText;
  children: DesignNode[];
}

/** Side-by-side columns (UI schema `HorizontalLayout`). */
export interface RowNode extends NodeBase {
  node: "row";
  children: DesignNode[];
}

/** Tabs or steps (UI schema `Categorization`); holds categories only. */
export interface CategorizationNode extends NodeBase {
  node: "categorization";
  variant: "tabs" | "stepper";
  children: CategoryNode[];
}

export interface CategoryNode extends NodeBase {
  node: "category";
  label: LocalText;
  children: DesignNode[];
}

/** A UI schema element the designer does not model (a nested scope, ListWithDetail, …): kept as is. */
export interface RawNode extends NodeBase {
  node: "raw";
  element: Record<string, unknown>;
}

export type ContainerNode = GroupNode | RowNode | CategorizationNode | CategoryNode;
export type DesignNode = FieldNode | LabelNode | GroupNode | RowNode | CategorizationNode | CategoryNode | RawNode;
export type NodeType = DesignNode["node"];

export interface FormModel {
  /** The top-level elements (the root VerticalLayout's). */
  root: DesignNode[];
  /** Root schema keywords other than type/properties/required (additionalProperties, definitions, …). */
  schemaExtra: Record<string, unknown>;
  /** Root UI schema keys other than type/elements. */
  rootUiExtra: Record<string, unknown>;
  /**
   * Properties no field stands for, kept because a raw UI element points into them (e.g. a
   * control on `#/properties/address/properties/city`), with whether they were required.
   */
  extraProperties: Record<string, unknown>;
  extraRequired: string[];
  /** Next number for designer ids. */
  nextId: number;
}

export const emptyText = (): LocalText => ({ "zh-CN": "", en: "" });
export const text = (zh: string, en = ""): LocalText => ({ "zh-CN": zh, en });

export function emptyModel(): FormModel {
  return { root: [], schemaExtra: {}, rootUiExtra: {}, extraProperties: {}, extraRequired: [], nextId: 1 };
}

export function isContainer(node: DesignNode): node is ContainerNode {
  return node.node === "group" || node.node === "row" || node.node === "categorization" || node.node === "category";
}

/** Any zh-* locale is zh-CN; anything else is en. */
export function normalizeLocale(locale: string | undefined): Locale {
  return !locale || /^zh\b/i.test(locale) ? "zh-CN" : "en";
}

/** The text in `locale`, falling back to zh-CN (the form's own language). */
export function localText(t: LocalText, locale: Locale): string {
  return (locale === "en" ? t.en : "") || t["zh-CN"] || t.en;
}
