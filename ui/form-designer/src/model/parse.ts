/**
 * JSON Schema + UI schema → model: the inverse of serialize.ts, and the way any stored form
 * (a plugin's, one edited by hand in the JSON view) is opened in the designer.
 *
 * What the designer cannot model is kept rather than dropped: unknown keywords go to
 * `schemaExtra` / `uiExtra`, a property schema of no palette kind becomes a `custom` field, a
 * UI element of no designer type (a nested scope, a VerticalLayout inside a group, …) a `raw`
 * node, and a rule other than "field equals value" a `rawRule`. Three normalisations happen:
 * the UI schema root becomes a VerticalLayout (a root Group or Categorization is wrapped), a
 * property the UI schema does not show is appended at the end so that every property is on the
 * canvas, and a time field gets the save format the server accepts (kinds.ts TIME_SAVE_FORMAT). Malformed input is a DesignerError naming the problem; nothing is half-read.
 */
import { DesignerError } from "./errors";
import { takeText } from "./i18n";
import { ID_NUMBER_PATTERN, LIMIT_KEYWORDS, limitsOf, KINDS, PHONE_PATTERN, TIME_SAVE_FORMAT } from "./kinds";
import { keyOfScope, parseRule } from "./rules";
import { clone } from "./tree";
import {
  ATTACHMENT_TYPES,
  type AttachmentType,
  type CategoryNode,
  type ChoiceOption,
  type DesignNode,
  type FieldKind,
  type FieldNode,
  type FormModel,
} from "./types";

type Bag = Record<string, unknown>;

