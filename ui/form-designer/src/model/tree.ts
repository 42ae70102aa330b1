/**
 * Placing nodes: find, insert, move, remove. Every operation returns a new model and leaves its
 * input untouched, so the designer can keep the previous one for undo and Vue sees one change.
 *
 * Where things may go: a categorization only at the top level and holding categories only; a
 * category only in a categorization; everything else anywhere but directly in a categorization.
 */
import { DesignerError } from "./errors";
import type { DesignNode, FormModel, NodeType } from "./types";
import { isContainer } from "./types";

/** `null` is the top level. */
export type ParentId = string | null;

export interface Located {
  node: DesignNode;
  parent: DesignNode | null;
  siblings: DesignNode[];
  index: number;
}

export function clone<T>(value: T): T {
  // Models are plain JSON data; JSON cloning also strips Vue proxies and undefined members.
  return JSON.parse(JSON.stringify(value)) as T;
}

function childrenOf(node: DesignNode): DesignNode[] | undefined {
  return isContainer(node) ? (node.children as DesignNode[]) : undefined;
}

/** Depth-first, in display order. */
export function* walkNodes(nodes: DesignNode[], parent: DesignNode | null = null): Generator<Located> {
  for (let index = 0; index < nodes.length; index++) {
    const node = nodes[index]!;
    yield { node, parent, siblings: nodes, index };
    const children = childrenOf(node);
    if (children) yield* walkNodes(children, node);
  }
}

export function locate(model: FormModel, id: string): Located | undefined {
  for (const entry of walkNodes(model.root)) if (entry.node.id === id) return entry;
  return undefined;
}

export function findNode(model: FormModel, id: string): DesignNode | undefined {
  return locate(model, id)?.node;
}

export function canPlace(child: NodeType, parent: NodeType | "root"): boolean {
  if (child === "category") return parent === "categorization";
  if (parent === "categorization") return false;
  if (child === "categorization") return parent === "root";
  return parent === "root" || parent === "group" || parent === "row" || parent === "category";
}

function listOf(model: FormModel, parentId: ParentId): { list: DesignNode[]; type: NodeType | "root" } {
  if (parentId === null) return { list: model.root, type: "root" };
  const parent = findNode(model, parentId);
  if (!parent) throw new DesignerError("NODE_NOT_FOUND", { id: parentId });
  const list = childrenOf(parent);
  if (!list) throw new DesignerError("NOT_A_CONTAINER", { id: parentId });
  return { list, type: parent.node };
}

/** Inserts `node` (with fresh ids already) under `parentId` at `index` (default: the end). */
export function insertNode(model: FormModel, node: DesignNode, parentId: ParentId, index?: number): FormModel {
  const next = clone(model);
  const { list, type } = listOf(next, parentId);
  if (!canPlace(node.node, type)) throw new DesignerError("PLACEMENT_NOT_ALLOWED", { node: node.node, parent: type });
  const at = index === undefined ? list.length : Math.max(0, Math.min(index, list.length));
  list.splice(at, 0, clone(node));
  return next;
}

function contains(node: DesignNode, id: string): boolean {
  const children = childrenOf(node);
  if (!children) return false;
  for (const entry of walkNodes(children)) if (entry.node.id === id) return true;
  return false;
}

/**
 * Moves node `id` under `parentId` to position `index`, where `index` counts the target list as
 * it is now, before the node leaves its place (what a drop zone between two items knows).
 */
export function moveNode(model: FormModel, id: string, parentId: ParentId, index: number): FormModel {
  const from = locate(model, id);
  if (!from) throw new DesignerError("NODE_NOT_FOUND", { id });
  if (parentId === id || (parentId !== null && contains(from.node, parentId))) {
    throw new DesignerError("PLACEMENT_NOT_ALLOWED", { node: from.node.node, parent: "itself" });
  }
  const next = clone(model);
  const source = locate(next, id)!;
  const target = listOf(next, parentId);
  if (!canPlace(source.node.node, target.type)) throw new DesignerError("PLACEMENT_NOT_ALLOWED", { node: source.node.node, parent: target.type });
  let at = Math.max(0, Math.min(index, target.list.length));
  if (source.siblings === target.list && source.index < at) at -= 1;
  source.siblings.splice(source.index, 1);
  target.list.splice(at, 0, source.node);
  return next;
}

/** One step up (-1) or down (+1) among its siblings; at either end nothing changes. */
export function moveBy(model: FormModel, id: string, delta: -1 | 1): FormModel {
  const at = locate(model, id);
  if (!at) throw new DesignerError("NODE_NOT_FOUND", { id });
  const to = at.index + delta;
  if (to < 0 || to >= at.siblings.length) return model;
  const next = clone(model);
  const here = locate(next, id)!;
  const [node] = here.siblings.splice(here.index, 1);
  here.siblings.splice(to, 0, node!);
  return next;
}

/** Where a new node should go given the current selection: into a selected container, else after the selected node. */
export function insertionPoint(model: FormModel, selectedId: string | null, type: NodeType): { parentId: ParentId; index?: number } {
  if (selectedId) {
    const at = locate(model, selectedId);
    if (at) {
      if (isContainer(at.node) && canPlace(type, at.node.node)) return { parentId: at.node.id };
      const parentType = at.parent?.node ?? "root";
      if (canPlace(type, parentType)) return { parentId: at.parent?.id ?? null, index: at.index + 1 };
      // A field selected inside a category cannot take a sibling categorization: walk up to the top.
    }
  }
  return { parentId: null };
}

/** Every node id under (and including) `node`. */
export function idsOf(node: DesignNode): string[] {
  const children = childrenOf(node);
  return [node.id, ...(children ? [...walkNodes(children)].map((e) => e.node.id) : [])];
}
