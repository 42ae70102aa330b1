import { afterEach, describe, expect, it } from "vitest";
import type { JsonSchema } from "@jsonforms/core";
import type { UISchemaElement } from "@jsonforms/core";
import { createI18n } from "../src";
import { control, mountForm, settle } from "./helpers";

afterEach(() => {
  document.body.innerHTML = "";
});

const schema: JsonSchema = {
  type: "object",
  properties: {
    name: { type: "string", title: "姓名", minLength: 2 },
    phone: { type: "string", title: "电话" },
    address: { type: "string", title: "地址" },
  },
};

const ui = (value: unknown) => value as UISchemaElement;

describe("vertical layout", () => {
  it("renders its children in order and passes data changes through", async () => {
    const form = await mountForm({
      schema,
      uischema: ui({ type: "VerticalLayout", elements: [control("#/properties/name"), control("#/properties/phone")] }),
    });
    expect(form.wrapper.find(".anju-jf-vertical").exists()).toBe(true);
    expect(form.labels()).toEqual(["姓名", "电话"]);
    await form.wrapper.findAll("input")[1].setValue("13800000000");
    expect(form.data()).toEqual({ phone: "13800000000" });
  });
});

describe("horizontal layout", () => {
  it("puts each child in an equal column", async () => {
    const form = await mountForm({
      schema,
      uischema: ui({ type: "HorizontalLayout", elements: [control("#/properties/name"), control("#/properties/phone")] }),
      data: { name: "张" },
    });
    const columns = form.wrapper.findAll(".anju-jf-horizontal > .el-col");
    expect(columns).toHaveLength(2);
    expect(columns[0].classes()).toContain("el-col-sm-12");
    expect(form.errors()).toEqual(["不应少于 2 个字符"]);
  });
});

describe("group", () => {
  it("draws a titled card around its children", async () => {
    const form = await mountForm({
      schema,
      uischema: ui({ type: "Group", label: "联系方式", elements: [control("#/properties/phone")] }),
    });
    const group = form.wrapper.find(".anju-jf-group");
    expect(group.find(".anju-jf-group__title").text()).toBe("联系方式");
    expect(group.find(".el-form-item__label").text()).toBe("电话");
  });
});

const categorization = (options?: Record<string, unknown>) =>
  ui({
    type: "Categorization",
    ...(options ? { options } : {}),
    elements: [
      { type: "Category", label: "基本信息", elements: [control("#/properties/name")] },
      { type: "Category", label: "联系方式", elements: [control("#/properties/phone")] },
      { type: "Category", label: "住址", elements: [control("#/properties/address")] },
    ],
  });

describe("categorization (tabs)", () => {
  it("shows one tab per category and switches panels on click", async () => {
    const form = await mountForm({ schema, uischema: categorization() });
    const tabs = form.wrapper.findAll(".el-tabs__item");
    expect(tabs.map((tab) => tab.text())).toEqual(["基本信息", "联系方式", "住址"]);
    const active = () => form.wrapper.find(".el-tab-pane[aria-hidden=false]") ;
    expect(active().find(".el-form-item__label").text()).toBe("姓名");
    await tabs[1].trigger("click");
    await settle();
    expect(active().find(".el-form-item__label").text()).toBe("电话");
  });
});

describe("categorization (stepper)", () => {
  it('shows steps for variant "stepper" and walks with next/back in zh-CN', async () => {
    const form = await mountForm({ schema, uischema: categorization({ variant: "stepper" }) });
    expect(form.wrapper.findAll(".el-step__title").map((step) => step.text())).toEqual(["基本信息", "联系方式", "住址"]);
    expect(form.labels()).toEqual(["姓名"]);
    expect(form.wrapper.find(".anju-jf-stepper__back").exists()).toBe(false);
    const next = form.wrapper.find(".anju-jf-stepper__next");
    expect(next.text()).toBe("下一步");
    await next.trigger("click");
    expect(form.labels()).toEqual(["电话"]);
    await form.wrapper.find(".anju-jf-stepper__back").trigger("click");
    expect(form.labels()).toEqual(["姓名"]);
    await form.wrapper.findAll(".el-step")[2].trigger("click");
    expect(form.labels()).toEqual(["地址"]);
    expect(form.wrapper.find(".anju-jf-stepper__next").exists()).toBe(false);
  });

  it("labels the buttons in English when asked, and hides them with showNavButtons: false", async () => {
    const en = await mountForm({ schema, uischema: categorization({ variant: "stepper" }), i18n: createI18n("en") });
    expect(en.wrapper.find(".anju-jf-stepper__next").text()).toBe("Next");
    document.body.innerHTML = "";
    const bare = await mountForm({ schema, uischema: categorization({ variant: "stepper", showNavButtons: false }) });
    expect(bare.wrapper.find(".anju-jf-stepper__nav").exists()).toBe(false);
  });
});

describe("label", () => {
  it("renders its text", async () => {
    const form = await mountForm({
      schema,
      uischema: ui({ type: "VerticalLayout", elements: [{ type: "Label", text: "请如实填写" }, control("#/properties/name")] }),
    });
    expect(form.wrapper.find(".anju-jf-label").text()).toBe("请如实填写");
  });
});
