import { addNode, emptyModel, findNode, type FieldNode, type FormModel } from "../../src/model";

/** Builds a model by adding nodes in order; returns the model and the ids by name. */
export function build(steps: Array<[name: string, what: Parameters<typeof addNode>[1], parent?: string]>): { model: FormModel; ids: Record<string, string> } {
  let model = emptyModel();
  const ids: Record<string, string> = {};
  for (const [name, what, parent] of steps) {
    const r = addNode(model, what, { parentId: parent ? ids[parent]! : null });
    model = r.model;
    ids[name] = r.id;
  }
  return { model, ids };
}

export function field(model: FormModel, id: string): FieldNode {
  const node = findNode(model, id);
  if (!node || node.node !== "field") throw new Error(`no field ${id}`);
  return node;
}

/** Ids stripped: two models that differ only in designer ids compare equal. */
export function withoutIds(model: FormModel): unknown {
  return JSON.parse(JSON.stringify(model, (k, v) => (k === "id" || k === "nextId" ? undefined : v)));
}
