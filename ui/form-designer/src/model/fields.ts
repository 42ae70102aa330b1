/**
 * Creating and editing nodes: new fields with a unique key and a default label, property
 * changes, key renames (rules follow the field), rules, and removal (rules that pointed at a
 * removed field go with it: a rule on a field that no longer exists would never fire).
 */
import { DesignerError } from "./errors";
import { ATTACHMENT_DEFAULT_BYTES, KEY_MAX_LENGTH, KEY_PATTERN, KINDS } from "./kinds";
import { clone, idsOf, insertNode, insertionPoint, locate, walkNodes, type ParentId } from "./tree";
import type {
  CategorizationNode,
  CategoryNode,
  DesignNode,
  FieldKind,
  FieldNode,
  FormModel,
  GroupNode,
  LabelNode,
  LocalText,
  RowNode,
  SimpleRule,
} from "./types";

export function fieldsOf(model: FormModel): FieldNode[] {
  return [...walkNodes(model.root)].map((e) => e.node).filter((n): n is FieldNode => n.node === "field");
}

export function fieldByKey(model: FormModel, key: string): FieldNode | undefined {
  return fieldsOf(model).find((f) => f.key === key);
}

function takenKeys(model: FormModel, exceptId?: string): Set<string> {
  const keys = new Set(Object.keys(model.extraProperties));
  for (const f of fieldsOf(model)) if (f.id !== exceptId) keys.add(f.key);
  return keys;
}

/** Why `key` cannot name field `id` (or a new field), or null when it can. */
export function checkKey(model: FormModel, key: string, id?: string): DesignerError | null {
  if (!key) return new DesignerError("KEY_EMPTY");
  if (key.length > KEY_MAX_LENGTH) return new DesignerError("KEY_TOO_LONG", { max: KEY_MAX_LENGTH });
  if (!KEY_PATTERN.test(key)) return new DesignerError("KEY_INVALID", { key });
  if (takenKeys(model, id).has(key)) return new DesignerError("KEY_TAKEN", { key });
  return null;
}

function uniqueKey(model: FormModel, prefix: string): string {
  const taken = takenKeys(model);
  for (let n = 1; ; n++) if (!taken.has(`${prefix}${n}`)) return `${prefix}${n}`;
}

function numbered(label: LocalText, n: number): LocalText {
  return { "zh-CN": `${label["zh-CN"]} ${n}`, en: `${label.en} ${n}` };
}

/** A new field of `kind` (not yet placed) and the model with its id counter advanced. */
export function newField(model: FormModel, kind: Exclude<FieldKind, "custom">): { model: FormModel; node: FieldNode } {
  const info = KINDS[kind];
  const key = uniqueKey(model, info.keyPrefix);
  const n = Number(key.slice(info.keyPrefix.length));
  const node: FieldNode = {
    node: "field",
    id: `n${model.nextId}`,
    key,
    kind,
    label: numbered(info.label, n),
    description: { "zh-CN": "", en: "" },
    required: false,
    readOnly: false,
    options: [],
    schemaExtra: {},
    uiExtra: {},
  };
  if (info.options) {
    node.options = [1, 2].map((i) => ({ value: `option${i}`, label: { "zh-CN": `选项 ${i}`, en: `Option ${i}` } }));
  }
  if (kind === "attachment") node.attachment = { types: ["pdf", "png", "jpeg"], maxBytes: ATTACHMENT_DEFAULT_BYTES };
  return { model: { ...model, nextId: model.nextId + 1 }, node };
}

export type LayoutType = "label" | "group" | "row" | "categorization" | "category";

const LAYOUT_LABELS: Record<"label" | "group", LocalText> = {
  label: { "zh-CN": "说明文字", en: "Static text" },
  group: { "zh-CN": "分组", en: "Group" },
};

/** A new layout node; a categorization comes with two categories so it shows as tabs at once. */
export function newLayout(model: FormModel, type: LayoutType): { model: FormModel; node: DesignNode } {
  let nextId = model.nextId;
  const id = () => `n${nextId++}`;
  const category = (n: number): CategoryNode => ({
    node: "category", id: id(), label: { "zh-CN": `第 ${n} 部分`, en: `Part ${n}` }, children: [], uiExtra: {},
  });
  let node: DesignNode;
  switch (type) {
    case "label":
      node = { node: "label", id: id(), text: { ...LAYOUT_LABELS.label }, uiExtra: {} } satisfies LabelNode;
      break;
    case "group":
      node = { node: "group", id: id(), label: { ...LAYOUT_LABELS.group }, children: [], uiExtra: {} } satisfies GroupNode;
      break;
    case "row":
      node = { node: "row", id: id(), children: [], uiExtra: {} } satisfies RowNode;
      break;
    case "categorization": {
      const own = id();
      node = { node: "categorization", id: own, variant: "tabs", children: [category(1), category(2)], uiExtra: {} } satisfies CategorizationNode;
      break;
    }
    case "category":
      node = category(model.nextId);
      break;
  }
  return { model: { ...model, nextId }, node };
}

