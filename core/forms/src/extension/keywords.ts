/**
 * How an extension may touch each JSON Schema keyword of a field the base form defines.
 *   lower bounds  may rise       (minimum, minLength, …)
 *   upper bounds  may fall       (maximum, maxLength, …)
 *   enum          may shrink     (a subset of the base's values)
 *   pattern       is added       (the base's pattern still applies: both must match)
 *   format/const/multipleOf/uniqueItems/x-attachment may be added or narrowed, never changed or dropped
 *   annotations   may change     (title, description, default, examples, x-*)
 *   anything else must stay exactly as the base has it (type, items, $ref, allOf, …)
 */
export const LOWER_BOUNDS = new Set(["minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties"]);
export const UPPER_BOUNDS = new Set(["maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties"]);
export const NARROWING = new Set(["enum", "pattern", "format", "const", "multipleOf", "uniqueItems", "x-attachment"]);
export const ANNOTATIONS = new Set(["title", "description", "default", "examples", "$comment", "readOnly", "writeOnly"]);
/** Structure an extension works on keyword by keyword rather than as a whole. */
export const STRUCTURE = new Set(["properties", "required", "additionalProperties", "definitions", "$defs"]);

export function isAnnotation(keyword: string): boolean {
  return ANNOTATIONS.has(keyword) || (keyword.startsWith("x-") && keyword !== "x-attachment");
}

export function isTightening(keyword: string): boolean {
  return LOWER_BOUNDS.has(keyword) || UPPER_BOUNDS.has(keyword) || NARROWING.has(keyword);
}

/** What an extension stores for one object level of the schema. */
export interface ObjectDelta {
  /** New properties, whole. */
  add?: Record<string, unknown>;
  /** Existing properties made stricter (or re-labelled). */
  tighten?: Record<string, FieldDelta>;
  /** Names added to `required`. */
  required?: string[];
  /** An open object closed (`additionalProperties: false`). */
  close?: true;
  /** New entries under `definitions` / `$defs` (for new fields that `$ref` them). */
  defs?: { definitions?: Record<string, unknown>; $defs?: Record<string, unknown> };
}

export interface FieldDelta {
  /** The base field's `type` when the extension was made: a base that changes it is a conflict. */
  baseType?: unknown;
  keywords?: Record<string, unknown>;
  object?: ObjectDelta;
}

export interface ExtensionDelta {
  /** The form's root object, treated like any field. */
  root: FieldDelta;
  /** UI elements appended to the base layout's root `elements`. */
  ui?: unknown[];
}

export type ConflictKind =
  | "FIELD_DEFINED_BY_BASE" | "FIELD_REMOVED_FROM_BASE" | "TYPE_CHANGED" | "KEYWORD_CHANGED"
  | "ENUM_EMPTY" | "REQUIRED_FIELD_MISSING" | "DEFINITION_CHANGED" | "UI_SCOPE_MISSING" | "BASE_NOT_OBJECT" | "RESULT_INVALID";

export interface Conflict {
  path: string;
  kind: ConflictKind;
  messages: { "zh-CN": string; en: string };
}

const TEXT: Record<ConflictKind, { "zh-CN": string; en: string }> = {
  FIELD_DEFINED_BY_BASE: { "zh-CN": "基础表单现在也定义了此字段，且与扩展不同", en: "the base form now defines this field too, differently" },
  FIELD_REMOVED_FROM_BASE: { "zh-CN": "扩展收紧的字段已不在基础表单中", en: "the field the extension tightens is no longer in the base form" },
  TYPE_CHANGED: { "zh-CN": "基础表单改变了此字段的类型", en: "the base form changed this field's type" },
  KEYWORD_CHANGED: { "zh-CN": "基础表单的规则与扩展的规则不相容", en: "the base form's rule and the extension's rule are incompatible" },
  ENUM_EMPTY: { "zh-CN": "基础表单的可选值与扩展的可选值没有交集", en: "the base form's allowed values and the extension's have nothing in common" },
  REQUIRED_FIELD_MISSING: { "zh-CN": "扩展要求必填的字段已不存在", en: "a field the extension makes required no longer exists" },
  DEFINITION_CHANGED: { "zh-CN": "基础表单现在也定义了同名的 definitions 条目，且不同", en: "the base form now has a different definition of the same name" },
  UI_SCOPE_MISSING: { "zh-CN": "扩展的界面元素指向已不存在的字段", en: "a UI element of the extension points at a field that no longer exists" },
  BASE_NOT_OBJECT: { "zh-CN": "此字段在基础表单中已不是对象", en: "the field is no longer an object in the base form" },
  RESULT_INVALID: { "zh-CN": "合并后的表单结构无效", en: "the merged form schema is invalid" },
};

export function conflict(path: string, kind: ConflictKind): Conflict {
  return { path, kind, messages: TEXT[kind] };
}
