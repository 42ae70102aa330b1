import { describe, expect, it } from "vitest";
import type { Translator } from "@jsonforms/core";
import { createFormTranslator, parseRule, toJsonFormsRule, updateField, setRule, validateModel, addNode } from "../../src/model";
import { build } from "./helpers";

describe("rules", () => {
  it("parses exactly the field-equals-value shape", () => {
    const rule = { effect: "SHOW", condition: { scope: "#/properties/a", schema: { const: 1 } } };
    expect(parseRule(rule)).toEqual({ effect: "SHOW", field: "a", value: 1 });
    expect(toJsonFormsRule(parseRule(rule)!)).toEqual(rule);
  });

  it.each([
    ["another effect", { effect: "FLASH", condition: { scope: "#/properties/a", schema: { const: 1 } } }],
    ["a nested scope", { effect: "SHOW", condition: { scope: "#/properties/a/properties/b", schema: { const: 1 } } }],
    ["another condition schema", { effect: "SHOW", condition: { scope: "#/properties/a", schema: { enum: [1] } } }],
    ["extra condition keys", { effect: "SHOW", condition: { scope: "#/properties/a", schema: { const: 1 }, failWhenUndefined: true } }],
    ["a composed condition", { effect: "SHOW", condition: { type: "AND", conditions: [] } }],
    ["not an object", "SHOW"],
  ])("keeps %s raw", (_what, rule) => {
    expect(parseRule(rule)).toBeNull();
  });
});

describe("translator", () => {
  const en = createFormTranslator("en");
  const zh = createFormTranslator("zh-CN");
  const schema = { type: "string", title: "姓名", description: "全名", "x-i18n": { en: { title: "Name", description: "Full name" } } };
  const control = { type: "Control", scope: "#/properties/name" };
  const call = (t: Translator, key: string, def: string, ctx: object) => (t as unknown as (k: string, d: string, c: object) => string)(key, def, ctx);

  it("control label and description from x-i18n in English, the schema's own text in Chinese", () => {
    expect(call(en, "name.label", "姓名", { schema, uischema: control, path: "name" })).toBe("Name");
    expect(call(en, "name.description", "全名", { schema, uischema: control, path: "name" })).toBe("Full name");
    expect(call(zh, "name.label", "姓名", { schema, uischema: control, path: "name" })).toBe("姓名");
  });

  it("layout labels, static text and option titles", () => {
    expect(call(en, "基本", "基本", { uischema: { type: "Group", label: "基本", "x-i18n": { en: { label: "Basics" } } } })).toBe("Basics");
    expect(call(en, "注意", "注意", { uischema: { type: "Label", text: "注意", "x-i18n": { en: { text: "Note" } } } })).toBe("Note");
    expect(call(en, "k.甲", "甲", { schema: { const: "a", title: "甲", "x-i18n": { en: { title: "A" } } } })).toBe("A");
  });

  it("falls back to the default text, or to a consumer's translator", () => {
    expect(call(en, "name.label", "姓名", { schema: { title: "姓名" }, uischema: control })).toBe("姓名");
    const withFallback = createFormTranslator("en", ((k: string, d: string) => (k === "name.label" ? "From app" : d)) as Translator);
    expect(call(withFallback, "name.label", "姓名", { schema: { title: "姓名" }, uischema: control })).toBe("From app");
    expect(call(en, "name.error.required", undefined as unknown as string, { error: {} })).toBeUndefined();
  });
});

describe("problems", () => {
  it("reports what the server would refuse or the designer likely did not mean", () => {
    const { model, ids } = build([["t", "text"], ["c", "choice"], ["n", "number"], ["f", "attachment"], ["g", "group"], ["tabs", "categorization"]]);
    let m = updateField(model, ids.t!, { pattern: "([a-z", label: { "zh-CN": "", en: "Name" }, min: -1 });
    m = updateField(m, ids.c!, { options: [{ value: "a", label: { "zh-CN": "A", en: "" } }, { value: "a", label: { "zh-CN": "B", en: "" } }, { value: "", label: { "zh-CN": "C", en: "" } }] });
    m = updateField(m, ids.n!, { min: 5, max: 1 });
    m = updateField(m, ids.f!, { attachment: { types: [], maxBytes: 30 * 1024 * 1024 } });
    m = setRule(m, ids.g!, { effect: "SHOW", field: "gone", value: 1 });
    const codes = validateModel(m).map((p) => [p.id, p.code]);
    expect(codes).toEqual([
      [ids.t, "LABEL_EMPTY"], [ids.t, "LIMIT_NEGATIVE"], [ids.t, "PATTERN_INVALID"],
      [ids.c, "OPTION_VALUE_DUPLICATE"], [ids.c, "OPTION_VALUE_EMPTY"],
      [ids.n, "MIN_ABOVE_MAX"],
      [ids.f, "ATTACHMENT_TYPES_EMPTY"], [ids.f, "ATTACHMENT_SIZE_INVALID"],
      [ids.g, "RULE_FIELD_MISSING"],
    ]);
    expect(validateModel(updateField(m, ids.c!, { options: [] })).some((p) => p.code === "OPTIONS_EMPTY")).toBe(true);
  });

  it("a fresh form of every kind has no problems", () => {
    let m = build([]).model;
    for (const k of ["text", "textarea", "number", "integer", "boolean", "choice", "multiChoice", "date", "time", "dateTime", "email", "phone", "idNumber", "attachment", "group", "row", "categorization", "label"] as const) {
      m = addNode(m, k).model;
    }
    expect(validateModel(m)).toEqual([]);
  });
});
