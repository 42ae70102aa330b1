import { afterEach, describe, expect, it } from "vitest";
import type { ControlElement, JsonSchema, Translator } from "@jsonforms/core";
import { createI18n } from "../src";
import { control, fieldByLabel, mountForm, settle } from "./helpers";

afterEach(() => {
  document.body.innerHTML = "";
});

const person: JsonSchema = {
  type: "object",
  properties: {
    name: { type: "string", title: "姓名", minLength: 2, description: "与身份证一致" },
    bio: { type: "string", title: "简介" },
    secret: { type: "string", title: "密码", format: "password" },
    email: { type: "string", title: "邮箱", format: "email" },
    site: { type: "string", title: "网址", format: "uri" },
  },
  required: ["name"],
};

describe("string control", () => {
  it("shows the label with a required marker, and a zh-CN error by default", async () => {
    const form = await mountForm({ schema: person, uischema: control("#/properties/name"), data: { name: "张" } });
    const field = fieldByLabel(form.wrapper, "姓名");
    expect(field.classes()).toContain("is-required");
    expect(field.find(".anju-jf-control__error").text()).toBe("不应少于 2 个字符");
  });

  it("shows the error in English when the consumer asks for en", async () => {
    const form = await mountForm({
      schema: person,
      uischema: control("#/properties/name"),
      data: { name: "J" },
      i18n: createI18n("en"),
    });
    expect(form.errors()).toEqual(["must NOT be shorter than 2 characters"]);
  });

  it("emits the typed text as data, and clearing removes the property so `required` fires", async () => {
    const form = await mountForm({ schema: person, uischema: control("#/properties/name"), data: {} });
    const input = form.wrapper.find("input");
    await input.setValue("张三");
    expect(form.data()).toEqual({ name: "张三" });
    expect(form.errors()).toEqual([]);
    await input.setValue("");
    expect(form.data()).toEqual({});
    expect(form.errors()).toEqual(["请填写「姓名」"]);
  });

  it("names a missing required field by its label: the control's own, a translated one, or the key made readable", async () => {
    const own = await mountForm({ schema: person, uischema: { type: "Control", scope: "#/properties/name", label: "联系人" } as ControlElement, data: {} });
    expect(own.errors()).toEqual(["请填写「联系人」"]);
    const translated = await mountForm({
      schema: person, uischema: control("#/properties/name"), data: {},
      i18n: createI18n("en", ((key: string, fallback?: string) => (key === "name.label" ? "Full name" : fallback)) as Translator),
    });
    expect(translated.errors()).toEqual(["“Full name” is required"]);
    const untitled: JsonSchema = { type: "object", properties: { contactName: { type: "string" } }, required: ["contactName"] };
    const bare = await mountForm({ schema: untitled, uischema: control("#/properties/contactName"), data: {}, i18n: createI18n("en") });
    expect(bare.errors()).toEqual(["“Contact Name” is required"]);
  });

  it("hides the required marker with hideRequiredAsterisk", async () => {
    const form = await mountForm({
      schema: person,
      uischema: control("#/properties/name", { hideRequiredAsterisk: true }),
      data: { name: "张三" },
    });
    expect(fieldByLabel(form.wrapper, "姓名").classes()).not.toContain("is-required");
  });

  it("shows the description while focused, or always with showUnfocusedDescription", async () => {
    const form = await mountForm({ schema: person, uischema: control("#/properties/name"), data: { name: "张三" } });
    expect(form.wrapper.find(".anju-jf-control__description").exists()).toBe(false);
    await form.wrapper.find(".anju-jf-control__body").trigger("focusin");
    expect(form.wrapper.find(".anju-jf-control__description").text()).toBe("与身份证一致");

    const always = await mountForm({
      schema: person,
      uischema: control("#/properties/name"),
      data: { name: "张三" },
      config: { showUnfocusedDescription: true },
    });
    expect(always.wrapper.find(".anju-jf-control__description").text()).toBe("与身份证一致");
  });

  it("limits input length with the restrict option", async () => {
    const form = await mountForm({
      schema: { type: "object", properties: { code: { type: "string", maxLength: 6 } } },
      uischema: control("#/properties/code", { restrict: true }),
    });
    expect(form.wrapper.find("input").attributes("maxlength")).toBe("6");
  });
});

describe("multi-line control", () => {
  it("renders a textarea for options.multi and emits its text", async () => {
    const form = await mountForm({ schema: person, uischema: control("#/properties/bio", { multi: true }) });
    expect(form.labels()).toEqual(["简介"]);
    const textarea = form.wrapper.find("textarea");
    await textarea.setValue("第一行\n第二行");
    expect(form.data()).toEqual({ bio: "第一行\n第二行" });
  });
});

describe("password control", () => {
  it("masks the value for format: password and emits it", async () => {
    const form = await mountForm({ schema: person, uischema: control("#/properties/secret") });
    const input = form.wrapper.find("input");
    expect(input.attributes("type")).toBe("password");
    expect(form.labels()).toEqual(["密码"]);
    await input.setValue("s3cret!");
    expect(form.data()).toEqual({ secret: "s3cret!" });
  });
});

describe("formatted string control", () => {
  it("uses an email input and shows the format error in zh-CN", async () => {
    const form = await mountForm({ schema: person, uischema: control("#/properties/email"), data: { email: "nobody" } });
    expect(form.wrapper.find("input").attributes("type")).toBe("email");
    expect(form.errors()).toEqual(['应当匹配格式 "email"']);
    await form.wrapper.find("input").setValue("a@b.cn");
    expect(form.data()).toEqual({ email: "a@b.cn" });
    expect(form.errors()).toEqual([]);
  });

  it("uses a url input for format: uri, with the English error when asked", async () => {
    const form = await mountForm({
      schema: person,
      uischema: control("#/properties/site"),
      data: { site: "not a uri" },
      i18n: createI18n("en"),
    });
    expect(form.wrapper.find("input").attributes("type")).toBe("url");
    expect(form.errors()).toEqual(['must match format "uri"']);
  });
});

describe("descriptions and errors for assistive technology", () => {
  const noteOf = (el: Element) => {
    const id = el.getAttribute("aria-describedby");
    return id ? document.getElementById(id)?.textContent?.trim() : undefined;
  };

  it("ties the description to the input, then the error in its place, and marks it invalid", async () => {
    const form = await mountForm({ schema: person, uischema: control("#/properties/name"), data: { name: "张三" }, config: { showUnfocusedDescription: true } });
    const input = form.wrapper.find("input").element;
    expect(noteOf(input)).toBe("与身份证一致");
    expect(input.getAttribute("aria-invalid")).toBeNull();
    await form.wrapper.find("input").setValue("张");
    await settle();
    expect(noteOf(input)).toBe("不应少于 2 个字符");
    expect(input.getAttribute("aria-invalid")).toBe("true");
  });

  it("describes nothing when there is nothing to read", async () => {
    const form = await mountForm({ schema: person, uischema: control("#/properties/bio"), data: {} });
    expect(form.wrapper.find("input").attributes("aria-describedby")).toBeUndefined();
  });

  it("ties a choice's description to its radio buttons", async () => {
    const schema: JsonSchema = { type: "object", properties: { kind: { type: "string", title: "类型", description: "按营业执照", enum: ["a", "b"] } } };
    const form = await mountForm({ schema, uischema: control("#/properties/kind", { format: "radio" }), data: {}, config: { showUnfocusedDescription: true } });
    const radios = form.wrapper.findAll("input[type=radio]");
    expect(radios.length).toBe(2);
    for (const r of radios) expect(noteOf(r.element)).toBe("按营业执照");
  });
});
