import { afterEach, describe, expect, it } from "vitest";
import type { JsonSchema } from "@jsonforms/core";
import { control, mountForm } from "./helpers";

afterEach(() => {
  document.body.innerHTML = "";
});

const schema: JsonSchema = {
  type: "object",
  properties: {
    resident: { type: "boolean", title: "常住人口" },
    verified: { type: "boolean", title: "已核验", const: true },
  },
};

describe("boolean control", () => {
  it("renders a checkbox with its label and emits true/false", async () => {
    const form = await mountForm({ schema, uischema: control("#/properties/resident") });
    expect(form.labels()).toEqual(["常住人口"]);
    const box = form.wrapper.find("input[type=checkbox]");
    await box.setValue(true);
    expect(form.data()).toEqual({ resident: true });
    await box.setValue(false);
    expect(form.data()).toEqual({ resident: false });
  });

  it("keeps a must-accept boolean (const: true) a checkbox and shows its error in zh-CN", async () => {
    const form = await mountForm({ schema, uischema: control("#/properties/verified"), data: { verified: false } });
    expect(form.wrapper.find("input[type=checkbox]").exists()).toBe(true);
    expect(form.wrapper.find(".el-select").exists()).toBe(false);
    expect(form.errors()).toEqual(["应当等于常量"]);
  });
});

describe("boolean toggle control", () => {
  it("renders a switch for options.toggle and flips the value on click", async () => {
    const form = await mountForm({ schema, uischema: control("#/properties/resident", { toggle: true }) });
    expect(form.wrapper.find("input[type=checkbox].el-switch__input").exists()).toBe(true);
    expect(form.labels()).toEqual(["常住人口"]);
    await form.wrapper.find(".el-switch").trigger("click");
    expect(form.data()).toEqual({ resident: true });
  });
});