function isObject(v: unknown): v is Bag {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function onlyKeys(o: Bag, allowed: string[]): boolean {
  return Object.keys(o).every((k) => allowed.includes(k));
}

/** An option `{ const, title?, x-i18n?: { en: { title } } }` with a string value, else null. */
function parseOption(entry: unknown): ChoiceOption | null {
  if (!isObject(entry) || typeof entry.const !== "string" || !onlyKeys(entry, ["const", "title", "x-i18n"])) return null;
  if (entry.title !== undefined && typeof entry.title !== "string") return null;
  const holder = clone(entry);
  const label = takeText(holder, "title");
  if (Object.keys(holder).length !== 1) return null; // an x-i18n with more than en.title
  return { value: entry.const, label };
}

/** Choice options from `oneOf` consts or a string `enum`, or null when the schema has neither shape. */
function optionsFrom(s: Bag): { options: ChoiceOption[]; style?: "enum" } | null {
  if (Array.isArray(s.oneOf) && s.enum === undefined && s.oneOf.length > 0) {
    const options = s.oneOf.map(parseOption);
    return options.every((o): o is ChoiceOption => o !== null) ? { options } : null;
  }
  if (Array.isArray(s.enum) && s.oneOf === undefined && s.enum.length > 0 && s.enum.every((v) => typeof v === "string")) {
    return { options: (s.enum as string[]).map((v) => ({ value: v, label: { "zh-CN": v, en: "" } })), style: "enum" };
  }
  return null;
}

function attachmentRule(s: Bag): FieldNode["attachment"] | null {
  const rule = s["x-attachment"];
  if (!isObject(rule) || s.type !== undefined || !onlyKeys(rule, ["types", "maxBytes"])) return null;
  const types = rule.types;
  if (types !== undefined && !(Array.isArray(types) && types.every((t) => ATTACHMENT_TYPES.includes(t as AttachmentType)))) return null;
  if (rule.maxBytes !== undefined && typeof rule.maxBytes !== "number") return null;
  return clone(rule) as FieldNode["attachment"];
}

function detectKind(s: Bag, options: Bag): FieldKind {
  if (attachmentRule(s)) return "attachment";
  if (s.type === "string") {
    if (optionsFrom(s)) return "choice";
    if (s.oneOf !== undefined || s.enum !== undefined) return "custom";
    if (s.format === "email") return "email";
    if (s.format === "date") return "date";
    if (s.format === "time") return "time";
    if (s.format === "date-time") return "dateTime";
    if (s.pattern === PHONE_PATTERN) return "phone";
    if (s.pattern === ID_NUMBER_PATTERN) return "idNumber";
    return options.multi === true ? "textarea" : "text";
  }
  if (s.type === "number" || s.type === "integer" || s.type === "boolean") return s.type;
  if (s.type === "array" && s.uniqueItems === true && isObject(s.items)) {
    const items = s.items;
    if (items.type === "string" && onlyKeys(items, ["type", "oneOf", "enum"]) && optionsFrom(items)) return "multiChoice";
  }
  return "custom";
}

/** Removes the keywords that define `kind` (serialize.ts writes them back from the kind). */
const KIND_KEYWORDS: Record<FieldKind, string[]> = {
  text: ["type"], textarea: ["type"], email: ["type", "format"], date: ["type", "format"], time: ["type", "format"],
  dateTime: ["type", "format"], phone: ["type", "pattern"], idNumber: ["type", "pattern"], number: ["type"], integer: ["type"],
  boolean: ["type"], choice: ["type", "oneOf", "enum"], multiChoice: ["type", "uniqueItems", "items"], attachment: ["x-attachment"], custom: [],
};

function parseField(id: string, key: string, prop: Bag, control: Bag, required: boolean): FieldNode {
  const s = clone(prop);
  const ui = clone(control);
  delete ui.type;
  delete ui.scope;
  const options: Bag = isObject(ui.options) ? { ...ui.options } : {};
  const kind = detectKind(s, options);
  const field: FieldNode = {
    node: "field", id, key, kind,
    label: takeText(s, "title"),
    description: takeText(s, "description"),
    required,
    readOnly: s.readOnly === true,
    options: [],
    schemaExtra: {},
    uiExtra: {},
  };
  if (s.readOnly === true) delete s.readOnly;
  if (kind === "choice" || kind === "multiChoice") {
    const found = optionsFrom(kind === "choice" ? s : (s.items as Bag))!;
    field.options = found.options;
    if (found.style) field.optionStyle = found.style;
  }
  if (kind === "attachment") field.attachment = attachmentRule(s)!;
  for (const k of KIND_KEYWORDS[kind]) delete s[k];
  const limits = limitsOf(kind);
  if (limits) {
    const [minKey, maxKey] = LIMIT_KEYWORDS[limits];
    if (typeof s[minKey] === "number") (field.min = s[minKey] as number), delete s[minKey];
    if (typeof s[maxKey] === "number") (field.max = s[maxKey] as number), delete s[maxKey];
  }
  if ((kind === "text" || kind === "textarea") && typeof s.pattern === "string") (field.pattern = s.pattern), delete s.pattern;
  if (KINDS[kind].defaultValue && s.default !== undefined) (field.default = s.default), delete s.default;
  if (kind === "textarea") delete options.multi;
  if (kind === "choice" && options.format === "radio") (field.widget = "radio"), delete options.format;
  if (kind === "boolean" && options.toggle === true) (field.widget = "switch"), delete options.toggle;
  if (kind === "time" && options.timeSaveFormat === TIME_SAVE_FORMAT) delete options.timeSaveFormat;
  if (Object.keys(options).length) ui.options = options;
  else delete ui.options;
  takeRule(field, ui);
  field.schemaExtra = s;
  field.uiExtra = ui;
  return field;
}

/** Moves `element.rule` onto the node as a SimpleRule when it is one, else as a raw rule. */
function takeRule(node: DesignNode, element: Bag): void {
  if (element.rule === undefined) return;
  const simple = parseRule(element.rule);
  if (simple) node.rule = simple;
  else node.rawRule = clone(element.rule) as Bag;
  delete element.rule;
}

interface ParseState {
  properties: Record<string, Bag>;
  required: Set<string>;
  placed: Set<string>;
  /** Properties a raw element renders: they stay in the schema without a field. */
  rawScoped: Set<string>;
  nextId: number;
}

function collectScopes(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) for (const v of value) collectScopes(v, into);
  else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k === "rule") continue; // a rule reads a property, it does not show it
      if (k === "scope" && typeof v === "string") {
        const m = /^#\/properties\/([^/]+)/.exec(v);
        if (m) into.add(m[1]!);
      } else collectScopes(v, into);
    }
  }
}

function raw(state: ParseState, element: Bag): DesignNode {
  collectScopes(element, state.rawScoped);
  return { node: "raw", id: `n${state.nextId++}`, element: clone(element), uiExtra: {} };
}

function elementsOf(element: Bag, where: string): Bag[] {
  if (!Array.isArray(element.elements) || !element.elements.every(isObject)) {
    throw new DesignerError("UISCHEMA_ELEMENTS_INVALID", { where });
  }
  return element.elements as Bag[];
}

/** The rest of a layout element once type, elements, label/text and rule are taken. */
function layoutExtra(element: Bag): Bag {
  const extra = clone(element);
  delete extra.type;
  delete extra.elements;
  return extra;
}

