/**
 * From the schema a designer wants for a jurisdiction to the extension stored for it: what it
 * adds and what it tightens relative to the parent form (the plugin's form plus the ancestors'
 * extensions). Anything that removes or loosens what the parent defines is refused with a coded
 * error naming the path; anything that changes it in another way (a field's type, its items)
 * too. Storing the difference rather than the whole schema is what lets the extension survive a
 * plugin upgrade: it is applied again to the new base (apply.ts).
 */
import { FormsErrors } from "../errors.js";
import { canonicalJson, isPlainObject } from "../schema/canonical.js";
import { dotted } from "../schema/pointer.js";
import {
  isAnnotation, LOWER_BOUNDS, STRUCTURE, UPPER_BOUNDS,
  type ExtensionDelta, type FieldDelta, type ObjectDelta,
} from "./keywords.js";

type Schema = Record<string, unknown>;

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);
const show = (v: unknown) => (v === undefined ? "(none)" : canonicalJson(v).slice(0, 80));

function loosens(path: readonly string[], keyword: string, base: unknown, value: unknown): never {
  throw FormsErrors.FORM_EXTENSION_LOOSENS({ path: dotted([...path, keyword]), keyword, base: show(base), value: show(value) });
}

function changes(path: readonly string[], keyword: string): never {
  throw FormsErrors.FORM_EXTENSION_CHANGES_FIELD({ path: dotted([...path, keyword]), keyword });
}

function isObjectLevel(s: Schema): boolean {
  return ["properties", "required", "additionalProperties", "definitions", "$defs"].some((k) => k in s);
}

/** One tightening keyword the extension sets, or a refusal. Returns undefined when unchanged. */
function tighten(path: readonly string[], keyword: string, base: unknown, value: unknown): unknown {
  if (same(base, value)) return undefined;
  if (value === undefined) return loosens(path, keyword, base, value);
  if (LOWER_BOUNDS.has(keyword) || UPPER_BOUNDS.has(keyword)) {
    if (typeof value !== "number") return changes(path, keyword);
    if (typeof base === "number" && (LOWER_BOUNDS.has(keyword) ? value < base : value > base)) loosens(path, keyword, base, value);
    return value;
  }
  switch (keyword) {
    case "enum": {
      if (!Array.isArray(value)) return changes(path, keyword);
      if (Array.isArray(base)) {
        const allowed = new Set(base.map(canonicalJson));
        const extra = value.filter((v) => !allowed.has(canonicalJson(v)));
        if (extra.length) loosens(path, keyword, base, value);
      }
      return value;
    }
    case "pattern":
      if (typeof value !== "string") return changes(path, keyword);
      return value;
    case "format": case "const":
      if (base !== undefined) changes(path, keyword);
      return value;
    case "multipleOf":
      if (typeof value !== "number") return changes(path, keyword);
      if (typeof base === "number" && !Number.isInteger(value / base)) loosens(path, keyword, base, value);
      return value;
    case "uniqueItems":
      if (value !== true) loosens(path, keyword, base, value);
      return value;
    case "x-attachment": {
      if (!isPlainObject(value) || (base !== undefined && !isPlainObject(base))) return changes(path, keyword);
      const b = (base ?? {}) as { types?: unknown[]; maxBytes?: number };
      const v = value as { types?: unknown[]; maxBytes?: number };
      if (b.types && (!v.types || v.types.some((t) => !b.types!.includes(t)))) loosens(path, keyword, b.types, v.types);
      if (b.maxBytes !== undefined && (v.maxBytes === undefined || v.maxBytes > b.maxBytes)) loosens(path, keyword, b.maxBytes, v.maxBytes);
      return value;
    }
  }
  return changes(path, keyword);
}

function deriveField(base: unknown, desired: unknown, path: readonly string[]): FieldDelta {
  if (!isPlainObject(base) || !isPlainObject(desired)) {
    if (!same(base, desired)) changes(path, "(schema)");
    return {};
  }
  if (!same(base.type, desired.type)) changes(path, "type");
  const out: FieldDelta = {};
  const keywords: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(base), ...Object.keys(desired)])) {
    if (key === "type" || STRUCTURE.has(key)) continue;
    const b = base[key];
    const d = desired[key];
    if (isAnnotation(key)) {
      if (d !== undefined && !same(b, d)) keywords[key] = d;
      continue;
    }
    if (LOWER_BOUNDS.has(key) || UPPER_BOUNDS.has(key) || ["enum", "pattern", "format", "const", "multipleOf", "uniqueItems", "x-attachment"].includes(key)) {
      const t = tighten(path, key, b, d);
      if (t !== undefined) keywords[key] = t;
      continue;
    }
    if (same(b, d)) continue;
    if (d === undefined) loosens(path, key, b, d);
    changes(path, key);
  }
  if (Object.keys(keywords).length) out.keywords = keywords;
  if (isObjectLevel(base) || isObjectLevel(desired)) {
    const object = deriveObject(base, desired, path);
    if (Object.keys(object).length) out.object = object;
  }
  return out;
}

