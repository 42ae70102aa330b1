/**
 * UI schema checks: a JSON Forms UI schema whose `scope` points at a property the schema does
 * not have would render an empty control (or throw in the console), so every scope must
 * resolve. Scopes follow `$ref`s the way JSON Forms does; a Control bound to an array resolves
 * the scopes of its `options.detail` layout against the array's item schema.
 */
import { FormsErrors } from "../errors.js";
import { isPlainObject } from "./canonical.js";
import { dotted, resolvePointer, segmentsOf } from "./pointer.js";
import { MAX_DEPTH } from "./walk.js";

/** Resolve `segments` in `schema`, following a `$ref` wherever the path does not go on directly. */
export function resolveScope(root: unknown, base: unknown, segments: readonly string[]): unknown {
  let node = base;
  for (let i = 0; i < segments.length; i++) {
    node = deref(root, node);
    if (!isPlainObject(node) && !Array.isArray(node)) return undefined;
    node = resolvePointer(node, [segments[i]]);
    if (node === undefined) return undefined;
  }
  return deref(root, node);
}

function deref(root: unknown, node: unknown, hops = 0): unknown {
  if (!isPlainObject(node) || typeof node.$ref !== "string" || hops > 32) return node;
  const segments = segmentsOf(node.$ref);
  return segments ? deref(root, resolvePointer(root, segments), hops + 1) : undefined;
}

export function checkUiSchema(schema: Record<string, unknown>, uischema: unknown): void {
  if (uischema === undefined || uischema === null) return;
  if (!isPlainObject(uischema) || typeof uischema.type !== "string") {
    throw FormsErrors.FORM_UISCHEMA_INVALID({ path: "(root)", reason: "应为带 type 的对象 / must be an object with a type" });
  }
  const visit = (node: unknown, base: unknown, path: string[]): void => {
    if (path.length > MAX_DEPTH * 2) throw FormsErrors.FORM_UISCHEMA_INVALID({ path: dotted(path), reason: "嵌套过深 / nested too deeply" });
    if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, base, [...path, String(i)]));
      return;
    }
    if (!isPlainObject(node)) return;
    let itemBase: unknown = null;
    if ("scope" in node) {
      const scope = node.scope;
      const segments = typeof scope === "string" ? segmentsOf(scope) : null;
      const target = segments ? resolveScope(schema, base, segments) : undefined;
      if (target === undefined) throw FormsErrors.FORM_UISCHEMA_SCOPE_UNKNOWN({ scope: String(scope).slice(0, 200), path: dotted([...path, "scope"]) });
      if (isPlainObject(target) && isPlainObject(deref(schema, target.items))) itemBase = deref(schema, target.items);
    }
    for (const [key, value] of Object.entries(node)) {
      if (typeof value !== "object" || value === null) continue;
      if (key === "options" && itemBase && isPlainObject(value)) {
        for (const [opt, v] of Object.entries(value)) visit(v, opt === "detail" ? itemBase : base, [...path, key, opt]);
        continue;
      }
      visit(value, base, [...path, key]);
    }
  };
  visit(uischema, schema, []);
}
