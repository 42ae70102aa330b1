/** JSON Pointers inside one document (`#/properties/a~1b` → ["properties", "a/b"]). */
import { isPlainObject } from "./canonical.js";

/** The pointer's segments, or null when it is not a local fragment pointer. */
export function segmentsOf(ref: string): string[] | null {
  if (ref === "#" || ref === "#/") return [];
  if (!ref.startsWith("#/")) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(ref.slice(2));
  } catch {
    return null;
  }
  return decoded.split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** The value a pointer names, or undefined. */
export function resolvePointer(doc: unknown, segments: readonly string[]): unknown {
  let node: unknown = doc;
  for (const s of segments) {
    if (Array.isArray(node)) {
      if (!/^(0|[1-9]\d*)$/.test(s)) return undefined;
      node = node[Number(s)];
    } else if (isPlainObject(node)) {
      if (!Object.prototype.hasOwnProperty.call(node, s)) return undefined;
      node = node[s];
    } else {
      return undefined;
    }
  }
  return node;
}

/** Human path of segments: `properties.contact.properties.phone`. */
export function dotted(segments: readonly (string | number)[]): string {
  return segments.length ? segments.join(".") : "(root)";
}
