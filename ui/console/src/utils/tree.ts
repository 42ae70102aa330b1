/** The flat jurisdiction list (each with parentCode) as a tree for el-tree / el-tree-select. */
import type { Jurisdiction } from "../api/types";

export interface JurisdictionNode { value: string; label: string; level: string; children?: JurisdictionNode[] }

export function jurisdictionTree(list: readonly Jurisdiction[]): JurisdictionNode[] {
  const nodes = new Map<string, JurisdictionNode>();
  for (const j of list) nodes.set(j.code, { value: j.code, label: j.name, level: j.level });
  const roots: JurisdictionNode[] = [];
  for (const j of list) {
    const node = nodes.get(j.code)!;
    const parent = j.parentCode ? nodes.get(j.parentCode) : undefined;
    // A node whose parent the user cannot see is a root of what they can see.
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}

/** Dotted path lookup in a nested messages object (`community.fields.device.name`). */
export function lookup(messages: unknown, key: string): string | undefined {
  let cur: unknown = messages;
  for (const part of key.split(".")) {
    if (!cur || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return typeof cur === "string" ? cur : undefined;
}