function deriveObject(base: Schema, desired: Schema, path: readonly string[]): ObjectDelta {
  const out: ObjectDelta = {};
  const bp = (isPlainObject(base.properties) ? base.properties : {}) as Schema;
  const dp = (isPlainObject(desired.properties) ? desired.properties : {}) as Schema;
  for (const name of Object.keys(bp)) {
    if (!(name in dp)) throw FormsErrors.FORM_EXTENSION_REMOVES_FIELD({ path: dotted([...path, "properties", name]) });
    const field = deriveField(bp[name], dp[name], [...path, "properties", name]);
    if (Object.keys(field).length) {
      const baseType = isPlainObject(bp[name]) ? (bp[name] as Schema).type : undefined;
      (out.tighten ??= {})[name] = baseType === undefined ? field : { baseType, ...field };
    }
  }
  for (const name of Object.keys(dp)) if (!(name in bp)) (out.add ??= {})[name] = dp[name];
  const br = Array.isArray(base.required) ? base.required as string[] : [];
  const dr = Array.isArray(desired.required) ? desired.required as string[] : [];
  for (const r of br) if (!dr.includes(r)) loosens(path, "required", r, undefined);
  const added = dr.filter((r) => !br.includes(r));
  if (added.length) out.required = added;
  if (!same(base.additionalProperties, desired.additionalProperties)) {
    if (desired.additionalProperties === false && (base.additionalProperties === undefined || base.additionalProperties === true)) out.close = true;
    else if (base.additionalProperties === false) loosens(path, "additionalProperties", false, desired.additionalProperties);
    else changes(path, "additionalProperties");
  }
  for (const key of ["definitions", "$defs"] as const) {
    const bd = (isPlainObject(base[key]) ? base[key] : {}) as Schema;
    const dd = (isPlainObject(desired[key]) ? desired[key] : {}) as Schema;
    for (const name of Object.keys(bd)) {
      if (!(name in dd)) throw FormsErrors.FORM_EXTENSION_REMOVES_FIELD({ path: dotted([...path, key, name]) });
      if (!same(bd[name], dd[name])) changes([...path, key, name], "(definition)");
    }
    for (const name of Object.keys(dd)) if (!(name in bd)) ((out.defs ??= {})[key] ??= {})[name] = dd[name];
  }
  return out;
}

/** Top-level elements of a UI schema layout (a missing UI schema lays every property out in order). */
export function layoutElements(schema: Schema, uischema: unknown): unknown[] {
  if (isPlainObject(uischema)) return Array.isArray(uischema.elements) ? uischema.elements : [uischema];
  const props = isPlainObject(schema.properties) ? Object.keys(schema.properties) : [];
  return props.map((name) => controlFor(name));
}

export function controlFor(name: string): Schema {
  return { type: "Control", scope: `#/properties/${name.replace(/~/g, "~0").replace(/\//g, "~1")}` };
}

export function deriveDelta(parent: { schema: Schema; uischema: unknown }, desired: { schema: Schema; uischema?: unknown }): ExtensionDelta {
  const root = deriveField(parent.schema, desired.schema, []);
  let ui: unknown[];
  if (desired.uischema === undefined || desired.uischema === null) {
    // Without a layout of its own the console lays out every property, new ones included;
    // with one, new fields need a control each or they would not be shown.
    ui = isPlainObject(parent.uischema) ? Object.keys(root.object?.add ?? {}).map(controlFor) : [];
  } else {
    const known = new Set(layoutElements(parent.schema, parent.uischema).map(canonicalJson));
    ui = layoutElements(desired.schema, desired.uischema).filter((e) => !known.has(canonicalJson(e)));
  }
  return { root, ...(ui.length ? { ui } : {}) };
}
