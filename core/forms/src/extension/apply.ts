/**
 * Apply a stored extension to a parent form (the plugin's current version plus the ancestors'
 * extensions). Tightenings combine with what the parent has now, always toward the stricter
 * rule, so a base that became stricter by itself is simply kept. Where the two cannot be
 * combined (the base now defines a field the extension adds, differently; a tightened field is
 * gone or changed type) the result is a list of conflicts, never a silent merge.
 */
import { FormsErrors } from "../errors.js";
import { canonicalJson, clone, isPlainObject } from "../schema/canonical.js";
import { dotted } from "../schema/pointer.js";
import { checkUiSchema } from "../schema/uischema.js";
import { layoutElements } from "./derive.js";
import { conflict, isAnnotation, LOWER_BOUNDS, UPPER_BOUNDS, type Conflict, type ExtensionDelta, type FieldDelta, type ObjectDelta } from "./keywords.js";

type Schema = Record<string, unknown>;

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

export interface Applied { schema: Schema; uischema: Schema | null; conflicts: Conflict[] }

function applyKeyword(target: Schema, key: string, value: unknown, path: readonly string[], out: Conflict[]): void {
  const current = target[key];
  if (isAnnotation(key)) {
    target[key] = clone(value);
  } else if (LOWER_BOUNDS.has(key)) {
    target[key] = typeof current === "number" ? Math.max(current, value as number) : value;
  } else if (UPPER_BOUNDS.has(key)) {
    target[key] = typeof current === "number" ? Math.min(current, value as number) : value;
  } else if (key === "enum") {
    if (!Array.isArray(current)) target.enum = clone(value);
    else {
      const mine = new Set((value as unknown[]).map(canonicalJson));
      const both = current.filter((v) => mine.has(canonicalJson(v)));
      if (both.length === 0) out.push(conflict(dotted([...path, key]), "ENUM_EMPTY"));
      else target.enum = both;
    }
  } else if (key === "pattern") {
    // Both patterns must hold: the base's stays, the extension's is added beside it.
    if (current === undefined) target.pattern = value;
    else if (current !== value) {
      const allOf = Array.isArray(target.allOf) ? target.allOf : [];
      if (!allOf.some((s) => isPlainObject(s) && s.pattern === value)) target.allOf = [...allOf, { pattern: value }];
    }
  } else if (key === "format" || key === "const") {
    if (current === undefined) target[key] = clone(value);
    else if (!same(current, value)) out.push(conflict(dotted([...path, key]), "KEYWORD_CHANGED"));
  } else if (key === "multipleOf") {
    if (typeof current !== "number" || Number.isInteger((value as number) / current)) target.multipleOf = value;
    else out.push(conflict(dotted([...path, key]), "KEYWORD_CHANGED"));
  } else if (key === "uniqueItems") {
    target.uniqueItems = true;
  } else if (key === "x-attachment") {
    if (!isPlainObject(current)) {
      out.push(conflict(dotted([...path, key]), "KEYWORD_CHANGED"));
      return;
    }
    const v = value as { types?: string[]; maxBytes?: number };
    const next: { types?: string[]; maxBytes?: number } = { ...(current as object) };
    if (v.types) next.types = Array.isArray(next.types) ? next.types.filter((t) => v.types!.includes(t)) : [...v.types];
    if (v.maxBytes !== undefined) next.maxBytes = next.maxBytes === undefined ? v.maxBytes : Math.min(next.maxBytes, v.maxBytes);
    if (next.types && next.types.length === 0) out.push(conflict(dotted([...path, key]), "KEYWORD_CHANGED"));
    else target[key] = next;
  }
}

function applyField(target: unknown, delta: FieldDelta, path: readonly string[], out: Conflict[]): void {
  if (!isPlainObject(target)) {
    out.push(conflict(dotted(path), "TYPE_CHANGED"));
    return;
  }
  if (delta.baseType !== undefined && !same(target.type, delta.baseType)) {
    out.push(conflict(dotted([...path, "type"]), "TYPE_CHANGED"));
    return;
  }
  for (const [key, value] of Object.entries(delta.keywords ?? {})) applyKeyword(target, key, value, path, out);
  if (delta.object) applyObject(target, delta.object, path, out);
}

