import { afterEach, describe, expect, it } from "vitest";
import type { JsonSchema } from "@jsonforms/core";
import { createI18n } from "../src";
import { control, fieldByLabel, mountForm } from "./helpers";

afterEach(() => {
  document.body.innerHTML = "";
});

const schema: JsonSchema = {
  type: "object",
  properties: {
    height: { type: "number", title: "身高", minimum: 0.5 },
    floor: { type: "integer", title: "楼层", maximum: 30 },
    volume: { type: "integer", title: "音量", minimum: 0, maximum: 10, default: 3 },
  },
  required: ["floor"],
};

const type = async (form: Awaited<ReturnType<typeof mountForm>>, text: string) => {
  const input = form.wrapper.find("input");
  await input.setValue(text);
  await input.trigger("change");
};

describe("number control", () => {
  it("emits a number; a value typed below the minimum is pulled up to it", async () => {
    const form = await mountForm({ schema, uischema: control("#/properties/height") });
    expect(form.labels()).toEqual(["身高"]);
    await type(form, "1.75");
    expect(form.data()).toEqual({ height: 1.75 });
    await type(form, "0.2");
    expect(form.data()).toEqual({ height: 0.5 });
    expect(form.errors()).toEqual([]);
  });

  it("announces the schema's range, and no made-up one where the schema has none", async () => {
    const bounded = await mountForm({ schema, uischema: control("#/properties/volume") });
    const input = bounded.wrapper.find("input");
    expect(input.attributes("aria-valuemin")).toBe("0");
    expect(input.attributes("aria-valuemax")).toBe("10");
    document.body.innerHTML = "";
    const open = await mountForm({ schema: { type: "object", properties: { n: { type: "number", title: "数量" } } }, uischema: control("#/properties/n") });
    expect(open.wrapper.find("input").attributes("aria-valuemin")).toBeUndefined();
    expect(open.wrapper.find("input").attributes("aria-valuemax")).toBeUndefined();
  });

  it("keeps a loaded value outside the range as it is and shows the range error in zh-CN", async () => {
    const form = await mountForm({ schema, uischema: control("#/properties/height"), data: { height: 0.2 } });
    expect(form.data()).toEqual({ height: 0.2 });
    expect(form.wrapper.find("input").element.value).toBe("0.2");
    expect(form.errors()).toEqual(["应当为 >= 0.5"]);
  });

  it("removes the property when cleared", async () => {
    const form = await mountForm({ schema, uischema: control("#/properties/height"), data: { height: 2 } });
    await type(form, "");
    expect(form.data()).toEqual({});
  });
});

describe("integer control", () => {
  it("rounds to an integer, marks required, and reports maximum in English when asked", async () => {
    const form = await mountForm({ schema, uischema: control("#/properties/floor"), i18n: createI18n("en") });
    expect(fieldByLabel(form.wrapper, "楼层").classes()).toContain("is-required");
    await type(form, "12.6");
    expect(form.data()).toEqual({ floor: 13 });
    await type(form, "31");
    expect(form.data()).toEqual({ floor: 30 });
    document.body.innerHTML = "";
    const loaded = await mountForm({ schema, uischema: control("#/properties/floor"), data: { floor: 31 }, i18n: createI18n("en") });
    expect(loaded.data()).toEqual({ floor: 31 });
    expect(loaded.errors()).toEqual(["must be <= 30"]);
  });
});

describe("slider control", () => {
  it("renders a slider for options.slider with the schema's bounds and emits the value", async () => {
    const form = await mountForm({ schema, uischema: control("#/properties/volume", { slider: true }) });
    const slider = form.wrapper.find(".el-slider");
    expect(slider.exists()).toBe(true);
    expect(form.labels()).toEqual(["音量"]);
    // The slider's own number box (show-input) is the keyboard path a user has.
    const input = slider.find(".el-input-number input");
    await input.setValue("7");
    await input.trigger("change");
    expect(form.data()).toEqual({ volume: 7 });
  });
});
