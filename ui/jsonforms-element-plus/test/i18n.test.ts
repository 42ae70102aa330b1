import { afterEach, describe, expect, it } from "vitest";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import localize from "ajv-i18n";
import type { ErrorTranslator, JsonSchema, Translator, UISchemaElement } from "@jsonforms/core";
import { createI18n, localizeAjvError } from "../src";
import { control, mountForm, settle } from "./helpers";

afterEach(() => {
  document.body.innerHTML = "";
});

const schema: JsonSchema = {
  type: "object",
  properties: {
    name: { type: "string", title: "姓名", minLength: 2 },
    rooms: { type: "array", title: "房间", items: { type: "string" } },
  },
};
const nameOnly = control("#/properties/name");

describe("locale", () => {
  it("defaults to zh-CN when no i18n is given", async () => {
    const form = await mountForm({ schema, uischema: nameOnly, data: { name: "张" } });
    expect(form.errors()).toEqual(["不应少于 2 个字符"]);
  });

  it("follows a plain { locale: 'en' } without any helper", async () => {
    const form = await mountForm({ schema, uischema: nameOnly, data: { name: "J" }, i18n: { locale: "en" } });
    expect(form.errors()).toEqual(["must NOT be shorter than 2 characters"]);
  });

  it("switches language live when the i18n prop changes", async () => {
    const form = await mountForm({ schema, uischema: nameOnly, data: { name: "J" }, i18n: createI18n("zh-CN") });
    expect(form.errors()).toEqual(["不应少于 2 个字符"]);
    await form.wrapper.setProps({ i18n: createI18n("en") });
    await settle();
    expect(form.errors()).toEqual(["must NOT be shorter than 2 characters"]);
  });

  it("treats zh-TW / zh-HK as Chinese and other locales as English", async () => {
    expect(createI18n("zh-TW").locale).toBe("zh-CN");
    expect(createI18n("de-DE").locale).toBe("en");
  });
});

describe("consumer translations", () => {
  const translate: Translator = ((key: string, fallback?: string) =>
    ({ "name.label": "Full name", "name.error.minLength": "Too short!", "rooms.addTooltip": "New room" })[key] ?? fallback) as Translator;

  it("translate renames labels and overrides an error per keyword, in any locale", async () => {
    const form = await mountForm({ schema, uischema: nameOnly, data: { name: "J" }, i18n: createI18n("zh-CN", translate) });
    expect(form.labels()).toEqual(["Full name"]);
    expect(form.errors()).toEqual(["Too short!"]);
  });

  it("translate renames the renderers' own buttons by JSON Forms' array keys", async () => {
    const form = await mountForm({ schema, uischema: control("#/properties/rooms"), data: { rooms: [] }, i18n: createI18n("en", translate) });
    expect(form.wrapper.find(".anju-jf-array__add").text()).toBe("New room");
    expect(form.wrapper.find(".anju-jf-array__empty").text()).toBe("No data");
  });

  it("a consumer's own translateError is used as is", async () => {
    const translateError: ErrorTranslator = (error) => `[${error.keyword}]`;
    const form = await mountForm({ schema, uischema: nameOnly, data: { name: "J" }, i18n: { locale: "zh-CN", translateError } });
    expect(form.errors()).toEqual(["[minLength]"]);
  });
});

describe("same text as the server", () => {
  // core/forms localizes with ajv-i18n's zh and en: the browser must say the same sentence.
  const probe: JsonSchema = {
    type: "object",
    properties: {
      code: { type: "string", pattern: "^[A-Z]{2}$" },
      count: { type: "integer", minimum: 1, maximum: 9 },
      email: { type: "string", format: "email" },
      kind: { type: "string", enum: ["a", "b"] },
      list: { type: "array", items: { type: "string" }, minItems: 2 },
    },
    required: ["need"],
  };
  const data = { code: "x", count: 20, email: "no", kind: "c", list: ["one"] };

  const serverMessages = (lang: "zh" | "en") => {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(probe);
    validate(data);
    const copies = (validate.errors ?? []).map((error) => ({ ...error, params: { ...error.params } }));
    localize[lang](copies);
    return { errors: validate.errors ?? [], messages: copies.map((copy) => copy.message) };
  };

  it.each([
    ["zh-CN", "zh"],
    ["en", "en"],
  ] as const)("%s", (locale, lang) => {
    const server = serverMessages(lang);
    expect(server.errors.length).toBe(6);
    expect(server.errors.map((error) => localizeAjvError(error, locale))).toEqual(server.messages);
  });

  it("the rendered form shows exactly the server's zh-CN sentences", async () => {
    const uischema = {
      type: "VerticalLayout",
      elements: ["code", "count", "email", "kind", "list"].map((key) => control(`#/properties/${key}`)),
    } as UISchemaElement;
    const form = await mountForm({ schema: probe, uischema, data });
    // A pattern is worded, not shown as the regex: core/forms' field errors say 格式不正确 too
    // (core/forms/test/submissions.test.ts checks the server side of the same sentence).
    const { errors, messages } = serverMessages("zh");
    const expected = messages
      .map((message, i) => (errors[i].keyword === "pattern" ? "格式不正确" : message))
      .filter((message) => !message?.includes("need"));
    expect(form.errors().sort()).toEqual([...expected].sort());
  });
});
