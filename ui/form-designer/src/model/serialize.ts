/**
 * Model → JSON Schema (draft-07) + JSON Forms UI schema. The schema is a flat object of the
 * fields in display order (plus kept `extraProperties`); the UI schema is a VerticalLayout whose
 * elements mirror the canvas. parse.ts is the inverse: for any model, fromSchemas(toSchemas(m))
 * gives the same model back (ids aside).
 */
import { putText } from "./i18n";
import { ID_NUMBER_PATTERN, LIMIT_KEYWORDS, limitsOf, PHONE_PATTERN, TIME_SAVE_FORMAT } from "./kinds";
import { scopeOf, toJsonFormsRule } from "./rules";
import { clone, walkNodes } from "./tree";
import type { ChoiceOption, DesignNode, FieldNode, FormModel } from "./types";

type Bag = Record<string, unknown>;

export interface FormSchemas {
  schema: Bag & { type: "object"; properties: Record<string, Bag> };
  uischema: Bag & { type: string; elements: Bag[] };
}

function optionSchema(o: ChoiceOption): Bag {
  const s: Bag = { const: o.value };
  putText(s, "title", o.label);
  return s;
}

/** Options as `enum` only when they came from one and nobody has given them labels since. */
function optionsSchema(f: FieldNode): Bag {
  const plain = f.optionStyle === "enum" && f.options.every((o) => o.label["zh-CN"] === o.value && !o.label.en);
  return plain ? { enum: f.options.map((o) => o.value) } : { oneOf: f.options.map(optionSchema) };
}

/** The keywords that make a field what its kind says. */
function kindSchema(f: FieldNode): Bag {
  switch (f.kind) {
    case "text":
    case "textarea":
      return { type: "string" };
    case "email":
      return { type: "string", format: "email" };
    case "date":
      return { type: "string", format: "date" };
    case "time":
      return { type: "string", format: "time" };
    case "dateTime":
      return { type: "string", format: "date-time" };
    case "phone":
      return { type: "string", pattern: PHONE_PATTERN };
    case "idNumber":
      return { type: "string", pattern: ID_NUMBER_PATTERN };
    case "number":
      return { type: "number" };
    case "integer":
      return { type: "integer" };
    case "boolean":
      return { type: "boolean" };
    case "choice":
      return { type: "string", ...optionsSchema(f) };
    case "multiChoice":
      return { type: "array", uniqueItems: true, items: { type: "string", ...optionsSchema(f) } };
    case "attachment":
      return { "x-attachment": clone(f.attachment ?? {}) };
    case "custom":
      return {};
  }
}

export function fieldSchema(f: FieldNode): Bag {
  const s: Bag = { ...kindSchema(f), ...clone(f.schemaExtra) };
  putText(s, "title", f.label);
  putText(s, "description", f.description);
  const limits = limitsOf(f.kind);
  if (limits) {
    const [minKey, maxKey] = LIMIT_KEYWORDS[limits];
    if (f.min !== undefined) s[minKey] = f.min;
    if (f.max !== undefined) s[maxKey] = f.max;
  }
  if ((f.kind === "text" || f.kind === "textarea") && f.pattern) s.pattern = f.pattern;
  if (f.default !== undefined && f.kind !== "custom") s.default = clone(f.default);
  if (f.readOnly) s.readOnly = true;
  return s;
}

function withRule(element: Bag, node: DesignNode): Bag {
  if (node.rule) element.rule = toJsonFormsRule(node.rule);
  else if (node.rawRule) element.rule = clone(node.rawRule);
  return element;
}

function controlElement(f: FieldNode): Bag {
  const el: Bag = { type: "Control", scope: scopeOf(f.key), ...clone(f.uiExtra) };
  const options: Bag = { ...((el.options as Bag | undefined) ?? {}) };
  if (f.kind === "textarea") options.multi = true;
  if (f.kind === "choice" && f.widget === "radio") options.format = "radio";
  if (f.kind === "boolean" && f.widget === "switch") options.toggle = true;
  if (f.kind === "time") options.timeSaveFormat = TIME_SAVE_FORMAT;
  if (Object.keys(options).length) el.options = options;
  else delete el.options;
  return withRule(el, f);
}

function element(node: DesignNode): Bag {
  switch (node.node) {
    case "field":
      return controlElement(node);
    case "raw":
      return clone(node.element);
    case "label": {
      const el: Bag = { type: "Label", ...clone(node.uiExtra) };
      putText(el, "text", node.text);
      if (el.text === undefined) el.text = "";
      return withRule(el, node);
    }
    case "group": {
      const el: Bag = { type: "Group", ...clone(node.uiExtra) };
      putText(el, "label", node.label);
      el.elements = node.children.map(element);
      return withRule(el, node);
    }
    case "row":
      return withRule({ type: "HorizontalLayout", ...clone(node.uiExtra), elements: node.children.map(element) }, node);
    case "categorization": {
      const el: Bag = { type: "Categorization", ...clone(node.uiExtra), elements: node.children.map(element) };
      const options: Bag = { ...((el.options as Bag | undefined) ?? {}) };
      if (node.variant === "stepper") options.variant = "stepper";
      if (Object.keys(options).length) el.options = options;
      return withRule(el, node);
    }
    case "category": {
      const el: Bag = { type: "Category", ...clone(node.uiExtra) };
      putText(el, "label", node.label);
      el.elements = node.children.map(element);
      return withRule(el, node);
    }
  }
}

export function toSchemas(model: FormModel): FormSchemas {
  const properties: Record<string, Bag> = {};
  const required: string[] = [];
  for (const { node } of walkNodes(model.root)) {
    if (node.node !== "field") continue;
    properties[node.key] = fieldSchema(node);
    if (node.required) required.push(node.key);
  }
  for (const [key, prop] of Object.entries(model.extraProperties)) properties[key] = clone(prop) as Bag;
  for (const key of model.extraRequired) if (!required.includes(key)) required.push(key);
  const schema: FormSchemas["schema"] = { type: "object", ...clone(model.schemaExtra), properties };
  if (required.length) schema.required = required;
  const uischema: FormSchemas["uischema"] = { type: "VerticalLayout", ...clone(model.rootUiExtra), elements: model.root.map(element) };
  return { schema, uischema };
}
