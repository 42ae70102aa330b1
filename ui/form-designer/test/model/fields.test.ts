import { describe, expect, it } from "vitest";
import {
  addNode, checkKey, emptyModel, findNode, removeNode, removeRawRule, renameField, ruleTargets, setRule, toSchemas, updateField, fromSchemas,
  type DesignerError,
} from "../../src/model";
import { build, field } from "./helpers";

describe("field keys", () => {
  const { model, ids } = build([["a", "text"], ["b", "number"]]);

  it.each([
    ["", "KEY_EMPTY"],
    ["1abc", "KEY_INVALID"],
    ["_a", "KEY_INVALID"],
    ["a-b", "KEY_INVALID"],
    ["名字", "KEY_INVALID"],
    ["number1", "KEY_TAKEN"],
    ["x".repeat(65), "KEY_TOO_LONG"],
  ])("%j is refused: %s", (key, code) => {
    expect(checkKey(model, key, ids.a)?.code).toBe(code);
    expect(() => renameField(model, ids.a!, key)).toThrow(code);
  });

  it.each(["name", "Name_2", "a", "contactPhone"])("%j is accepted", (key) => {
    expect(checkKey(model, key, ids.a)).toBeNull();
  });

  it("a field's own key is not taken by itself", () => {
    expect(checkKey(model, "text1", ids.a)).toBeNull();
    expect(renameField(model, ids.a!, "text1")).toBe(model);
  });

  it("a key kept for a raw element's property is taken", () => {
    const m = fromSchemas(
      { type: "object", properties: { address: { type: "object", properties: { city: { type: "string" } } } } },
      { type: "VerticalLayout", elements: [{ type: "Control", scope: "#/properties/address/properties/city" }] },
    );
    expect(checkKey(m, "address")?.code).toBe("KEY_TAKEN");
  });

  it("renaming moves the property and the rules that watch it", () => {
    let m = setRule(model, ids.b!, { effect: "SHOW", field: "text1", value: "y" });
    m = updateField(m, ids.a!, { required: true });
    m = renameField(m, ids.a!, "name");
    const { schema, uischema } = toSchemas(m);
    expect(Object.keys(schema.properties)).toEqual(["name", "number1"]);
    expect(schema.required).toEqual(["name"]);
    expect(uischema.elements[1]!.rule).toEqual({ effect: "SHOW", condition: { scope: "#/properties/name", schema: { const: "y" } } });
  });
});

describe("properties", () => {
  it("updateField sets and removes members, and refuses non-fields", () => {
    const { model, ids } = build([["a", "text"], ["g", "group"]]);
    const m = updateField(model, ids.a!, { min: 3, pattern: "x" });
    expect(field(m, ids.a!)).toMatchObject({ min: 3, pattern: "x" });
    expect("pattern" in field(updateField(m, ids.a!, { pattern: undefined }), ids.a!)).toBe(false);
    expect(() => updateField(model, ids.g!, { required: true })).toThrow("NOT_A_FIELD");
  });

  it("options carry both languages", () => {
    const { model, ids } = build([["c", "choice"]]);
    const m = updateField(model, ids.c!, { options: [{ value: "y", label: { "zh-CN": "是", en: "Yes" } }] });
    expect(toSchemas(m).schema.properties.choice1!.oneOf).toEqual([{ const: "y", title: "是", "x-i18n": { en: { title: "Yes" } } }]);
  });
});

describe("rules", () => {
  it("removing a field drops the rules that watched it, not others", () => {
    const { model, ids } = build([["a", "text"], ["b", "boolean"], ["c", "date"], ["d", "number"]]);
    let m = setRule(model, ids.c!, { effect: "SHOW", field: "text1", value: "x" });
    m = setRule(m, ids.d!, { effect: "HIDE", field: "flag1", value: true });
    m = removeNode(m, ids.a!);
    expect(field(m, ids.c!).rule).toBeUndefined();
    expect(field(m, ids.d!).rule).toEqual({ effect: "HIDE", field: "flag1", value: true });
  });

  it("setting a simple rule replaces a raw one; removing works for both", () => {
    const m0 = fromSchemas(
      { type: "object", properties: { a: { type: "string" }, b: { type: "string" } } },
      { type: "VerticalLayout", elements: [{ type: "Control", scope: "#/properties/a" }, { type: "Control", scope: "#/properties/b", rule: { effect: "SHOW", condition: { scope: "#/properties/a", schema: { minLength: 2 } } } }] },
    );
    const b = m0.root[1]!.id;
    expect(findNode(m0, b)!.rawRule).toBeDefined();
    const simple = setRule(m0, b, { effect: "HIDE", field: "a", value: "z" });
    expect(findNode(simple, b)).toMatchObject({ rule: { effect: "HIDE" } });
    expect(findNode(simple, b)!.rawRule).toBeUndefined();
    expect(findNode(removeRawRule(m0, b), b)!.rawRule).toBeUndefined();
    expect(findNode(setRule(simple, b, undefined), b)!.rule).toBeUndefined();
  });

  it("a rule can watch fields whose value it can compare, never the node itself", () => {
    const { model, ids } = build([["a", "text"], ["b", "multiChoice"], ["c", "attachment"], ["d", "choice"]]);
    expect(ruleTargets(model, ids.a!).map((f) => f.key)).toEqual(["choice1"]);
    expect(ruleTargets(model, ids.d!).map((f) => f.key)).toEqual(["text1"]);
  });
});

describe("ids", () => {
  it("every new node gets a fresh id, also the categories a categorization brings", () => {
    let m = emptyModel();
    const seen = new Set<string>();
    for (const what of ["text", "categorization", "group", "label", "row", "choice"] as const) {
      const r = addNode(m, what);
      m = r.model;
      seen.add(r.id);
    }
    const all = JSON.stringify(m).match(/"id":"n\d+"/g)!;
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(8);
  });

  it("errors carry the code for the UI", () => {
    const { model, ids } = build([["a", "text"]]);
    try {
      renameField(model, ids.a!, "1");
    } catch (err) {
      expect((err as DesignerError).params).toEqual({ key: "1" });
    }
  });
});
