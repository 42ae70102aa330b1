import { afterEach, describe, expect, it } from "vitest";
import type { JsonSchema, UISchemaElement } from "@jsonforms/core";
import { NO_RENDERER, control, mountForm } from "./helpers";

afterEach(() => {
  document.body.innerHTML = "";
});

/** One schema that exercises every control, layout, array form and combinator the set handles. */
const schema: JsonSchema = {
  type: "object",
  properties: {
    name: { type: "string", title: "姓名", minLength: 2, description: "与身份证一致" },
    bio: { type: "string", title: "简介" },
    password: { type: "string", title: "密码", format: "password" },
    email: { type: "string", title: "邮箱", format: "email" },
    site: { type: "string", title: "网址", format: "uri" },
    height: { type: "number", title: "身高" },
    floor: { type: "integer", title: "楼层" },
    volume: { type: "integer", title: "音量", minimum: 0, maximum: 10, default: 5 },
    resident: { type: "boolean", title: "常住" },
    notify: { type: "boolean", title: "通知" },
    kind: { type: "string", title: "类型", enum: ["自住", "出租"] },
    kindRadio: { type: "string", title: "类型（单选）", enum: ["自住", "出租"] },
    level: { type: "string", title: "等级", oneOf: [{ const: "low", title: "低" }, { const: "high", title: "高" }] },
    levelRadio: { type: "string", title: "等级（单选）", oneOf: [{ const: "low", title: "低" }, { const: "high", title: "高" }] },
    born: { type: "string", title: "出生日期", format: "date" },
    opens: { type: "string", title: "开放时间", format: "time" },
    reported: { type: "string", title: "上报时间", format: "date-time" },
    owner: { type: "object", title: "户主", properties: { name: { type: "string" }, phone: { type: "string" } } },
    tags: { type: "array", title: "标签", items: { type: "string" }, maxItems: 3 },
    members: { type: "array", title: "成员", items: { type: "object", properties: { name: { type: "string" }, age: { type: "integer" } } } },
    buildings: {
      type: "array",
      title: "楼栋",
      items: { type: "object", properties: { code: { type: "string" }, rooms: { type: "array", items: { type: "string" } } } },
    },
    visitors: { type: "array", title: "访客", items: { type: "object", properties: { name: { type: "string" } } } },
    services: { type: "array", title: "服务", uniqueItems: true, items: { type: "string", enum: ["养老", "托育"] } },
    contact: {
      title: "联系方式",
      oneOf: [
        { title: "手机", type: "object", properties: { mobile: { type: "string" } } },
        { title: "邮箱", type: "object", properties: { mail: { type: "string" } } },
      ],
    },
    address: { title: "地址", anyOf: [{ type: "object", properties: { door: { type: "string" } } }, { type: "string" }] },
    visit: {
      allOf: [
        { type: "object", properties: { date: { type: "string", format: "date" } } },
        { type: "object", properties: { note: { type: "string" } } },
      ],
    },
  },
  required: ["name"],
};

const c = control;
const uischema = {
  type: "Categorization",
  elements: [
    {
      type: "Category",
      label: "文本",
      elements: [
        { type: "Label", text: "请如实填写" },
        {
          type: "HorizontalLayout",
          elements: [c("#/properties/name"), c("#/properties/password")],
        },
        c("#/properties/bio", { multi: true }),
        {
          type: "Group",
          label: "联系",
          elements: [c("#/properties/email"), c("#/properties/site")],
          rule: { effect: "SHOW", condition: { scope: "#/properties/resident", schema: { const: true } } },
        },
      ],
    },
    {
      type: "Category",
      label: "数值与选项",
      elements: [
        {
          type: "VerticalLayout",
          elements: [
            c("#/properties/height"),
            c("#/properties/floor"),
            c("#/properties/volume", { slider: true }),
            c("#/properties/resident"),
            c("#/properties/notify", { toggle: true }),
            c("#/properties/kind"),
            c("#/properties/kindRadio", { format: "radio" }),
            c("#/properties/level"),
            c("#/properties/levelRadio", { format: "radio" }),
            c("#/properties/born"),
            c("#/properties/opens"),
            c("#/properties/reported"),
          ],
        },
      ],
    },
    {
      type: "Category",
      label: "结构",
      elements: [
        c("#/properties/owner"),
        c("#/properties/tags"),
        c("#/properties/members"),
        c("#/properties/buildings"),
        { type: "ListWithDetail", scope: "#/properties/visitors" },
        c("#/properties/services"),
        c("#/properties/contact"),
        c("#/properties/address"),
        c("#/properties/visit"),
        {
          type: "Categorization",
          options: { variant: "stepper" },
          elements: [
            { type: "Category", label: "一", elements: [c("#/properties/name")] },
            { type: "Category", label: "二", elements: [c("#/properties/floor")] },
          ],
        },
      ],
    },
  ],
} as unknown as UISchemaElement;

const data = {
  name: "张三",
  resident: true,
  owner: { name: "李四" },
  tags: ["甲"],
  members: [{ name: "王五", age: 30 }],
  buildings: [{ code: "A1", rooms: ["101"] }],
  visitors: [{ name: "赵六" }],
  services: ["养老"],
  contact: { mobile: "13800000000" },
  address: { door: "3-201" },
  visit: { note: "ok" },
};

describe("a form with every element", () => {
  it("renders with no unknown-renderer fallback anywhere", async () => {
    const form = await mountForm({ schema, uischema, data });
    const html = form.wrapper.html();
    expect(html).not.toContain(NO_RENDERER);
    // Every category is rendered (tab panes stay in the DOM), so this covers all three.
    const categoryTabs = form.wrapper.findAll(".el-tabs__item").filter((tab) => tab.element.closest(".anju-jf-any-of") === null);
    expect(categoryTabs.map((tab) => tab.text())).toEqual(["文本", "数值与选项", "结构"]);
    for (const part of [
      ".anju-jf-label",
      ".anju-jf-horizontal",
      ".anju-jf-group",
      "textarea",
      "input[type=password]",
      "input[type=email]",
      "input[type=url]",
      ".el-input-number",
      ".el-slider",
      ".el-checkbox",
      ".el-switch",
      ".el-select",
      ".el-radio-group",
      ".el-date-editor",
      ".anju-jf-array--table",
      ".anju-jf-array--list",
      ".anju-jf-master-detail",
      ".el-checkbox-group",
      ".anju-jf-one-of",
      ".anju-jf-any-of",
      ".anju-jf-all-of",
      ".anju-jf-stepper",
    ]) {
      expect(form.wrapper.find(part).exists(), part).toBe(true);
    }
  });

  it("a schema-only form (generated UI schema) renders too", async () => {
    const form = await mountForm({ schema, data });
    expect(form.wrapper.html()).not.toContain(NO_RENDERER);
    expect(form.labels()).toContain("姓名");
  });

  it("the unknown-renderer text is what JSON Forms shows when nothing matches (the assertion above can fail)", async () => {
    const form = await mountForm({ schema, uischema: c("#/properties/name"), renderers: [] });
    expect(form.wrapper.text()).toContain(NO_RENDERER);
  });
});
