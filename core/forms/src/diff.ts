/**
 * A readable difference between two versions of a form, for the console's version history:
 * a list of changed paths, each added, removed or changed, with a one-line text such as
 * `properties.phone added`, `required +phone`, `properties.age.maximum 120 → 100`. Arrays that
 * are sets in JSON Schema (`required`, `enum`, `type`) are compared as sets; UI schema elements
 * with a `scope` are matched by scope, so inserting a control does not report every later one.
 */
import { canonicalJson, isPlainObject } from "./schema/canonical.js";

export type ChangeKind = "added" | "removed" | "changed";

export interface FormChange {
  section: "title" | "schema" | "uischema";
  path: string;
  kind: ChangeKind;
  from?: unknown;
  to?: unknown;
  text: string;
}

export interface DiffSide { title: { "zh-CN": string; en: string }; schema: unknown; uischema: unknown }

const SET_KEYS = new Set(["required", "enum", "type"]);

function short(v: unknown): string {
  const s = typeof v === "string" ? v : canonicalJson(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function keyed(items: unknown[]): Map<string, unknown> | null {
  const map = new Map<string, unknown>();
  for (const item of items) {
    if (!isPlainObject(item) || typeof item.scope !== "string" || map.has(item.scope)) return null;
    map.set(item.scope, item);
  }
  return map;
}

function walk(section: FormChange["section"], path: string, a: unknown, b: unknown, out: FormChange[]): void {
  if (canonicalJson(a) === canonicalJson(b)) return;
  const label = path || "(root)";
  if (a === undefined) {
    out.push({ section, path: label, kind: "added", to: b, text: `${label} added` });
    return;
  }
  if (b === undefined) {
    out.push({ section, path: label, kind: "removed", from: a, text: `${label} removed` });
    return;
  }
  const last = path.slice(path.lastIndexOf(".") + 1);
  if (Array.isArray(a) && Array.isArray(b)) {
    if (SET_KEYS.has(last)) {
      const as = new Set(a.map(canonicalJson));
      const bs = new Set(b.map(canonicalJson));
      for (const v of b) if (!as.has(canonicalJson(v))) out.push({ section, path: label, kind: "added", to: v, text: `${label} +${short(v)}` });
      for (const v of a) if (!bs.has(canonicalJson(v))) out.push({ section, path: label, kind: "removed", from: v, text: `${label} -${short(v)}` });
      return;
    }
    const ka = keyed(a);
    const kb = keyed(b);
    if (ka && kb) {
      for (const [scope, item] of kb) walk(section, `${label}[${scope}]`, ka.get(scope), item, out);
      for (const [scope, item] of ka) if (!kb.has(scope)) walk(section, `${label}[${scope}]`, item, undefined, out);
      const order = (m: Map<string, unknown>, other: Map<string, unknown>) => [...m.keys()].filter((k) => other.has(k)).join("\n");
      if (order(ka, kb) !== order(kb, ka)) out.push({ section, path: label, kind: "changed", text: `${label} reordered` });
      return;
    }
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) walk(section, `${label}[${i}]`, a[i], b[i], out);
    return;
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    for (const key of Object.keys(b)) walk(section, join(path, key), a[key], b[key], out);
    for (const key of Object.keys(a)) if (!(key in b)) walk(section, join(path, key), a[key], undefined, out);
    return;
  }
  out.push({ section, path: label, kind: "changed", from: a, to: b, text: `${label} ${short(a)} → ${short(b)}` });
}

export function diffForms(from: DiffSide, to: DiffSide): FormChange[] {
  const out: FormChange[] = [];
  for (const lang of ["zh-CN", "en"] as const) {
    if (from.title[lang] !== to.title[lang]) {
      out.push({ section: "title", path: `title.${lang}`, kind: "changed", from: from.title[lang], to: to.title[lang], text: `title.${lang} ${short(from.title[lang])} → ${short(to.title[lang])}` });
    }
  }
  walk("schema", "", from.schema, to.schema, out);
  const uiOut: FormChange[] = [];
  walk("uischema", "", from.uischema ?? undefined, to.uischema ?? undefined, uiOut);
  for (const c of uiOut) {
    const path = c.path === "(root)" ? "uischema" : `uischema.${c.path}`;
    out.push({ ...c, path, text: c.text.replace(c.path, path) });
  }
  return out;
}
