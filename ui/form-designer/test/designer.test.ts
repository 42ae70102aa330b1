import { afterEach, describe, expect, it } from "vitest";
import { flushPromises, mount, type VueWrapper } from "@vue/test-utils";
import { nextTick } from "vue";
import FormDesigner from "../src/designer/FormDesigner.vue";
import { fakeApi, type FakeApi } from "./fakeApi";

afterEach(() => {
  document.body.innerHTML = "";
});

const settle = async () => {
  await flushPromises();
  await nextTick();
  await flushPromises();
};

async function mountDesigner(props: { api?: FakeApi; formKey?: string; locale?: string } = {}) {
  const api = props.api ?? fakeApi();
  const wrapper = mount(FormDesigner, { props: { api, formKey: props.formKey, locale: props.locale, previewMode: "tab" }, attachTo: document.body });
  await settle();
  return { wrapper, api };
}

type W = VueWrapper;
const add = async (w: W, what: string) => {
  await w.find(`.anju-fd-palette__item[data-what="${what}"]`).trigger("click");
  await settle();
};
const canvasTitles = (w: W) => w.findAll(".anju-fd-canvas .anju-fd-node__title").map((n) => n.text());
const previewLabels = (w: W) => w.findAll(".anju-fd-preview-pane__form .el-form-item__label").map((n) => n.text());
const schema = (w: W) => (w.vm as unknown as { schemas: { schema: { properties: Record<string, Record<string, unknown>>; required?: string[] }; uischema: { elements: unknown[] } } }).schemas;
const input = (w: W, selector: string) => w.find(`${selector} input, ${selector} textarea`);
const node = (w: W, key: string) => w.find(`.anju-fd-node[data-key="${key}"]`);