/**
 * Adds a field or layout node where the selection suggests (into a selected container, after a
 * selected node, else at the end) or at an explicit place. Returns the new node's id.
 */
export function addNode(
  model: FormModel,
  what: Exclude<FieldKind, "custom"> | LayoutType,
  at?: { parentId: ParentId; index?: number } | { selectedId: string | null },
): { model: FormModel; id: string } {
  const created = (KINDS as Record<string, unknown>)[what] ? newField(model, what as Exclude<FieldKind, "custom">) : newLayout(model, what as LayoutType);
  if (what === "category" && created.node.node === "category") {
    // Number the new category after the ones already in its categorization.
    const parentId = at && "parentId" in at ? at.parentId : null;
    const parent = parentId ? locate(model, parentId)?.node : undefined;
    const n = parent?.node === "categorization" ? parent.children.length + 1 : 1;
    created.node.label = { "zh-CN": `第 ${n} 部分`, en: `Part ${n}` };
  }
  const place = !at ? { parentId: null } : "parentId" in at ? at : insertionPoint(created.model, at.selectedId, created.node.node);
  return { model: insertNode(created.model, created.node, place.parentId, place.index), id: created.node.id };
}

function mutate(model: FormModel, id: string, fn: (node: DesignNode, next: FormModel) => void): FormModel {
  const next = clone(model);
  const at = locate(next, id);
  if (!at) throw new DesignerError("NODE_NOT_FOUND", { id });
  fn(at.node, next);
  return clone(next);
}

export type FieldPatch = Partial<Omit<FieldNode, "node" | "id" | "key" | "kind">>;

/** Sets field properties; a member given as `undefined` is removed (e.g. `{ max: undefined }`). */
export function updateField(model: FormModel, id: string, patch: FieldPatch): FormModel {
  return mutate(model, id, (node) => {
    if (node.node !== "field") throw new DesignerError("NOT_A_FIELD", { id });
    Object.assign(node, clone(patch));
    for (const [k, v] of Object.entries(patch)) if (v === undefined) delete (node as unknown as Record<string, unknown>)[k];
  });
}

export type LayoutPatch = Partial<{ label: LocalText; text: LocalText; variant: "tabs" | "stepper" }>;

export function updateLayout(model: FormModel, id: string, patch: LayoutPatch): FormModel {
  return mutate(model, id, (node) => {
    if (patch.label && (node.node === "group" || node.node === "category")) node.label = { ...patch.label };
    if (patch.text && node.node === "label") node.text = { ...patch.text };
    if (patch.variant && node.node === "categorization") node.variant = patch.variant;
  });
}

/** Renames a field's property; rules that watch it follow. Throws the reason when the key is not allowed. */
export function renameField(model: FormModel, id: string, key: string): FormModel {
  const at = locate(model, id);
  if (!at || at.node.node !== "field") throw new DesignerError("NOT_A_FIELD", { id });
  const old = at.node.key;
  if (old === key) return model;
  const problem = checkKey(model, key, id);
  if (problem) throw problem;
  const next = clone(model);
  for (const { node } of walkNodes(next.root)) {
    if (node.id === id && node.node === "field") node.key = key;
    if (node.rule?.field === old) node.rule.field = key;
  }
  return next;
}

/** Sets or (with undefined) removes the simple rule of a node; a raw rule it had is replaced. */
export function setRule(model: FormModel, id: string, rule: SimpleRule | undefined): FormModel {
  return mutate(model, id, (node) => {
    delete node.rawRule;
    if (rule) node.rule = clone(rule);
    else delete node.rule;
  });
}

export function removeRawRule(model: FormModel, id: string): FormModel {
  return mutate(model, id, (node) => {
    delete node.rawRule;
  });
}

/** Removes a node and everything in it; rules on other nodes that watched a removed field are dropped. */
export function removeNode(model: FormModel, id: string): FormModel {
  const at = locate(model, id);
  if (!at) throw new DesignerError("NODE_NOT_FOUND", { id });
  const removedIds = new Set(idsOf(at.node));
  const removedKeys = new Set(
    [...walkNodes([at.node])].map((e) => e.node).filter((n): n is FieldNode => n.node === "field").map((f) => f.key),
  );
  const next = clone(model);
  const here = locate(next, id)!;
  here.siblings.splice(here.index, 1);
  for (const { node } of walkNodes(next.root)) {
    if (!removedIds.has(node.id) && node.rule && removedKeys.has(node.rule.field)) delete node.rule;
  }
  return next;
}

/** Fields a rule on node `id` may watch: those whose values a rule can compare, other than the node itself. */
export function ruleTargets(model: FormModel, id: string): FieldNode[] {
  return fieldsOf(model).filter((f) => f.id !== id && KINDS[f.kind].ruleTarget);
}
