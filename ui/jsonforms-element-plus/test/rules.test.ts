import { afterEach, describe, expect, it } from "vitest";
import { RuleEffect, type JsonSchema, type UISchemaElement } from "@jsonforms/core";
import { control, fieldByLabel, mountForm } from "./helpers";

afterEach(() => {
  document.body.innerHTML = "";
});

const schema: JsonSchema = {
  type: "object",
  properties: {
    rented: { type: "boolean", title: "是否出租" },
    tenant: { type: "string", title: "租户姓名" },
    note: { type: "string", title: "备注" },
    tags: { type: "array", title: "标签", items: { type: "string" } },
  },
};

const when = (effect: RuleEffect, rented: boolean) => ({
  effect,
  condition: { scope: "#/properties/rented", schema: { const: rented } },
});

const form = (elements: unknown[]) => ({ type: "VerticalLayout", elements }) as UISchemaElement;

describe("rules", () => {
  it("HIDE hides a control when the condition holds, and shows it again when data changes", async () => {
    const mounted = await mountForm({
      schema,
      uischema: form([control("#/properties/rented"), { ...control("#/properties/tenant"), rule: when(RuleEffect.HIDE, false) }]),
      data: { rented: false },
    });
    expect(mounted.labels()).toEqual(["是否出租"]);
    await mounted.wrapper.find("input[type=checkbox]").setValue(true);
    expect(mounted.labels()).toEqual(["是否出租", "租户姓名"]);
    await mounted.wrapper.find("input[type=checkbox]").setValue(false);
    expect(mounted.labels()).toEqual(["是否出租"]);
  });

  it("SHOW on a Group shows its children only while the condition holds", async () => {
    const mounted = await mountForm({
      schema,
      uischema: form([
        control("#/properties/rented"),
        { type: "Group", label: "租赁信息", elements: [control("#/properties/tenant")], rule: when(RuleEffect.SHOW, true) },
      ]),
      data: {},
    });
    expect(mounted.wrapper.find(".anju-jf-group").exists()).toBe(false);
    await mounted.wrapper.find("input[type=checkbox]").setValue(true);
    expect(mounted.wrapper.find(".anju-jf-group__title").text()).toBe("租赁信息");
    expect(mounted.labels()).toEqual(["是否出租", "租户姓名"]);
  });

  it("DISABLE and ENABLE switch the input's disabled state on data change", async () => {
    const mounted = await mountForm({
      schema,
      uischema: form([
        control("#/properties/rented"),
        { ...control("#/properties/tenant"), rule: when(RuleEffect.ENABLE, true) },
        { ...control("#/properties/note"), rule: when(RuleEffect.DISABLE, true) },
      ]),
      data: { rented: false },
    });
    const input = (label: string) => fieldByLabel(mounted.wrapper, label).find("input").element as HTMLInputElement;
    expect(input("租户姓名").disabled).toBe(true);
    expect(input("备注").disabled).toBe(false);
    await mounted.wrapper.find("input[type=checkbox]").setValue(true);
    expect(input("租户姓名").disabled).toBe(false);
    expect(input("备注").disabled).toBe(true);
  });

  it("a DISABLE rule on a layout reaches the controls inside", async () => {
    const mounted = await mountForm({
      schema,
      uischema: form([
        control("#/properties/rented"),
        { type: "HorizontalLayout", elements: [control("#/properties/tenant")], rule: when(RuleEffect.DISABLE, true) },
      ]),
      data: { rented: true },
    });
    expect((fieldByLabel(mounted.wrapper, "租户姓名").find("input").element as HTMLInputElement).disabled).toBe(true);
  });

  it("SHOW/HIDE on a Category removes and restores its tab", async () => {
    const mounted = await mountForm({
      schema,
      uischema: {
        type: "Categorization",
        elements: [
          { type: "Category", label: "房屋", elements: [control("#/properties/rented")] },
          { type: "Category", label: "租户", elements: [control("#/properties/tenant")], rule: when(RuleEffect.SHOW, true) },
        ],
      } as UISchemaElement,
      data: { rented: false },
    });
    const tabs = () => mounted.wrapper.findAll(".el-tabs__item").map((tab) => tab.text());
    expect(tabs()).toEqual(["房屋"]);
    await mounted.wrapper.find("input[type=checkbox]").setValue(true);
    expect(tabs()).toEqual(["房屋", "租户"]);
  });
});

describe("readonly", () => {
  const layout = form([control("#/properties/rented"), control("#/properties/tenant"), control("#/properties/tags")]);

  it("form-level readonly disables every input and the array buttons", async () => {
    const mounted = await mountForm({ schema, uischema: layout, data: { tenant: "张三", tags: ["a"] }, readonly: true });
    const inputs = mounted.wrapper.findAll("input").map((node) => (node.element as HTMLInputElement).disabled);
    expect(inputs.every(Boolean)).toBe(true);
    expect(mounted.wrapper.find(".anju-jf-array__add").attributes("disabled")).toBeDefined();
    expect(mounted.wrapper.find(".anju-jf-array__remove").exists()).toBe(false);
  });

  it("options.readonly on one control disables only that control", async () => {
    const mounted = await mountForm({
      schema,
      uischema: form([control("#/properties/tenant", { readonly: true }), control("#/properties/note")]),
    });
    expect((fieldByLabel(mounted.wrapper, "租户姓名").find("input").element as HTMLInputElement).disabled).toBe(true);
    expect((fieldByLabel(mounted.wrapper, "备注").find("input").element as HTMLInputElement).disabled).toBe(false);
  });

  it("schema readOnly is honoured, and with separateReadonlyFromDisabled inputs are readonly rather than disabled", async () => {
    const readOnlySchema: JsonSchema = { type: "object", properties: { code: { type: "string", title: "编码", readOnly: true } } };
    const disabled = await mountForm({ schema: readOnlySchema, uischema: control("#/properties/code"), data: { code: "X1" } });
    expect((disabled.wrapper.find("input").element as HTMLInputElement).disabled).toBe(true);
    document.body.innerHTML = "";
    const readonly = await mountForm({
      schema: readOnlySchema,
      uischema: control("#/properties/code"),
      data: { code: "X1" },
      config: { separateReadonlyFromDisabled: true },
    });
    const input = readonly.wrapper.find("input").element as HTMLInputElement;
    expect(input.disabled).toBe(false);
    expect(input.readOnly).toBe(true);
  });
});