describe("FormDesigner: building a form", () => {
  it("the palette's add button places a field, selects it and the preview shows it", async () => {
    const { wrapper } = await mountDesigner();
    expect(wrapper.find(".anju-fd-canvas").text()).toContain("从左侧拖入字段");
    await add(wrapper, "text");
    expect(canvasTitles(wrapper)).toEqual(["单行文本 1"]);
    expect(node(wrapper, "text1").classes()).toContain("is-selected");
    expect(previewLabels(wrapper)).toEqual(["单行文本 1"]);
    // The panel shows the new field.
    expect((input(wrapper, ".anju-fd-field-props__key").element as HTMLInputElement).value).toBe("text1");
  });

  it("editing the label changes canvas, preview and schema; the English label shows in English", async () => {
    const { wrapper } = await mountDesigner();
    await add(wrapper, "text");
    await wrapper.find(".anju-fd-field-props__label .anju-fd-text__zh input").setValue("姓名");
    await wrapper.find(".anju-fd-field-props__label .anju-fd-text__en input").setValue("Name");
    await settle();
    expect(canvasTitles(wrapper)).toEqual(["姓名"]);
    expect(previewLabels(wrapper)).toEqual(["姓名"]);
    expect(schema(wrapper).schema.properties.text1).toMatchObject({ title: "姓名", "x-i18n": { en: { title: "Name" } } });
    await wrapper.setProps({ locale: "en" });
    await settle();
    expect(previewLabels(wrapper)).toEqual(["Name"]);
    expect(canvasTitles(wrapper)).toEqual(["Name"]);
    expect(wrapper.find(".anju-fd-palette").text()).toContain("Single-line text");
  });

  it("toggling required marks the field on the canvas and in the preview", async () => {
    const { wrapper } = await mountDesigner();
    await add(wrapper, "email");
    expect(node(wrapper, "email1").find(".anju-fd-node__required").exists()).toBe(false);
    await wrapper.find(".anju-fd-field-props__required input").setValue(true);
    await settle();
    expect(node(wrapper, "email1").find(".anju-fd-node__required").exists()).toBe(true);
    expect(wrapper.find(".anju-fd-preview-pane__form .el-form-item").classes()).toContain("is-required");
    expect(schema(wrapper).schema.required).toEqual(["email1"]);
  });

  it("an invalid or taken key is refused with a message and the field keeps its key", async () => {
    const { wrapper } = await mountDesigner();
    await add(wrapper, "text");
    await add(wrapper, "number");
    const key = input(wrapper, ".anju-fd-field-props__key");
    await key.setValue("1x");
    await settle();
    expect(wrapper.find(".anju-fd-field-props__key-error").text()).toContain("须以英文字母开头");
    await key.setValue("text1");
    await settle();
    expect(wrapper.find(".anju-fd-field-props__key-error").text()).toContain("text1 已被使用");
    expect(Object.keys(schema(wrapper).schema.properties)).toEqual(["text1", "number1"]);
    await key.setValue("age");
    await settle();
    expect(Object.keys(schema(wrapper).schema.properties)).toEqual(["text1", "age"]);
    expect(node(wrapper, "age").exists()).toBe(true);
  });

  it("min/max, pattern and options reach the schema; a radio choice shows its options in the preview", async () => {
    const { wrapper } = await mountDesigner();
    await add(wrapper, "integer");
    await input(wrapper, ".anju-fd-field-props__min").setValue("1");
    await input(wrapper, ".anju-fd-field-props__max").setValue("9");
    await settle();
    expect(schema(wrapper).schema.properties.count1).toMatchObject({ type: "integer", minimum: 1, maximum: 9 });
    await add(wrapper, "choice");
    const radio = wrapper.findAll(".anju-fd-field-props .el-radio-button").find((b) => b.text() === "单选按钮")!;
    await radio.find("input").setValue(true);
    await wrapper.findAll(".anju-fd-options__zh input")[0]!.setValue("是的");
    await wrapper.find(".anju-fd-options__add").trigger("click");
    await settle();
    expect(schema(wrapper).schema.properties.choice1!.oneOf).toHaveLength(3);
    const labels = wrapper.findAll(".anju-fd-preview-pane__form .el-radio").map((r) => r.text());
    expect(labels).toEqual(["是的", "选项 2", "选项 3"]);
  });

  it("containers: a field added while a group is selected goes into it; the preview draws the group", async () => {
    const { wrapper } = await mountDesigner();
    await add(wrapper, "group");
    await wrapper.find(".anju-fd-layout-props__label .anju-fd-text__zh input").setValue("联系方式");
    await settle();
    await add(wrapper, "phone");
    expect(wrapper.find(".anju-fd-node--group .anju-fd-node[data-key='phone1']").exists()).toBe(true);
    expect(wrapper.find(".anju-fd-preview-pane__form .el-card").text()).toContain("联系方式");
    expect(wrapper.find(".anju-fd-preview-pane__form .el-card").text()).toContain("手机号码 1");
    expect(schema(wrapper).uischema.elements).toEqual([
      { type: "Group", label: "联系方式", "x-i18n": { en: { label: "Group" } }, elements: [{ type: "Control", scope: "#/properties/phone1" }] },
    ]);
  });

  it("a categorization shows as tabs and switches to steps", async () => {
    const { wrapper } = await mountDesigner();
    await add(wrapper, "categorization");
    expect(wrapper.findAll(".anju-fd-preview-pane__form .el-tabs__item").map((n) => n.text())).toEqual(["第 1 部分", "第 2 部分"]);
    const steps = wrapper.findAll(".anju-fd-layout-props .el-radio-button").find((b) => b.text() === "步骤条")!;
    await steps.find("input").setValue(true);
    await settle();
    expect(wrapper.findAll(".anju-fd-preview-pane__form .el-step").length).toBe(2);
    await wrapper.find(".anju-fd-node__add-category").trigger("click");
    await settle();
    expect(wrapper.findAll(".anju-fd-preview-pane__form .el-step").length).toBe(3);
    // A field put into the new (selected) category shows in the preview on its step.
    await add(wrapper, "text");
    expect(wrapper.findAll(".anju-fd-node--category")[2]!.find(".anju-fd-node[data-key='text1']").exists()).toBe(true);
    expect(previewLabels(wrapper)).toEqual([]);
    await wrapper.findAll(".anju-fd-preview-pane__form .el-step")[2]!.trigger("click");
    await settle();
    expect(previewLabels(wrapper)).toEqual(["单行文本 1"]);
  });

  it("reorders with up/down and deletes", async () => {
    const { wrapper } = await mountDesigner();
    await add(wrapper, "text");
    await add(wrapper, "date");
    await add(wrapper, "time");
    expect(previewLabels(wrapper)).toEqual(["单行文本 1", "日期 1", "时间 1"]);
    await node(wrapper, "time1").find(".anju-fd-node__up").trigger("click");
    await settle();
    expect(previewLabels(wrapper)).toEqual(["单行文本 1", "时间 1", "日期 1"]);
    expect(node(wrapper, "text1").find(".anju-fd-node__up").attributes("disabled")).toBeDefined();
    await node(wrapper, "text1").find(".anju-fd-node__down").trigger("click");
    await node(wrapper, "date1").find(".anju-fd-node__remove").trigger("click");
    await settle();
    expect(previewLabels(wrapper)).toEqual(["时间 1", "单行文本 1"]);
    // Deleting the selected element (the last added) empties the property panel.
    expect(node(wrapper, "time1").classes()).toContain("is-selected");
    await node(wrapper, "time1").find(".anju-fd-node__remove").trigger("click");
    await settle();
    expect(previewLabels(wrapper)).toEqual(["单行文本 1"]);
    expect(wrapper.find(".anju-fd-panel").text()).toContain("在画布上选择一个元素");
  });

  it("drags a palette item into a drop zone and moves a field by dragging it", async () => {
    const { wrapper } = await mountDesigner();
    await add(wrapper, "text");
    await add(wrapper, "group");
    const dataTransfer = { setData() {}, effectAllowed: "", dropEffect: "" };
    await wrapper.find(`.anju-fd-palette__item[data-what="number"]`).trigger("dragstart", { dataTransfer });
    const inGroup = wrapper.find(".anju-fd-node--group .anju-fd-drop");
    await inGroup.trigger("dragover", { dataTransfer });
    expect(inGroup.classes()).toContain("is-over");
    await inGroup.trigger("drop", { dataTransfer });
    await settle();
    expect(wrapper.find(".anju-fd-node--group .anju-fd-node[data-key='number1']").exists()).toBe(true);
    // Drag text1 (top level, first) to the end of the top level.
    await node(wrapper, "text1").trigger("dragstart", { dataTransfer });
    const zones = wrapper.findAll(".anju-fd-canvas > .anju-fd-drop");
    await zones.at(-1)!.trigger("drop", { dataTransfer });
    await settle();
    expect(Object.keys(schema(wrapper).schema.properties)).toEqual(["number1", "text1"]);
    // A categorization accepts no field directly: its zones refuse the drag.
    await add(wrapper, "categorization");
    await wrapper.find(`.anju-fd-palette__item[data-what="text"]`).trigger("dragstart", { dataTransfer });
    const catZone = wrapper.find(".anju-fd-node--categorization > .anju-fd-node__children > .anju-fd-drop");
    await catZone.trigger("dragover", { dataTransfer });
    expect(catZone.classes()).not.toContain("is-over");
  });

  it("a rule hides a field in the preview until the watched field has the value", async () => {
    const { wrapper } = await mountDesigner();
    await add(wrapper, "boolean");
    await add(wrapper, "textarea");
    const effect = wrapper.find(".anju-fd-rule__effect");
    await effect.find("input").trigger("click");
    await settle();
    const show = Array.from(document.querySelectorAll<HTMLElement>(".el-select-dropdown__item")).find((o) => o.textContent?.trim() === "显示")!;
    show.click();
    await settle();
    expect(schema(wrapper).uischema.elements[1]).toMatchObject({
      rule: { effect: "SHOW", condition: { scope: "#/properties/flag1", schema: { const: true } } },
    });
    expect(node(wrapper, "notes1").find(".anju-fd-node__rule").attributes("title")).toBe("是/否 1 等于 是 时显示");
    expect(previewLabels(wrapper)).toEqual(["是/否 1"]);
    await wrapper.find(".anju-fd-preview-pane__form .el-checkbox input").setValue(true);
    await settle();
    expect(previewLabels(wrapper)).toEqual(["是/否 1", "多行文本 1"]);
    // Deleting the watched field drops the rule with it.
    await node(wrapper, "flag1").find(".anju-fd-node__remove").trigger("click");
    await settle();
    expect(schema(wrapper).uischema.elements[0]).toEqual({ type: "Control", scope: "#/properties/notes1", options: { multi: true } });
  });

  it("undo and redo", async () => {
    const { wrapper } = await mountDesigner();
    await add(wrapper, "text");
    await add(wrapper, "number");
    await wrapper.find(".anju-fd-toolbar__undo").trigger("click");
    await settle();
    expect(Object.keys(schema(wrapper).schema.properties)).toEqual(["text1"]);
    await wrapper.find(".anju-fd-toolbar__redo").trigger("click");
    await settle();
    expect(Object.keys(schema(wrapper).schema.properties)).toEqual(["text1", "number1"]);
  });
});