function applyObject(target: Schema, delta: ObjectDelta, path: readonly string[], out: Conflict[]): void {
  if (target.type !== undefined && target.type !== "object") {
    out.push(conflict(dotted(path), "BASE_NOT_OBJECT"));
    return;
  }
  const props = (isPlainObject(target.properties) ? target.properties : (target.properties = {})) as Schema;
  for (const [name, schema] of Object.entries(delta.add ?? {})) {
    if (!(name in props)) props[name] = clone(schema);
    else if (!same(props[name], schema)) out.push(conflict(dotted([...path, "properties", name]), "FIELD_DEFINED_BY_BASE"));
  }
  for (const [name, field] of Object.entries(delta.tighten ?? {})) {
    if (!(name in props)) out.push(conflict(dotted([...path, "properties", name]), "FIELD_REMOVED_FROM_BASE"));
    else applyField(props[name], field, [...path, "properties", name], out);
  }
  if (delta.required?.length) {
    const required = Array.isArray(target.required) ? [...target.required as string[]] : [];
    for (const r of delta.required) {
      if (!(r in props)) out.push(conflict(dotted([...path, "required", r]), "REQUIRED_FIELD_MISSING"));
      else if (!required.includes(r)) required.push(r);
    }
    target.required = required;
  }
  if (delta.close) target.additionalProperties = false;
  for (const key of ["definitions", "$defs"] as const) {
    const add = delta.defs?.[key];
    if (!add) continue;
    const defs = (isPlainObject(target[key]) ? target[key] : (target[key] = {})) as Schema;
    for (const [name, schema] of Object.entries(add)) {
      if (!(name in defs)) defs[name] = clone(schema);
      else if (!same(defs[name], schema)) out.push(conflict(dotted([...path, key, name]), "DEFINITION_CHANGED"));
    }
  }
}

/** The parent's layout with the extension's elements appended (a parent without one gets its default layout first). */
function applyUi(parentSchema: Schema, schema: Schema, parentUi: unknown, ui: unknown[] | undefined, out: Conflict[]): Schema | null {
  if (!ui?.length) return isPlainObject(parentUi) ? clone(parentUi) : null;
  ui.forEach((element, i) => {
    try {
      checkUiSchema(schema, { type: "VerticalLayout", elements: [element] });
    } catch {
      out.push(conflict(`uischema.elements+${i}`, "UI_SCOPE_MISSING"));
    }
  });
  if (isPlainObject(parentUi) && Array.isArray(parentUi.elements)) {
    return { ...clone(parentUi), elements: [...clone(parentUi.elements), ...clone(ui)] };
  }
  return { type: "VerticalLayout", elements: [...clone(layoutElements(parentSchema, parentUi)), ...clone(ui)] };
}

export function applyDelta(parent: { schema: Schema; uischema: unknown }, delta: ExtensionDelta): Applied {
  const schema = clone(parent.schema);
  const conflicts: Conflict[] = [];
  applyField(schema, delta.root, [], conflicts);
  const uischema = applyUi(parent.schema, schema, parent.uischema, delta.ui, conflicts);
  return { schema, uischema, conflicts };
}

/** For a designer's save: the same application, where any conflict is a refusal. */
export function applyOrThrow(parent: { schema: Schema; uischema: unknown }, delta: ExtensionDelta): Applied {
  const applied = applyDelta(parent, delta);
  const first = applied.conflicts[0];
  if (first?.kind === "UI_SCOPE_MISSING") throw FormsErrors.FORM_UISCHEMA_SCOPE_UNKNOWN({ scope: "(extension)", path: first.path });
  if (first) throw FormsErrors.FORM_EXTENSION_CHANGES_FIELD({ path: first.path, keyword: first.kind });
  return applied;
}
