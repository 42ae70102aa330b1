import { afterEach, describe, expect, it } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";
import { nextTick } from "vue";
import type { FormChange } from "../src/api";
import FormVersions from "../src/history/FormVersions.vue";
import { describeChange } from "../src/history/describe";
import { textFor } from "../src/i18n";
import { fakeApi } from "./fakeApi";

afterEach(() => {
  document.body.innerHTML = "";
});

// What core/forms' diff answers for: a field added, a bound tightened, required added, a title changed, a layout change.
const changes: FormChange[] = [
  { section: "title", path: "title.en", kind: "changed", from: "Visits", to: "Home visits", text: "title.en Visits → Home visits" },
  { section: "schema", path: "properties.phone", kind: "added", to: { type: "string", title: "电话", "x-i18n": { en: { title: "Phone" } } }, text: "properties.phone added" },
  { section: "schema", path: "properties.fax", kind: "removed", from: { type: "string" }, text: "properties.fax removed" },
  { section: "schema", path: "properties.age.maximum", kind: "changed", from: 120, to: 100, text: "properties.age.maximum 120 → 100" },
  { section: "schema", path: "properties.age.x-i18n.en.title", kind: "added", to: "Age", text: "properties.age.x-i18n.en.title added" },
  { section: "schema", path: "properties.kind.oneOf[2]", kind: "added", to: { const: "c", title: "丙" }, text: "properties.kind.oneOf[2] added" },
  { section: "schema", path: "required", kind: "added", to: "phone", text: "required +phone" },
  { section: "schema", path: "required", kind: "removed", from: "age", text: "required -age" },
  { section: "uischema", path: "uischema.elements[#/properties/phone]", kind: "added", to: {}, text: "uischema.elements[#/properties/phone] added" },
  { section: "uischema", path: "uischema.elements", kind: "changed", text: "uischema.elements reordered" },
  { section: "uischema", path: "uischema.elements[0].label", kind: "changed", from: "甲", to: "乙", text: "uischema.elements[0].label 甲 → 乙" },
];

describe("describeChange", () => {
  it("says each change in Chinese", () => {
    const zh = textFor("zh-CN");
    expect(changes.map((c) => describeChange(c, zh, "zh-CN"))).toEqual([
      "表单标题（en）：Visits → Home visits",
      "新增字段 电话 (phone)",
      "删除字段 fax",
      "字段 age 的最大值：120 → 100",
      "字段 age 新增英文标签：Age",
      "字段 kind 新增选项 (oneOf[2])：{\"const\":\"c\",\"title\":\"丙\"}",
      "phone 改为必填",
      "age 改为选填",
      "布局中新增 phone",
      "布局顺序调整",
      "修改 uischema.elements[0].label：甲 → 乙",
    ]);
  });

  it("and in English, with the field's English title", () => {
    const en = textFor("en");
    expect(describeChange(changes[1]!, en, "en")).toBe("Field Phone (phone) added");
    expect(describeChange(changes[3]!, en, "en")).toBe("Field age, maximum: 120 → 100");
    expect(describeChange(changes[6]!, en, "en")).toBe("phone is now required");
    expect(describeChange(changes[7]!, en, "en")).toBe("age is no longer required");
    expect(describeChange(changes[9]!, en, "en")).toBe("Layout order changed");
  });

  it("shortens long values", () => {
    const long: FormChange = { section: "schema", path: "properties.a.pattern", kind: "changed", from: "x".repeat(80), to: "y", text: "" };
    expect(describeChange(long, textFor("en"), "en")).toBe(`Field a, pattern: ${"x".repeat(45)}… → y`);
  });
});

describe("FormVersions", () => {
  const settle = async () => {
    await flushPromises();
    await nextTick();
  };
  const title = { "zh-CN": "走访", en: "Visits" };
  const schema = { type: "object", properties: {} };

  it("lists versions newest first, compares the latest two at once, and compares any two on demand", async () => {
    const api = fakeApi([{ key: "v", title, schema }, { key: "v", title, schema }, { key: "v", title: { "zh-CN": "走访三", en: "Visits 3" }, schema, state: "draft" }]);
    api.diff = async (key, from, to) => {
      api.calls.push(["diff", key, from, to]);
      return { key, from, to, changes: from === 1 ? changes.slice(1, 2) : [] };
    };
    const wrapper = mount(FormVersions, { props: { api, formKey: "v", locale: "zh-CN" }, attachTo: document.body });
    await settle();
    const rows = wrapper.findAll(".el-table__body tr").map((r) => r.findAll("td").map((td) => td.text()).slice(0, 3));
    expect(rows).toEqual([["3", "草稿", "走访三"], ["2", "已发布", "走访"], ["1", "已发布", "走访"]]);
    expect(api.calls.find(([n]) => n === "diff")).toEqual(["diff", "v", 2, 3]);
    expect(wrapper.find(".anju-fd-diff__none").text()).toContain("两个版本没有差别");

    (wrapper.findComponent({ name: "ElSelect" }).vm as unknown as { $emit: (e: string, v: number) => void }).$emit("update:modelValue", 1);
    await settle();
    await wrapper.find(".anju-fd-versions__go").trigger("click");
    await settle();
    expect(api.calls.filter(([n]) => n === "diff").at(-1)).toEqual(["diff", "v", 1, 3]);
    const item = wrapper.find(".anju-fd-diff__item");
    expect(item.find(".anju-fd-diff__kind").text()).toBe("新增");
    expect(item.find(".anju-fd-diff__section").text()).toBe("字段");
    expect(item.find(".anju-fd-diff__text").text()).toBe("新增字段 电话 (phone)");
    expect(item.find(".anju-fd-diff__path").text()).toBe("properties.phone");
  });

  it("in English", async () => {
    const api = fakeApi([{ key: "v", title, schema }, { key: "v", title, schema }]);
    api.diff = async (key, from, to) => ({ key, from, to, changes: changes.slice(6, 7) });
    const wrapper = mount(FormVersions, { props: { api, formKey: "v", locale: "en" }, attachTo: document.body });
    await settle();
    expect(wrapper.findAll(".el-table__body tr")[0]!.text()).toContain("Published");
    expect(wrapper.find(".anju-fd-diff__text").text()).toBe("phone is now required");
    expect(wrapper.find(".anju-fd-diff__kind").text()).toBe("Added");
  });

  it("one version: nothing to compare", async () => {
    const api = fakeApi([{ key: "v", title, schema }]);
    const wrapper = mount(FormVersions, { props: { api, formKey: "v" }, attachTo: document.body });
    await settle();
    expect(wrapper.text()).toContain("至少需要两个版本才能比较");
    expect(api.calls.some(([n]) => n === "diff")).toBe(false);
  });
});