describe("FormDesigner: JSON view", () => {
  const edited = {
    type: "object",
    properties: { who: { type: "string", title: "填报人" }, agree: { type: "boolean", title: "同意" } },
    required: ["who"],
  };

  it("editing the JSON and applying it updates canvas and preview", async () => {
    const { wrapper } = await mountDesigner();
    await add(wrapper, "text");
    await input(wrapper, ".anju-fd-json__schema").setValue(JSON.stringify(edited));
    await input(wrapper, ".anju-fd-json__uischema").setValue(JSON.stringify({ type: "VerticalLayout", elements: [{ type: "Control", scope: "#/properties/agree", options: { toggle: true } }] }));
    await wrapper.find(".anju-fd-json__apply").trigger("click");
    await settle();
    expect(canvasTitles(wrapper)).toEqual(["同意", "填报人*"]);
    expect(previewLabels(wrapper)).toEqual(["同意", "填报人"]);
    expect(wrapper.find(".anju-fd-preview-pane__form .el-switch").exists()).toBe(true);
    expect(node(wrapper, "who").find(".anju-fd-node__required").exists()).toBe(true);
    expect(wrapper.find(".anju-fd-json__error").exists()).toBe(false);
    // Undo brings the designer's own form back.
    await wrapper.find(".anju-fd-toolbar__undo").trigger("click");
    await settle();
    expect(canvasTitles(wrapper)).toEqual(["单行文本 1"]);
  });

  it("designer changes show in the JSON", async () => {
    const { wrapper } = await mountDesigner();
    await add(wrapper, "phone");
    const text = (input(wrapper, ".anju-fd-json__schema").element as HTMLTextAreaElement).value;
    expect(JSON.parse(text).properties.phone1.pattern).toBe("^1[3-9]\\d{9}$");
  });

  it.each([
    ["a syntax error", "{ \"type\": \"object\", ", "JSON Schema 不是有效的 JSON"],
    ["a root that is no object schema", JSON.stringify({ type: "array" }), "JSON Schema 的根须为"],
  ])("%s is shown inline and the designer stays as it was", async (_what, text, message) => {
    const { wrapper } = await mountDesigner();
    await add(wrapper, "text");
    await input(wrapper, ".anju-fd-json__schema").setValue(text);
    await wrapper.find(".anju-fd-json__apply").trigger("click");
    await settle();
    expect(wrapper.find(".anju-fd-json__error").text()).toContain(message);
    expect(canvasTitles(wrapper)).toEqual(["单行文本 1"]);
    expect(previewLabels(wrapper)).toEqual(["单行文本 1"]);
  });

  it("a UI schema naming a missing field is refused with its scope", async () => {
    const { wrapper } = await mountDesigner();
    await add(wrapper, "text");
    await input(wrapper, ".anju-fd-json__uischema").setValue(JSON.stringify({ type: "VerticalLayout", elements: [{ type: "Control", scope: "#/properties/ghost" }] }));
    await wrapper.find(".anju-fd-json__apply").trigger("click");
    await settle();
    expect(wrapper.find(".anju-fd-json__error").text()).toContain("#/properties/ghost");
    expect(canvasTitles(wrapper)).toEqual(["单行文本 1"]);
    // Revert puts the designer's JSON back.
    await wrapper.find(".anju-fd-json__revert").trigger("click");
    await settle();
    expect(JSON.parse((input(wrapper, ".anju-fd-json__uischema").element as HTMLTextAreaElement).value).elements[0].scope).toBe("#/properties/text1");
  });
});

