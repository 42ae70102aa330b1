/**
 * A `groups` page's answer as a tree (docs/console-pages.md): the manifest names where each
 * level's groups are (`groups.path`, then `children.path` inside a group), their title and
 * items, and how an item reads (`item`). Nothing here knows what a building or a device is.
 */
export interface GroupLevel { path: string; title?: string; items?: string; children?: GroupLevel }
export interface ItemSpec { key?: string; title: string; subtitle?: string; status?: string; list?: { path: string; title: string; tag?: string; time?: string } }
export interface RootSection { path: string; title: { "zh-CN": string; en: string }; item?: ItemSpec }

export interface GroupItem { key: string; title: string; subtitle: string; status: unknown; statusField: string; list: Array<{ key: string; title: string; tag: unknown; time: unknown }> }
export interface GroupNode { key: string; title: string; items: GroupItem[]; children: GroupNode[]; depth: number }

/** A value by dot path (`summary.online`). */
export function at(value: unknown, path: string | undefined): unknown {
  if (!path) return undefined;
  let v: unknown = value;
  for (const part of path.split(".")) {
    if (!v || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

const listAt = (value: unknown, path: string | undefined): unknown[] => {
  const v = at(value, path);
  return Array.isArray(v) ? v : [];
};
const textOf = (v: unknown): string => (v === null || v === undefined ? "" : String(v));
/** The field name the last part of a path names (labels, enums and tags are by field). */
export const fieldOf = (path: string | undefined): string => (path ? path.split(".").pop()! : "");

export function itemsOf(raw: unknown[], spec: ItemSpec): GroupItem[] {
  return raw.map((row, i) => ({
    key: textOf(at(row, spec.key)) || String(i),
    title: textOf(at(row, spec.title)),
    subtitle: textOf(at(row, spec.subtitle)),
    status: at(row, spec.status),
    statusField: fieldOf(spec.status),
    list: spec.list ? listAt(row, spec.list.path).map((e, j) => ({
      key: String(j), title: textOf(at(e, spec.list!.title)), tag: at(e, spec.list!.tag), time: at(e, spec.list!.time),
    })) : [],
  }));
}

export function groupsOf(answer: unknown, level: GroupLevel | undefined, item: ItemSpec, depth = 0, prefix = ""): GroupNode[] {
  if (!level) return [];
  return listAt(answer, level.path).map((g, i) => {
    const key = `${prefix}${level.path}[${i}]`;
    return {
      key, depth,
      title: textOf(at(g, level.title ?? "name")),
      items: itemsOf(listAt(g, level.items), item),
      children: groupsOf(g, level.children, item, depth + 1, `${key}.`),
    };
  });
}

/** Items anywhere below a node (a building's devices with its units'). */
export function countItems(node: GroupNode): number {
  return node.items.length + node.children.reduce((n, c) => n + countItems(c), 0);
}
