/**
 * The jurisdiction tree around a caller: its subtree plus its ancestors, so a community can be
 * placed under its street, county and city by walking parent codes (levels may be skipped: a
 * street may hang directly under a city). Read once per request from the host's jurisdiction
 * store; lookups are then in memory.
 */
import type { ServiceBroker } from "moleculer";
import { hostOf, type Jurisdiction, type Level } from "@anju/kernel";

export interface JurisdictionTree {
  get(code: string): Jurisdiction | undefined;
  /** The nearest node at `level` on the way up from `code` (itself included). */
  ancestorAt(code: string, level: Level): Jurisdiction | undefined;
  /** Nodes of `level` in the subtree of `root` (itself included), ordered by path. */
  nodesAt(root: string, level: Level): Jurisdiction[];
}

/** The subtree of `root` and its ancestors (an unknown `root` fails with the store's not-found). */
export async function treeAround(broker: ServiceBroker, root: string): Promise<JurisdictionTree> {
  const store = hostOf(broker).jurisdictions;
  const node = await store.get(root);
  const subtree = await store.list(root);
  const byCode = new Map(subtree.map((j) => [j.code, j]));
  for (const code of node.path.split("/").filter(Boolean)) {
    if (!byCode.has(code)) {
      const found = await store.find(code);
      if (found) byCode.set(code, found);
    }
  }
  return {
    get: (code) => byCode.get(code),
    ancestorAt(code, level) {
      for (let j = byCode.get(code); j; j = j.parentCode ? byCode.get(j.parentCode) : undefined) {
        if (j.level === level) return j;
      }
      return undefined;
    },
    nodesAt(rootCode, level) {
      const r = byCode.get(rootCode);
      if (!r) return [];
      return [...byCode.values()].filter((j) => j.level === level && j.path.startsWith(r.path)).sort((a, b) => a.path.localeCompare(b.path));
    },
  };
}
