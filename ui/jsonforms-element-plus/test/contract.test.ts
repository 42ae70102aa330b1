import { afterEach, describe, expect, it, vi } from "vitest";
import type { JsonSchema7 } from "@jsonforms/core";
import { createI18n } from "../src";
import { control, mountForm } from "./helpers";

afterEach(() => {
  document.body.innerHTML = "";
});

/**
 * The contract every control renderer keeps, checked for each one: it is the renderer chosen for
 * its schema/options, it shows the label, and it shows the validation error inline in zh-CN by
 * default and in English when asked. (Data changes are exercised per renderer in the other files.)
 */
interface Case {
  renderer: string;
  property: JsonSchema7;
  options?: Record<string, unknown>;
  bad: unknown;
  zh: string;
  en: string;
}

const cases: Case[] = [
  { renderer: "StringControlRenderer", property: { type: "string", minLength: 2 }, bad: "a", zh: "不应少于 2 个字符", en: "must NOT be shorter than 2 characters" },
  { renderer: "MultiStringControlRenderer", property: { type: "string", maxLength: 3 }, options: { multi: true }, bad: "abcd", zh: "不应多于 3 个字符", en: "must NOT be longer than 3 characters" },
  { renderer: "PasswordControlRenderer", property: { type: "string", format: "password", minLength: 8 }, bad: "abc", zh: "不应少于 8 个字符", en: "must NOT be shorter than 8 characters" },
  { renderer: "FormattedStringControlRenderer", property: { type: "string", format: "email" }, bad: "x", zh: '应当匹配格式 "email"', en: 'must match format "email"' },
  { renderer: "NumberControlRenderer", property: { type: "number", minimum: 1 }, bad: 0, zh: "应当为 >= 1", en: "must be >= 1" },
  { renderer: "NumberControlRenderer", property: { type: "integer", maximum: 9 }, bad: 10, zh: "应当为 <= 9", en: "must be <= 9" },
  // el-slider clamps an out-of-range value on mount, so the slider's visible error is multipleOf.
  { renderer: "SliderControlRenderer", property: { type: "integer", minimum: 0, maximum: 10, default: 4, multipleOf: 2 }, options: { slider: true }, bad: 5, zh: "应当是 2 的整数倍", en: "must be a multiple of 2" },
  { renderer: "BooleanControlRenderer", property: { type: "boolean", const: true }, bad: false, zh: "应当等于常量", en: "must be equal to constant" },
  { renderer: "BooleanControlRenderer", property: { type: "boolean", enum: [true] }, bad: false, zh: "应当是预设定的枚举值之一", en: "must be equal to one of the allowed values" },
  { renderer: "BooleanToggleControlRenderer", property: { type: "boolean", const: true }, options: { toggle: true }, bad: false, zh: "应当等于常量", en: "must be equal to constant" },
  { renderer: "EnumControlRenderer", property: { type: "string", enum: ["a", "b"] }, bad: "c", zh: "应当是预设定的枚举值之一", en: "must be equal to one of the allowed values" },
  { renderer: "EnumRadioControlRenderer", property: { type: "string", enum: ["a", "b"] }, options: { format: "radio" }, bad: "c", zh: "应当是预设定的枚举值之一", en: "must be equal to one of the allowed values" },
  { renderer: "OneOfEnumControlRenderer", property: { type: "string", oneOf: [{ const: "a", title: "A" }, { const: "b", title: "B" }] }, bad: "c", zh: '只能匹配一个 "oneOf" 中的 schema', en: 'must match exactly one schema in "oneOf"' },
  { renderer: "OneOfEnumRadioControlRenderer", property: { type: "string", oneOf: [{ const: "a", title: "A" }, { const: "b", title: "B" }] }, options: { format: "radio" }, bad: "c", zh: '只能匹配一个 "oneOf" 中的 schema', en: 'must match exactly one schema in "oneOf"' },
  { renderer: "DateControlRenderer", property: { type: "string", format: "date" }, bad: "2024-13-40", zh: '应当匹配格式 "date"', en: 'must match format "date"' },
  { renderer: "TimeControlRenderer", property: { type: "string", format: "time" }, bad: "25:99", zh: '应当匹配格式 "time"', en: 'must match format "time"' },
  { renderer: "DateTimeControlRenderer", property: { type: "string", format: "date-time" }, bad: "soon", zh: '应当匹配格式 "date-time"', en: 'must match format "date-time"' },
  { renderer: "EnumArrayRenderer", property: { type: "array", uniqueItems: true, minItems: 1, items: { type: "string", enum: ["a", "b"] } }, bad: [], zh: "不应少于 1 个项", en: "must NOT have less than 1 item" },
  { renderer: "OneOfRenderer", property: { oneOf: [{ type: "string" }, { type: "number" }] }, bad: true, zh: "应当是 string 类型", en: "must be string" },
];

const mountCase = (c: Case, locale?: "en") =>
  mountForm({
    schema: { type: "object", properties: { field: { ...c.property, title: "字段" } } },
    uischema: control("#/properties/field", c.options),
    data: { field: c.bad },
    i18n: locale ? createI18n(locale) : undefined,
  });

describe.each(cases)("$renderer ($property.type $options)", (c) => {
  it("is chosen, shows its label and the zh-CN error by default", async () => {
    const form = await mountCase(c);
    expect(form.wrapper.findComponent({ name: c.renderer }).exists()).toBe(true);
    expect(form.labels()).toContain("字段");
    expect(form.errors()).toContain(c.zh);
  });

  it("shows the English error when asked", async () => {
    const form = await mountCase(c, "en");
    expect(form.errors()).toContain(c.en);
  });
});

describe("data of the wrong type in a text field", () => {
  it("is shown as its text next to the error, without Vue rejecting the input's value", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const form = await mountCase(cases.find((c) => c.renderer === "OneOfRenderer")!);
      expect(form.errors()).toContain("应当是 string 类型");
      expect((form.wrapper.find(".el-input__inner").element as HTMLInputElement).value).toBe("true");
      expect(warn.mock.calls.map((args) => String(args[0])).filter((m) => m.includes("Invalid prop"))).toEqual([]);
    } finally {
      warn.mockRestore();
    }
  });
});
