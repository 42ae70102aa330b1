import { afterEach, describe, expect, it } from "vitest";
import { defineComponent, h, markRaw } from "vue";
import { isStringControl, rankWith, type JsonFormsRendererRegistryEntry, type JsonSchema, type UISchemaElement } from "@jsonforms/core";
import * as api from "../src";
import { control, mountForm } from "./helpers";

afterEach(() => {
  document.body.innerHTML = "";
});

const schema: JsonSchema = {
  type: "object",
  properties: {
    text: { type: "string" },
    secret: { type: "string", format: "password" },
    kind: { type: "string", enum: ["a", "b"] },
    level: { type: "string", oneOf: [{ const: "a", title: "A" }] },
    flag: { type: "boolean" },
    tags: { type: "array", items: { type: "string" } },
    nested: { type: "array", items: { type: "object", properties: { sub: { type: "object", properties: {} } } } },
  },
};

const rank = (entry: JsonFormsRendererRegistryEntry, uischema: UISchemaElement) =>
  entry.tester(uischema, schema, { rootSchema: schema, config: {} });

describe("ranks", () => {
  it("follow the documented order: generic < format < option variant < exact", () => {
    expect(rank(api.stringControlRendererEntry, control("#/properties/text"))).toBe(1);
    expect(rank(api.passwordControlRendererEntry, control("#/properties/secret"))).toBe(2);
    expect(rank(api.multiStringControlRendererEntry, control("#/properties/text", { multi: true }))).toBe(3);
    expect(rank(api.enumControlRendererEntry, control("#/properties/kind"))).toBe(2);
    expect(rank(api.enumRadioControlRendererEntry, control("#/properties/kind", { format: "radio" }))).toBe(3);
    expect(rank(api.oneOfEnumControlRendererEntry, control("#/properties/level"))).toBe(5);
    expect(rank(api.oneOfEnumRadioControlRendererEntry, control("#/properties/level", { format: "radio" }))).toBe(6);
    expect(rank(api.booleanToggleControlRendererEntry, control("#/properties/flag", { toggle: true }))).toBe(3);
    expect(rank(api.arrayTableRendererEntry, control("#/properties/tags"))).toBe(3);
    expect(rank(api.arrayTableRendererEntry, control("#/properties/nested"))).toBe(-1);
    expect(rank(api.arrayListRendererEntry, control("#/properties/nested"))).toBe(2);
    // Variants do not claim elements without their option.
    expect(rank(api.booleanToggleControlRendererEntry, control("#/properties/flag"))).toBe(-1);
    expect(rank(api.enumRadioControlRendererEntry, control("#/properties/kind"))).toBe(-1);
  });

  it("every entry in elementPlusRenderers is exported by name", () => {
    const named = Object.entries(api)
      .filter(([key]) => key.endsWith("RendererEntry"))
      .map(([, value]) => value);
    expect(new Set(named)).toEqual(new Set(api.elementPlusRenderers));
  });
});

describe("overriding", () => {
  it("a consumer's entry with a higher rank replaces the built-in one", async () => {
    const Custom = markRaw(defineComponent({ name: "CustomString", setup: () => () => h("p", { class: "custom" }, "mine") }));
    const form = await mountForm({
      schema,
      uischema: control("#/properties/text"),
      renderers: [...api.elementPlusRenderers, { renderer: Custom, tester: rankWith(10, isStringControl) }],
    });
    expect(form.wrapper.find(".custom").text()).toBe("mine");
    expect(form.wrapper.find(".el-input").exists()).toBe(false);
  });

  it("a custom control can reuse ControlWrapper for label, marker and error", async () => {
    const form = await mountForm({
      schema,
      uischema: control("#/properties/text"),
      renderers: [
        ...api.elementPlusRenderers,
        {
          renderer: markRaw(
            defineComponent({
              setup: () => () => h(api.ControlWrapper, { label: "自定义", required: true, errors: "出错了" }, () => h("span", "x")),
            }),
          ),
          tester: rankWith(10, isStringControl),
        },
      ],
    });
    expect(form.labels()).toEqual(["自定义"]);
    expect(form.errors()).toEqual(["出错了"]);
    expect(form.wrapper.find(".el-form-item").classes()).toContain("is-required");
  });
});
