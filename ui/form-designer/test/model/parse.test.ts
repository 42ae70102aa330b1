import { describe, expect, it } from "vitest";
import {
  addNode, DesignerError, fromSchemas, PHONE_PATTERN, setRule, toSchemas, updateField, updateLayout, type FieldNode, type FormModel,
} from "../../src/model";
import { build, withoutIds } from "./helpers";

function everything(): FormModel {
  const { model, ids } = build([
    ["g", "group"],
    ["name", "text", "g"],
    ["r", "row", "g"],
    ["phone", "phone", "r"],
    ["id", "idNumber", "r"],
    ["notes", "textarea"],
    ["n", "number"],
    ["i", "integer"],
    ["b", "boolean"],
    ["c", "choice"],
    ["mc", "multiChoice"],
    ["d", "date"],
    ["t", "time"],
    ["dt", "dateTime"],
    ["e", "email"],
    ["f", "attachment"],
    ["tabs", "categorization"],
    ["l", "label"],
  ]);
  let m = model;
  m = updateField(m, ids.name!, { required: true, min: 2, max: 20, pattern: "^\\S+$", description: { "zh-CN": "真实姓名", en: "Legal name" } });
  m = updateField(m, ids.n!, { min: 0, max: 9.5, default: 1.5, readOnly: true });
  m = updateField(m, ids.i!, { required: true, min: 1 });
  m = updateField(m, ids.b!, { widget: "switch", default: false });
  m = updateField(m, ids.c!, {
    widget: "radio",
    default: "b",
    options: [
      { value: "a", label: { "zh-CN": "甲", en: "A" } },
      { value: "b", label: { "zh-CN": "乙", en: "" } },
    ],
  });
  m = updateField(m, ids.mc!, { min: 1, max: 2, default: ["option1"] });
  m = updateField(m, ids.d!, { default: "2024-01-01" });
  m = updateField(m, ids.f!, { attachment: { types: ["pdf"], maxBytes: 1000 } });
  m = updateLayout(m, ids.tabs!, { variant: "stepper" });
  const tabs = m.root.find((x) => x.id === ids.tabs)!;
  if (tabs.node !== "categorization") throw new Error("no categorization");
  m = addNode(m, "group", { parentId: tabs.children[0]!.id }).model;
  m = setRule(m, ids.notes!, { effect: "SHOW", field: "flag1", value: true });
  m = setRule(m, ids.g!, { effect: "HIDE", field: "choice1", value: "a" });
  m = setRule(m, ids.l!, { effect: "DISABLE", field: "count1", value: 3 });
  m = setRule(m, tabs.children[1]!.id, { effect: "ENABLE", field: "text1", value: "x" });
  return m;
}

describe("round trip", () => {
  it("model → schemas → model gives the same model, for every kind, container, rule and option", () => {
    const model = everything();
    const { schema, uischema } = toSchemas(model);
    const back = fromSchemas(schema, uischema);
    expect(withoutIds(back)).toEqual(withoutIds(model));
  });

  it("schemas → model → schemas gives the same schemas", () => {
    const first = toSchemas(everything());
    const second = toSchemas(fromSchemas(first.schema, first.uischema));
    expect(second).toEqual(first);
  });

  it("reads the kinds back from their keywords", () => {
    const model = fromSchemas(toSchemas(everything()).schema);
    const kinds = Object.fromEntries(model.root.map((n) => [(n as FieldNode).key, (n as FieldNode).kind]));
    expect(kinds).toEqual({
      text1: "text", phone1: "phone", idNumber1: "idNumber", notes1: "text", number1: "number", count1: "integer",
      flag1: "boolean", choice1: "choice", choices1: "multiChoice", date1: "date", time1: "time", dateTime1: "dateTime",
      email1: "email", file1: "attachment",
    });
  });

  it("without a UI schema every property becomes a top-level field in schema order", () => {
    const model = fromSchemas({ type: "object", properties: { b: { type: "string" }, a: { type: "number" } }, required: ["a"] });
    expect(model.root.map((n) => [(n as FieldNode).key, (n as FieldNode).required])).toEqual([["b", false], ["a", true]]);
  });
});