function parseElement(state: ParseState, element: Bag, parentType: string, where: string): DesignNode {
  const type = element.type;
  if (type === "Control") {
    const scope = element.scope;
    const key = keyOfScope(scope);
    if (typeof scope !== "string") throw new DesignerError("UISCHEMA_SCOPE_UNKNOWN", { scope: String(scope), where });
    if (key === undefined) {
      const top = /^#\/properties\/([^/]+)/.exec(scope);
      if (!top || !(top[1]! in state.properties)) throw new DesignerError("UISCHEMA_SCOPE_UNKNOWN", { scope, where });
      return raw(state, element);
    }
    if (!(key in state.properties)) throw new DesignerError("UISCHEMA_SCOPE_UNKNOWN", { scope, where });
    if (state.placed.has(key)) return raw(state, element); // the same property shown twice: keep the second as is
    state.placed.add(key);
    return parseField(`n${state.nextId++}`, key, state.properties[key]!, element, state.required.has(key));
  }
  const id = `n${state.nextId++}`;
  const children = (list: Bag[], childParent: string) => list.map((el, i) => parseElement(state, el, childParent, `${where}.elements[${i}]`));
  if (type === "Label" && typeof element.text === "string") {
    const extra = layoutExtra(element);
    const node: DesignNode = { node: "label", id, text: takeText(extra, "text"), uiExtra: extra };
    takeRule(node, extra);
    return node;
  }
  if (type === "Group" && (element.label === undefined || typeof element.label === "string")) {
    const extra = layoutExtra(element);
    const node: DesignNode = { node: "group", id, label: takeText(extra, "label"), children: children(elementsOf(element, where), "group"), uiExtra: extra };
    takeRule(node, extra);
    return node;
  }
  if (type === "HorizontalLayout") {
    const extra = layoutExtra(element);
    const node: DesignNode = { node: "row", id, children: children(elementsOf(element, where), "row"), uiExtra: extra };
    takeRule(node, extra);
    return node;
  }
  if (type === "Categorization" && parentType === "root") {
    const list = elementsOf(element, where);
    if (list.every((c) => c.type === "Category" && (c.label === undefined || typeof c.label === "string"))) {
      const extra = layoutExtra(element);
      const options: Bag = isObject(extra.options) ? { ...extra.options } : {};
      const variant = options.variant === "stepper" ? "stepper" : "tabs";
      if (variant === "stepper") delete options.variant;
      if (Object.keys(options).length) extra.options = options;
      else delete extra.options;
      const node: DesignNode = { node: "categorization", id, variant, children: children(list, "categorization") as CategoryNode[], uiExtra: extra };
      takeRule(node, extra);
      return node;
    }
  }
  if (type === "Category" && parentType === "categorization") {
    const extra = layoutExtra(element);
    const node: DesignNode = { node: "category", id, label: takeText(extra, "label"), children: children(elementsOf(element, where), "category"), uiExtra: extra };
    takeRule(node, extra);
    return node;
  }
  if (typeof type !== "string") throw new DesignerError("UISCHEMA_NOT_OBJECT", { where });
  return raw(state, element);
}

export function fromSchemas(schema: unknown, uischema?: unknown): FormModel {
  if (!isObject(schema) || schema.type !== "object") throw new DesignerError("SCHEMA_NOT_OBJECT");
  const props = schema.properties ?? {};
  if (!isObject(props) || !Object.values(props).every(isObject)) throw new DesignerError("SCHEMA_PROPERTIES_INVALID");
  const schemaExtra = clone(schema);
  delete schemaExtra.type;
  delete schemaExtra.properties;
  const required = new Set<string>();
  if (Array.isArray(schema.required) && schema.required.every((r) => typeof r === "string")) {
    for (const r of schema.required as string[]) required.add(r);
    delete schemaExtra.required;
  }
  const state: ParseState = { properties: props as Record<string, Bag>, required, placed: new Set(), rawScoped: new Set(), nextId: 1 };
  const model: FormModel = { root: [], schemaExtra, rootUiExtra: {}, extraProperties: {}, extraRequired: [], nextId: 1 };

  if (uischema !== undefined && uischema !== null) {
    if (!isObject(uischema) || typeof uischema.type !== "string") throw new DesignerError("UISCHEMA_NOT_OBJECT", { where: "uischema" });
    if (uischema.type === "VerticalLayout") {
      model.root = elementsOf(uischema, "uischema").map((el, i) => parseElement(state, el, "root", `uischema.elements[${i}]`));
      model.rootUiExtra = layoutExtra(uischema);
    } else {
      model.root = [parseElement(state, uischema, "root", "uischema")];
    }
  }
  for (const [key, prop] of Object.entries(state.properties)) {
    if (state.placed.has(key)) continue;
    if (state.rawScoped.has(key)) {
      model.extraProperties[key] = clone(prop);
      if (required.has(key)) model.extraRequired.push(key);
      continue;
    }
    model.root.push(parseField(`n${state.nextId++}`, key, prop, { type: "Control", scope: `#/properties/${key}` }, required.has(key)));
  }
  // Required names that are no property at all: kept so that saving does not loosen the form.
  for (const name of required) if (!(name in state.properties) && !model.extraRequired.includes(name)) model.extraRequired.push(name);
  model.nextId = state.nextId;
  return model;
}
