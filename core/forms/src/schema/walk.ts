/**
 * Visit every subschema of a JSON Schema document (not following `$ref`). Values of data
 * keywords (`enum`, `const`, `default`, `examples`) are data, not schemas, and are skipped, so
 * an enum value that happens to look like `{"$ref": …}` is not mistaken for a reference.
 */
import { isPlainObject } from "./canonical.js";

const DATA_KEYWORDS = new Set(["enum", "const", "default", "examples"]);

export const MAX_DEPTH = 64;

export type Visitor = (node: Record<string, unknown>, path: readonly string[]) => void;

/** Calls `visit` for each object node; returns false when nesting exceeds MAX_DEPTH. */
export function walkSchema(root: unknown, visit: Visitor): boolean {
  let ok = true;
  const step = (node: unknown, path: string[]): void => {
    if (!ok) return;
    if (path.length > MAX_DEPTH * 2) {
      ok = false;
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((item, i) => step(item, [...path, String(i)]));
      return;
    }
    if (!isPlainObject(node)) return;
    visit(node, path);
    for (const [key, value] of Object.entries(node)) {
      if (DATA_KEYWORDS.has(key) && !isPropertyMap(path)) continue;
      if (typeof value === "object" && value !== null) step(value, [...path, key]);
    }
  };
  step(root, []);
  return ok;
}

/** Under `properties` (or `definitions`…) the keys are names, so `enum` there is a field name. */
function isPropertyMap(path: readonly string[]): boolean {
  const last = path[path.length - 1];
  return last === "properties" || last === "patternProperties" || last === "definitions" || last === "$defs" || last === "dependencies";
}

/** Every `properties` entry at every level (a form's field count). */
export function countProperties(root: unknown): number {
  let n = 0;
  walkSchema(root, (node, path) => {
    if (isPropertyMap(path)) return;
    for (const key of ["properties", "patternProperties"]) {
      const map = node[key];
      if (isPlainObject(map)) n += Object.keys(map).length;
    }
  });
  return n;
}