describe("forms the designer did not make", () => {
  const schema = {
    type: "object",
    additionalProperties: false,
    definitions: { money: { type: "number", minimum: 0 } },
    properties: {
      kind: { type: "string", enum: ["house", "shop"], title: "类型" },
      url: { type: "string", format: "uri", maxLength: 200, examples: ["https://a"] },
      price: { $ref: "#/definitions/money" },
      address: { type: "object", properties: { city: { type: "string" }, street: { type: "string" } } },
      tags: { type: "array", items: { type: "string" } },
      mobile: { type: "string", pattern: PHONE_PATTERN, minLength: 11, "x-i18n": { en: { title: "Mobile" }, ja: { title: "携帯" } }, title: "手机" },
      hidden: { type: "boolean" },
    },
    required: ["kind", "address", "ghost"],
  };
  const uischema = {
    type: "Categorization",
    elements: [
      {
        type: "Category",
        label: "一",
        elements: [
          { type: "Control", scope: "#/properties/kind", options: { format: "radio", placeholder: "选" }, label: "种类" },
          { type: "Control", scope: "#/properties/url", rule: { effect: "SHOW", condition: { scope: "#/properties/kind", schema: { enum: ["shop"] } } } },
          { type: "Control", scope: "#/properties/address/properties/city" },
          { type: "VerticalLayout", elements: [{ type: "Control", scope: "#/properties/price" }] },
          { type: "Control", scope: "#/properties/mobile" },
        ],
      },
      { type: "Category", label: "二", elements: [{ type: "Control", scope: "#/properties/tags" }, { type: "Control", scope: "#/properties/kind" }] },
    ],
  };

  it("keeps what it does not model and writes it back", () => {
    const model = fromSchemas(schema, uischema);
    const out = toSchemas(model);
    expect(out.schema).toEqual(schema);
    // The root is always a VerticalLayout; everything inside it is the original.
    expect(out.uischema.elements[0]).toEqual(uischema);
    expect(out.uischema.elements.slice(1)).toEqual([{ type: "Control", scope: "#/properties/hidden" }]);
  });

  it("shows what it can: an enum as a choice, a format it has no kind for as text, a $ref as other", () => {
    const model = fromSchemas(schema, uischema);
    const fields = new Map(
      JSON.parse(JSON.stringify(model, (k, v) => v)).root[0].children.flatMap((c: { children: FieldNode[] }) => c.children)
        .filter((n: FieldNode) => n.node === "field").map((n: FieldNode) => [n.key, n]),
    );
    expect(fields.get("kind")).toMatchObject({ kind: "choice", widget: "radio", optionStyle: "enum", required: true, uiExtra: { options: { placeholder: "选" }, label: "种类" } });
    expect(fields.get("url")).toMatchObject({ kind: "text", max: 200, schemaExtra: { format: "uri", examples: ["https://a"] }, rawRule: expect.any(Object) });
    expect(fields.get("mobile")).toMatchObject({ kind: "phone", label: { "zh-CN": "手机", en: "Mobile" }, schemaExtra: { minLength: 11, "x-i18n": { ja: { title: "携帯" } } } });
    expect(fields.get("tags")).toMatchObject({ kind: "custom" });
    expect(model.extraProperties).toHaveProperty("address");
    expect(model.extraProperties).toHaveProperty("price");
    expect(model.extraRequired).toEqual(["address", "ghost"]);
  });

  it("an enum choice stays an enum until an option gets its own label", () => {
    const model = fromSchemas({ type: "object", properties: { k: { type: "string", enum: ["a", "b"] } } });
    const id = model.root[0]!.id;
    expect(toSchemas(model).schema.properties.k).toEqual({ type: "string", enum: ["a", "b"] });
    const labelled = updateField(model, id, { options: [{ value: "a", label: { "zh-CN": "甲", en: "" } }, { value: "b", label: { "zh-CN": "b", en: "" } }] });
    expect(toSchemas(labelled).schema.properties.k).toEqual({ type: "string", oneOf: [{ const: "a", title: "甲" }, { const: "b", title: "b" }] });
  });

  it("an option with more than const/title is not a designer choice", () => {
    const prop = { type: "string", oneOf: [{ const: "a", title: "A", description: "first" }] };
    const model = fromSchemas({ type: "object", properties: { k: prop } });
    expect((model.root[0] as FieldNode).kind).toBe("custom");
    expect(toSchemas(model).schema.properties.k).toEqual(prop);
  });

  it("a malformed x-attachment rule is kept as other", () => {
    const prop = { "x-attachment": { types: ["exe"] } };
    const model = fromSchemas({ type: "object", properties: { f: prop } });
    expect((model.root[0] as FieldNode).kind).toBe("custom");
    expect(toSchemas(model).schema.properties.f).toEqual(prop);
  });

  it("a rule other than field-equals-value stays raw, and an equals rule on a layout is a simple rule", () => {
    const model = fromSchemas(
      { type: "object", properties: { a: { type: "string" } } },
      { type: "VerticalLayout", elements: [{ type: "Group", label: "G", elements: [], rule: { effect: "HIDE", condition: { scope: "#/properties/a", schema: { const: "x" } } } }] },
    );
    expect(model.root[0]).toMatchObject({ node: "group", rule: { effect: "HIDE", field: "a", value: "x" } });
  });
});

describe("malformed input is refused with a code, nothing half-read", () => {
  const bad = (schema: unknown, uischema?: unknown) => {
    try {
      fromSchemas(schema, uischema);
    } catch (err) {
      expect(err).toBeInstanceOf(DesignerError);
      return (err as DesignerError).code;
    }
    return "accepted";
  };

  it.each([
    [[], undefined, "SCHEMA_NOT_OBJECT"],
    [{ type: "string" }, undefined, "SCHEMA_NOT_OBJECT"],
    [{ type: "object", properties: [] }, undefined, "SCHEMA_PROPERTIES_INVALID"],
    [{ type: "object", properties: { a: 1 } }, undefined, "SCHEMA_PROPERTIES_INVALID"],
    [{ type: "object", properties: {} }, [], "UISCHEMA_NOT_OBJECT"],
    [{ type: "object", properties: {} }, { elements: [] }, "UISCHEMA_NOT_OBJECT"],
    [{ type: "object", properties: {} }, { type: "VerticalLayout", elements: {} }, "UISCHEMA_ELEMENTS_INVALID"],
    [{ type: "object", properties: {} }, { type: "VerticalLayout", elements: [{ type: "Control", scope: "#/properties/nope" }] }, "UISCHEMA_SCOPE_UNKNOWN"],
    [{ type: "object", properties: {} }, { type: "Group", elements: [{ type: "Control", scope: "#/properties/x/properties/y" }] }, "UISCHEMA_SCOPE_UNKNOWN"],
    [{ type: "object", properties: {} }, { type: "VerticalLayout", elements: [{ type: 3 }] }, "UISCHEMA_NOT_OBJECT"],
  ])("%j %j → %s", (schema, uischema, code) => {
    expect(bad(schema, uischema)).toBe(code);
  });

  it("a null UI schema is the same as none", () => {
    expect(fromSchemas({ type: "object" }, null).root).toEqual([]);
  });
});
