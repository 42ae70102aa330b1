import { afterEach, describe, expect, it } from "vitest";
import type { JsonSchema } from "@jsonforms/core";
import { createI18n } from "../src";
import { control, dropdownOptions, mountForm, settle } from "./helpers";

afterEach(() => {
  document.body.innerHTML = "";
});

const schema: JsonSchema = {
  type: "object",
  properties: {
    kind: { type: "string", title: "房屋类型", enum: ["自住", "出租", "空置"] },
    level: {
      type: "string",
      title: "风险等级",
      oneOf: [
        { const: "low", title: "低" },
        { const: "high", title: "高" },
      ],
    },
  },
};

const pick = async (label: string) => {
  const option = dropdownOptions().find((node) => node.textContent?.trim() === label);
  if (!option) throw new Error(`no option ${label}`);
  option.click();
  await settle();
};

describe("enum control", () => {
  it("offers the enum values in a select and emits the picked one", async () => {
    const form = await mountForm({ schema, uischema: control("#/properties/kind") });
    expect(form.labels()).toEqual(["房屋类型"]);
    expect(dropdownOptions().map((node) => node.textContent?.trim())).toEqual(["自住", "出租", "空置"]);
    await pick("出租");
    expect(form.data()).toEqual({ kind: "出租" });
  });

  it("shows the enum error in zh-CN by default and in English when asked", async () => {
    const zh = await mountForm({ schema, uischema: control("#/properties/kind"), data: { kind: "其他" } });
    expect(zh.errors()).toEqual(["应当是预设定的枚举值之一"]);
    document.body.innerHTML = "";
    const en = await mountForm({ schema, uischema: control("#/properties/kind"), data: { kind: "其他" }, i18n: createI18n("en") });
    expect(en.errors()).toEqual(["must be equal to one of the allowed values"]);
  });
});

describe("enum radio control", () => {
  it('renders radios for options.format "radio" and emits the checked value', async () => {
    const form = await mountForm({ schema, uischema: control("#/properties/kind", { format: "radio" }) });
    const radios = form.wrapper.findAll(".el-radio");
    expect(radios.map((node) => node.text())).toEqual(["自住", "出租", "空置"]);
    await radios[2].find("input").setValue(true);
    expect(form.data()).toEqual({ kind: "空置" });
  });
});

describe("oneOf enum control", () => {
  it("shows the titles and stores the const", async () => {
    const form = await mountForm({ schema, uischema: control("#/properties/level") });
    expect(form.labels()).toEqual(["风险等级"]);
    expect(dropdownOptions().map((node) => node.textContent?.trim())).toEqual(["低", "高"]);
    await pick("高");
    expect(form.data()).toEqual({ level: "high" });
  });

  it("shows an invalid value's error", async () => {
    const form = await mountForm({ schema, uischema: control("#/properties/level"), data: { level: "mid" } });
    expect(form.errors()).toEqual(['只能匹配一个 "oneOf" 中的 schema']);
  });
});

describe("oneOf enum radio control", () => {
  it('renders radios labelled with the titles for options.format "radio"', async () => {
    const form = await mountForm({ schema, uischema: control("#/properties/level", { format: "radio" }) });
    const radios = form.wrapper.findAll(".el-radio");
    expect(radios.map((node) => node.text())).toEqual(["低", "高"]);
    await radios[0].find("input").setValue(true);
    expect(form.data()).toEqual({ level: "low" });
  });
});
