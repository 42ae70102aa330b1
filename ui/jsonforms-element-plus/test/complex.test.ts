import { afterEach, describe, expect, it } from "vitest";
import type { JsonSchema } from "@jsonforms/core";
import { createI18n } from "../src";
import { control, mountForm, settle } from "./helpers";

afterEach(() => {
  document.body.innerHTML = "";
});

describe("object control", () => {
  const schema: JsonSchema = {
    type: "object",
    properties: {
      owner: {
        type: "object",
        title: "户主",
        properties: { name: { type: "string", title: "姓名" }, idCard: { type: "string", title: "身份证号", pattern: "^\\d{17}[\\dX]$" } },
        required: ["name"],
      },
    },
  };

  it("renders the nested object as a titled group with its own required markers and errors", async () => {
    const form = await mountForm({ schema, uischema: control("#/properties/owner"), data: { owner: { name: "张三", idCard: "123" } } });
    expect(form.wrapper.find(".anju-jf-group__title").text()).toBe("户主");
    expect(form.labels()).toEqual(["姓名", "身份证号"]);
    expect(form.wrapper.find(".el-form-item.is-required .el-form-item__label").text()).toBe("姓名");
    expect(form.errors()).toEqual(["格式不正确"]);
    await form.wrapper.findAll("input")[1].setValue("11010519491231002X");
    expect(form.data()).toEqual({ owner: { name: "张三", idCard: "11010519491231002X" } });
    expect(form.errors()).toEqual([]);
  });

  it("words a pattern error from the field's x-pattern-message, in the form's language, never as the regex", async () => {
    const hinted = {
      type: "object",
      properties: { idCard: { type: "string", title: "身份证号", pattern: "^\\d{17}[\\dX]$", "x-pattern-message": { "zh-CN": "请输入 18 位身份证号", en: "enter an 18-character ID number" } } },
    };
    const form = await mountForm({ schema: hinted, uischema: control("#/properties/idCard"), data: { idCard: "123" } });
    expect(form.errors()).toEqual(["请输入 18 位身份证号"]);
    expect(form.wrapper.text()).not.toContain("\\d{17}");
  });

  it("uses options.detail when given", async () => {
    const form = await mountForm({
      schema,
      uischema: control("#/properties/owner", {
        detail: { type: "HorizontalLayout", elements: [control("#/properties/idCard")] },
      }),
    });
    expect(form.wrapper.find(".anju-jf-horizontal").exists()).toBe(true);
    expect(form.labels()).toEqual(["身份证号"]);
  });
});

describe("oneOf combinator", () => {
  const schema: JsonSchema = {
    type: "object",
    properties: {
      contact: {
        title: "联系方式",
        oneOf: [
          { title: "手机", type: "object", properties: { mobile: { type: "string", title: "手机号" } }, required: ["mobile"] },
          { title: "邮箱", type: "object", properties: { email: { type: "string", title: "邮箱地址", format: "email" } }, required: ["email"] },
        ],
      },
    },
  };

  it("offers the alternatives, renders the chosen one's form and switches on click", async () => {
    const form = await mountForm({ schema, uischema: control("#/properties/contact") });
    const choices = form.wrapper.findAll(".el-radio-button");
    expect(choices.map((choice) => choice.text())).toEqual(["手机", "邮箱"]);
    expect(form.labels()).toEqual(["联系方式", "手机号"]);
    await choices[1].find("input").setValue(true);
    await settle();
    expect(form.labels()).toEqual(["联系方式", "邮箱地址"]);
    await form.wrapper.findAll("input").at(-1)!.setValue("a@b.cn");
    expect(form.data()).toEqual({ contact: { email: "a@b.cn" } });
  });

  it("starts on the alternative the data fits", async () => {
    const form = await mountForm({ schema, uischema: control("#/properties/contact"), data: { contact: { email: "a@b.cn" } } });
    expect(form.labels()).toEqual(["联系方式", "邮箱地址"]);
  });
});

describe("anyOf combinator", () => {
  it("shows a tab per alternative over the same data", async () => {
    const form = await mountForm({
      schema: {
        type: "object",
        properties: {
          address: {
            title: "地址",
            anyOf: [
              { title: "门牌", type: "object", properties: { door: { type: "string", title: "门牌号" } } },
              { title: "坐标", type: "object", properties: { lat: { type: "number", title: "纬度" } } },
            ],
          },
        },
      },
      uischema: control("#/properties/address"),
      data: { address: {} },
    });
    expect(form.wrapper.findAll(".el-tabs__item").map((tab) => tab.text())).toEqual(["门牌", "坐标"]);
    await form.wrapper.find("input").setValue("3-201");
    expect(form.data()).toEqual({ address: { door: "3-201" } });
  });
});

describe("allOf combinator", () => {
  it("renders every part's fields and their errors in English when asked", async () => {
    const form = await mountForm({
      schema: {
        type: "object",
        properties: {
          visit: {
            allOf: [
              { type: "object", properties: { date: { type: "string", title: "日期", format: "date" } } },
              { type: "object", properties: { note: { type: "string", title: "备注", maxLength: 3 } } },
            ],
          },
        },
      },
      uischema: control("#/properties/visit"),
      data: { visit: { note: "too long" } },
      i18n: createI18n("en"),
    });
    expect(form.labels()).toEqual(["日期", "备注"]);
    expect(form.errors()).toEqual(["must NOT be longer than 3 characters"]);
    await form.wrapper.findAll("input")[1].setValue("ok");
    expect(form.data()).toEqual({ visit: { note: "ok" } });
  });
});
