/**
 * `$ref` rules for forms: only pointers into the same document (`#/…`), never another
 * document (a remote fetch, a file, another schema by id), and no cycles. A recursive schema
 * (a tree of sub-forms) cannot be rendered as a form nor bounded in size, so it is refused even
 * though JSON Schema allows it.
 */
import { FormsErrors } from "../errors.js";
import { dotted, resolvePointer, segmentsOf } from "./pointer.js";
import { walkSchema, MAX_DEPTH } from "./walk.js";

/** Keywords that make references outside the plain `#/…` pointer rule. */
const FORBIDDEN = ["$dynamicRef", "$recursiveRef", "$dynamicAnchor", "$recursiveAnchor", "$anchor", "$id"];

/** Each expansion walks its target; this bounds the work a hostile schema can ask for. */
const MAX_REFS = 500;

interface RefSite { ref: string; at: readonly string[] }

function refsIn(node: unknown): RefSite[] {
  const out: RefSite[] = [];
  walkSchema(node, (n, path) => {
    if (typeof n.$ref === "string" && !isNameMap(path)) out.push({ ref: n.$ref, at: path });
  });
  return out;
}

function isNameMap(path: readonly string[]): boolean {
  const last = path[path.length - 1];
  return last === "properties" || last === "patternProperties" || last === "definitions" || last === "$defs";
}

/** Throws FORM_SCHEMA_REMOTE_REF, FORM_SCHEMA_RECURSIVE or FORM_SCHEMA_INVALID. */
export function checkRefs(schema: unknown): void {
  const sites = refsIn(schema);
  walkSchema(schema, (n, path) => {
    if (isNameMap(path)) return;
    for (const k of FORBIDDEN) {
      // `$id` would start a new base for pointers inside it, so `#/…` would no longer mean this document.
      if (k in n) {
        throw FormsErrors.FORM_SCHEMA_INVALID({ path: dotted([...path, k]), reason: `不允许使用 ${k} / ${k} is not allowed in forms` });
      }
    }
  });
  if (sites.length > MAX_REFS) throw FormsErrors.FORM_SCHEMA_INVALID({ path: "(root)", reason: `$ref 超过 ${MAX_REFS} 个 / more than ${MAX_REFS} references` });
  for (const s of sites) {
    if (!s.ref.startsWith("#")) throw FormsErrors.FORM_SCHEMA_REMOTE_REF({ ref: s.ref.slice(0, 200), path: dotted(s.at) });
    if (segmentsOf(s.ref) === null) {
      throw FormsErrors.FORM_SCHEMA_INVALID({ path: dotted(s.at), reason: `$ref ${s.ref.slice(0, 100)} 不是 JSON 指针 / is not a JSON pointer` });
    }
  }
  // Depth-first through references; a pointer met again while it is being expanded is a cycle.
  // A pointer fully expanded once without meeting a cycle cannot be part of one later.
  const done = new Set<string>();
  const expanding: string[] = [];
  const expand = (site: RefSite): void => {
    const segments = segmentsOf(site.ref)!;
    const key = JSON.stringify(segments);
    if (expanding.includes(key)) throw FormsErrors.FORM_SCHEMA_RECURSIVE({ ref: site.ref.slice(0, 200), path: dotted(site.at) });
    if (done.has(key)) return;
    const target = resolvePointer(schema, segments);
    if (target === undefined) {
      throw FormsErrors.FORM_SCHEMA_INVALID({ path: dotted(site.at), reason: `$ref ${site.ref.slice(0, 100)} 指向不存在的位置 / points nowhere` });
    }
    if (expanding.length > MAX_DEPTH) throw FormsErrors.FORM_SCHEMA_INVALID({ path: dotted(site.at), reason: "引用层级过深 / references nest too deeply" });
    expanding.push(key);
    for (const inner of refsIn(target)) expand({ ref: inner.ref, at: [...segments, ...inner.at] });
    expanding.pop();
    done.add(key);
  };
  for (const s of sites) expand(s);
}
