import { describe, expect, it } from "vitest";
import { addNode, canPlace, DesignerError, emptyModel, findNode, insertionPoint, moveBy, moveNode, removeNode, toSchemas } from "../../src/model";
import { build } from "./helpers";

const order = (m: ReturnType<typeof build>["model"]) => Object.keys(toSchemas(m).schema.properties);
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as DesignerError).code;
  }
  return "ok";
};

describe("adding", () => {
  it("adds at the end by default and into a container when asked", () => {
    const { model, ids } = build([["a", "text"], ["g", "group"], ["b", "number", "g"]]);
    expect(model.root.map((n) => n.node)).toEqual(["field", "group"]);
    expect(findNode(model, ids.g!)).toMatchObject({ children: [{ id: ids.b, key: "number1" }] });
  });

  it("follows the selection: into a selected container, after a selected field", () => {
    const { model, ids } = build([["a", "text"], ["b", "text"], ["g", "group"]]);
    const afterA = addNode(model, "email", { selectedId: ids.a! });
    expect(afterA.model.root.map((n) => n.id)).toEqual([ids.a, afterA.id, ids.b, ids.g]);
    const intoG = addNode(model, "email", { selectedId: ids.g! });
    expect(findNode(intoG.model, ids.g!)).toMatchObject({ children: [{ id: intoG.id }] });
    expect(addNode(model, "email", { selectedId: null }).model.root.at(-1)!.node).toBe("field");
  });

  it("a categorization added while a field inside a category is selected goes to the top level", () => {
    const { model, ids } = build([["tabs", "categorization"]]);
    const cat = findNode(model, ids.tabs!)!;
    if (cat.node !== "categorization") throw new Error();
    const inCat = addNode(model, "text", { parentId: cat.children[0]!.id });
    expect(insertionPoint(inCat.model, inCat.id, "categorization")).toEqual({ parentId: null });
    const added = addNode(inCat.model, "categorization", { selectedId: inCat.id });
    expect(added.model.root.map((n) => n.node)).toEqual(["categorization", "categorization"]);
  });

  it("new categories are numbered after the existing ones", () => {
    const { model, ids } = build([["tabs", "categorization"], ["c3", "category", "tabs"]]);
    expect(findNode(model, ids.c3!)).toMatchObject({ node: "category", label: { "zh-CN": "第 3 部分", en: "Part 3" } });
  });

  it("generates unique keys and labels per kind", () => {
    const { model } = build([["a", "text"], ["b", "text"], ["c", "phone"]]);
    expect(order(model)).toEqual(["text1", "text2", "phone1"]);
    expect(toSchemas(model).schema.properties.text2!.title).toBe("单行文本 2");
  });

  it("placement rules", () => {
    expect(canPlace("category", "categorization")).toBe(true);
    expect(canPlace("category", "root")).toBe(false);
    expect(canPlace("field", "categorization")).toBe(false);
    expect(canPlace("categorization", "group")).toBe(false);
    expect(canPlace("categorization", "root")).toBe(true);
    expect(canPlace("group", "row")).toBe(true);
    const { model, ids } = build([["tabs", "categorization"]]);
    expect(code(() => addNode(model, "text", { parentId: ids.tabs! }))).toBe("PLACEMENT_NOT_ALLOWED");
    expect(code(() => addNode(model, "category", { parentId: null }))).toBe("PLACEMENT_NOT_ALLOWED");
    const t = addNode(emptyModel(), "text");
    expect(code(() => addNode(t.model, "text", { parentId: t.id }))).toBe("NOT_A_CONTAINER");
    expect(code(() => addNode(t.model, "text", { parentId: "nope" }))).toBe("NODE_NOT_FOUND");
  });
});

describe("moving", () => {
  it("moves within a list, counting the index as the list is before the move", () => {
    const { model, ids } = build([["a", "text"], ["b", "number"], ["c", "date"]]);
    expect(order(moveNode(model, ids.a!, null, 3))).toEqual(["number1", "date1", "text1"]);
    expect(order(moveNode(model, ids.a!, null, 2))).toEqual(["number1", "text1", "date1"]);
    expect(order(moveNode(model, ids.c!, null, 0))).toEqual(["date1", "text1", "number1"]);
    expect(order(moveNode(model, ids.b!, null, 1))).toEqual(["text1", "number1", "date1"]);
  });

  it("moves into and out of containers", () => {
    const { model, ids } = build([["a", "text"], ["g", "group"], ["b", "number", "g"]]);
    const into = moveNode(model, ids.a!, ids.g!, 1);
    expect(into.root.map((n) => n.id)).toEqual([ids.g]);
    expect(findNode(into, ids.g!)).toMatchObject({ children: [{ id: ids.b }, { id: ids.a }] });
    const out = moveNode(into, ids.b!, null, 0);
    expect(out.root.map((n) => n.id)).toEqual([ids.b, ids.g]);
  });

  it("a container cannot go into itself or its descendants; categories stay in categorizations", () => {
    const { model, ids } = build([["g", "group"], ["r", "row", "g"], ["tabs", "categorization"]]);
    expect(code(() => moveNode(model, ids.g!, ids.g!, 0))).toBe("PLACEMENT_NOT_ALLOWED");
    expect(code(() => moveNode(model, ids.g!, ids.r!, 0))).toBe("PLACEMENT_NOT_ALLOWED");
    expect(code(() => moveNode(model, ids.tabs!, ids.g!, 0))).toBe("PLACEMENT_NOT_ALLOWED");
    const cat = findNode(model, ids.tabs!)!;
    if (cat.node !== "categorization") throw new Error();
    expect(code(() => moveNode(model, cat.children[0]!.id, null, 0))).toBe("PLACEMENT_NOT_ALLOWED");
    // Reordering categories inside their categorization is fine.
    const swapped = moveBy(model, cat.children[0]!.id, 1);
    expect((findNode(swapped, ids.tabs!) as typeof cat).children.map((c) => c.label["zh-CN"])).toEqual(["第 2 部分", "第 1 部分"]);
  });

  it("up/down by one; nothing happens at either end", () => {
    const { model, ids } = build([["a", "text"], ["b", "number"]]);
    expect(order(moveBy(model, ids.b!, -1))).toEqual(["number1", "text1"]);
    expect(moveBy(model, ids.a!, -1)).toBe(model);
    expect(moveBy(model, ids.b!, 1)).toBe(model);
  });

  it("leaves the input model untouched", () => {
    const { model, ids } = build([["a", "text"], ["b", "number"]]);
    const before = JSON.stringify(model);
    moveNode(model, ids.a!, null, 2);
    moveBy(model, ids.a!, 1);
    removeNode(model, ids.a!);
    addNode(model, "text");
    expect(JSON.stringify(model)).toBe(before);
  });
});

describe("removing", () => {
  it("removes a container with everything in it", () => {
    const { model, ids } = build([["g", "group"], ["a", "text", "g"], ["b", "number"]]);
    const m = removeNode(model, ids.g!);
    expect(order(m)).toEqual(["number1"]);
    expect(code(() => removeNode(m, ids.a!))).toBe("NODE_NOT_FOUND");
  });
});
