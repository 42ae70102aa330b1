import { afterEach, describe, expect, it } from "vitest";
import type { JsonSchema } from "@jsonforms/core";
import { createI18n } from "../src";
import { toRfc3339 } from "../src/util/datetime";
import { control, mountForm } from "./helpers";

afterEach(() => {
  document.body.innerHTML = "";
});

const schema: JsonSchema = {
  type: "object",
  properties: {
    born: { type: "string", format: "date", title: "出生日期" },
    opens: { type: "string", format: "time", title: "开放时间" },
    reported: { type: "string", format: "date-time", title: "上报时间" },
  },
};

const type = async (form: Awaited<ReturnType<typeof mountForm>>, text: string) => {
  const input = form.wrapper.find("input");
  await input.setValue(text);
  await input.trigger("change");
};

describe("date control", () => {
  it("stores YYYY-MM-DD and shows a format error in zh-CN", async () => {
    const form = await mountForm({ schema, uischema: control("#/properties/born") });
    expect(form.labels()).toEqual(["出生日期"]);
    await type(form, "1990-03-15");
    expect(form.data()).toEqual({ born: "1990-03-15" });

    document.body.innerHTML = "";
    const bad = await mountForm({ schema, uischema: control("#/properties/born"), data: { born: "15/03/1990" } });
    expect(bad.errors()).toEqual(['应当匹配格式 "date"']);
  });

  it("honours dateSaveFormat", async () => {
    const form = await mountForm({
      schema: { type: "object", properties: { born: { type: "string", title: "出生日期" } } },
      uischema: control("#/properties/born", { format: "date", dateSaveFormat: "YYYY/MM/DD" }),
    });
    await type(form, "1990-03-15");
    expect(form.data()).toEqual({ born: "1990/03/15" });
  });
});

describe("time control", () => {
  it("stores HH:mm:ss", async () => {
    const form = await mountForm({ schema, uischema: control("#/properties/opens") });
    expect(form.labels()).toEqual(["开放时间"]);
    expect(form.wrapper.find("input").attributes("placeholder")).toBe("选择时间");
    await type(form, "08:30:00");
    expect(form.data()).toEqual({ opens: "08:30:00" });
  });
});

describe("date-time control", () => {
  it("stores RFC 3339 with the local offset, which ajv accepts", async () => {
    const form = await mountForm({ schema, uischema: control("#/properties/reported") });
    expect(form.labels()).toEqual(["上报时间"]);
    await type(form, "2024-05-01 09:30:00");
    const stored = (form.data() as { reported: string }).reported;
    expect(stored).toMatch(/^2024-05-01T09:30:00[+-]\d\d:\d\d$/);
    expect(new Date(stored).getTime()).toBe(new Date(2024, 4, 1, 9, 30, 0).getTime());
    expect(form.errors()).toEqual([]);
  });

  it("shows a stored UTC value and reports a malformed one in English when asked", async () => {
    const shown = await mountForm({ schema, uischema: control("#/properties/reported"), data: { reported: "2024-05-01T01:30:00.000Z" } });
    const expected = new Date("2024-05-01T01:30:00.000Z");
    const pad = (n: number) => String(n).padStart(2, "0");
    expect(shown.wrapper.find<HTMLInputElement>("input").element.value).toBe(
      `2024-${pad(expected.getMonth() + 1)}-${pad(expected.getDate())} ${pad(expected.getHours())}:30:00`,
    );
    document.body.innerHTML = "";
    const bad = await mountForm({
      schema,
      uischema: control("#/properties/reported"),
      data: { reported: "yesterday" },
      i18n: createI18n("en"),
    });
    expect(bad.errors()).toEqual(['must match format "date-time"']);
  });

  it("writes offsets east and west of UTC", () => {
    const date = new Date(2024, 0, 2, 3, 4, 5);
    const text = toRfc3339(date);
    expect(new Date(text).getTime()).toBe(date.getTime());
    expect(text.startsWith("2024-01-02T03:04:05")).toBe(true);
  });
});