describe("FormDesigner: saving, publishing, history", () => {
  async function newForm() {
    const ctx = await mountDesigner();
    const { wrapper } = ctx;
    await input(wrapper, ".anju-fd-toolbar__key").setValue("monthly-safety");
    await input(wrapper, ".anju-fd-toolbar__title-zh").setValue("月度安全检查");
    await input(wrapper, ".anju-fd-toolbar__title-en").setValue("Monthly safety check");
    await add(wrapper, "text");
    return ctx;
  }

  it("the first save creates the form; publish publishes it; the next save starts version 2", async () => {
    const { wrapper, api } = await newForm();
    await wrapper.find(".anju-fd-toolbar__save").trigger("click");
    await settle();
    expect(api.calls.find(([n]) => n === "create")).toEqual([
      "create",
      { key: "monthly-safety", title: { "zh-CN": "月度安全检查", en: "Monthly safety check" }, schema: schema(wrapper).schema, uischema: schema(wrapper).uischema },
    ]);
    expect(wrapper.emitted("created")).toEqual([["monthly-safety"]]);
    expect(wrapper.find(".anju-fd-status").text()).toBe("草稿已保存（第 1 版）");
    expect(wrapper.find(".anju-fd-toolbar__state").text()).toContain("第 1 版 · 草稿");

    await wrapper.find(".anju-fd-toolbar__publish").trigger("click");
    await settle();
    expect(api.calls.filter(([n]) => n === "create" || n === "saveDraft")).toHaveLength(1);
    expect(wrapper.find(".anju-fd-status").text()).toBe("已发布第 1 版");
    expect(wrapper.find(".anju-fd-toolbar__state").text()).toContain("已发布");

    await add(wrapper, "date");
    expect(wrapper.find(".anju-fd-toolbar__dirty").exists()).toBe(true);
    await wrapper.find(".anju-fd-toolbar__save").trigger("click");
    await settle();
    expect(api.calls.find(([n]) => n === "saveDraft")).toEqual(["saveDraft", "monthly-safety", expect.objectContaining({ version: 1 })]);
    expect(wrapper.find(".anju-fd-toolbar__state").text()).toContain("第 2 版 · 草稿");
    expect(wrapper.find(".anju-fd-toolbar__dirty").exists()).toBe(false);
  });

  it("refuses to save without a valid key, both titles, or with problems in the form", async () => {
    const { wrapper, api } = await mountDesigner();
    await wrapper.find(".anju-fd-toolbar__save").trigger("click");
    await settle();
    expect(wrapper.find(".anju-fd-error").text()).toContain("表单标识格式不正确");
    await input(wrapper, ".anju-fd-toolbar__key").setValue("safety");
    await wrapper.find(".anju-fd-toolbar__save").trigger("click");
    await settle();
    expect(wrapper.find(".anju-fd-error").text()).toContain("请填写中英文标题");
    await input(wrapper, ".anju-fd-toolbar__title-zh").setValue("安全");
    await input(wrapper, ".anju-fd-toolbar__title-en").setValue("Safety");
    await add(wrapper, "choice");
    await wrapper.findAll(".anju-fd-options__value input")[1]!.setValue("option1");
    await wrapper.find(".anju-fd-toolbar__save").trigger("click");
    await settle();
    expect(wrapper.find(".anju-fd-error").text()).toContain("请先修正 1 处问题");
    expect(wrapper.find(".anju-fd-field-props__problem").text()).toContain("选项值 option1 重复");
    expect(api.calls.some(([n]) => n === "create")).toBe(false);
  });

  it("shows the server's refusal", async () => {
    const api = fakeApi([{ key: "taken", title: { "zh-CN": "甲", en: "A" }, schema: { type: "object", properties: {} } }]);
    const { wrapper } = await mountDesigner({ api });
    await input(wrapper, ".anju-fd-toolbar__key").setValue("taken");
    await input(wrapper, ".anju-fd-toolbar__title-zh").setValue("乙");
    await input(wrapper, ".anju-fd-toolbar__title-en").setValue("B");
    await wrapper.find(".anju-fd-toolbar__save").trigger("click");
    await settle();
    expect(wrapper.find(".anju-fd-error").text()).toContain("表单标识已被使用");
    expect(wrapper.emitted("created")).toBeUndefined();
  });

  it("opens the latest version of an existing form, draft included", async () => {
    const api = fakeApi([
      { key: "visits", title: { "zh-CN": "走访", en: "Visits" }, schema: { type: "object", properties: { a: { type: "string", title: "甲" } } } },
      { key: "visits", title: { "zh-CN": "走访 2", en: "Visits 2" }, schema: { type: "object", properties: { a: { type: "string", title: "甲" }, b: { type: "integer", title: "乙" } }, required: ["b"] }, state: "draft" },
    ]);
    const { wrapper } = await mountDesigner({ api, formKey: "visits" });
    expect(canvasTitles(wrapper)).toEqual(["甲", "乙*"]);
    expect((input(wrapper, ".anju-fd-toolbar__title-zh").element as HTMLInputElement).value).toBe("走访 2");
    expect(wrapper.find(".anju-fd-toolbar__state").text()).toContain("第 2 版 · 草稿");
    expect(wrapper.find(".anju-fd-toolbar__dirty").exists()).toBe(false);
    // Opening is no edit: nothing to undo.
    expect(wrapper.find(".anju-fd-toolbar__undo").attributes("disabled")).toBeDefined();
  });

  it("a plugin's form opens as an extension: saving sends the whole form to the extension route", async () => {
    const api = fakeApi([
      { key: "forms-demo.inspection", title: { "zh-CN": "巡查", en: "Inspection" }, schema: { type: "object", properties: { a: { type: "string", title: "甲" } } }, plugin: "forms-demo" },
    ]);
    const { wrapper } = await mountDesigner({ api, formKey: "forms-demo.inspection" });
    expect(wrapper.text()).toContain("扩展插件表单");
    expect(wrapper.find(".anju-fd-toolbar__publish").exists()).toBe(false);
    expect(input(wrapper, ".anju-fd-toolbar__title-zh").attributes("disabled")).toBeDefined();
    await add(wrapper, "phone");
    await wrapper.find(".anju-fd-toolbar__save").trigger("click");
    await settle();
    const call = api.calls.find(([n]) => n === "extend")!;
    expect(call[1]).toBe("forms-demo.inspection");
    expect(Object.keys((call[2] as { schema: { properties: object } }).schema.properties)).toEqual(["a", "phone1"]);
    expect(wrapper.find(".anju-fd-status").text()).toBe("扩展已保存");
    expect(wrapper.emitted("extended")).toEqual([["forms-demo.inspection"]]);
  });

  it("tells the host when there are unsaved changes", async () => {
    const { wrapper } = await mountDesigner();
    await add(wrapper, "text");
    expect(wrapper.emitted("dirty")).toEqual([[true]]);
  });

  it("a missing form says so", async () => {
    const { wrapper } = await mountDesigner({ formKey: "nope" });
    expect(wrapper.find(".anju-fd-load-error").text()).toContain("表单 nope 不存在");
  });

  it("the history drawer lists the versions and describes the diff", async () => {
    const api = fakeApi([
      { key: "visits", title: { "zh-CN": "走访", en: "Visits" }, schema: { type: "object", properties: {} } },
      { key: "visits", title: { "zh-CN": "走访", en: "Visits" }, schema: { type: "object", properties: {} } },
    ]);
    api.diff = async (key, from, to) => ({
      key, from, to,
      changes: [{ section: "schema", path: "properties.phone", kind: "added", to: { type: "string", title: "电话" }, text: "properties.phone added" }],
    });
    const { wrapper } = await mountDesigner({ api, formKey: "visits" });
    await wrapper.find(".anju-fd-toolbar__history").trigger("click");
    await settle();
    const drawer = document.querySelector(".el-drawer")!;
    expect(drawer.querySelectorAll(".el-table__body tr")).toHaveLength(2);
    expect(drawer.querySelector(".anju-fd-diff")!.textContent).toContain("新增字段 电话 (phone)");
  });
});
