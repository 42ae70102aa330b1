/** A manifest page the console could not draw is reported field by field, in both languages. */
import { describe, expect, it } from "vitest";
import { pageProblems } from "../src/index.js";

const known = new Set(["demo.items.list", "demo.items.update"]);
const check = (page: Record<string, unknown>) => pageProblems({ key: "p", title: { "zh-CN": "页", en: "Page" }, ...page }, (a) => known.has(a));

describe("manifest page checks", () => {
  it("finds nothing wrong with a sound table page", () => {
    expect(check({ type: "table", action: "demo.items.list", columns: ["name", { key: "state", width: 90 }], filters: ["state"], actions: { update: "demo.items.update" } })).toEqual([]);
  });

  it("names each broken field of a table page", () => {
    const problems = check({ type: "table", action: "demo.items.lst", columns: "name", filters: [1], actions: { update: 3 } });
    expect(problems.map((p) => p.field)).toEqual(["action", "actions.update", "filters", "columns"]);
    expect(problems[0].message["zh-CN"]).toContain("demo.items.lst");
    expect(problems[0].message["zh-CN"]).toContain("不存在");
    expect(problems[0].message.en).toContain("does not exist");
    expect(problems[3].message["zh-CN"]).toBe("columns 应为列表");
  });

  it("asks a table page for its columns and checks each one", () => {
    expect(check({ type: "table", action: "demo.items.list" }).map((p) => p.field)).toEqual(["columns"]);
    expect(check({ type: "table", action: "demo.items.list", columns: ["name", { width: 3 }, ""] }).map((p) => p.field)).toEqual(["columns[1]", "columns[2]"]);
    // A detail page without columns shows every field.
    expect(check({ type: "detail", action: "demo.items.list" })).toEqual([]);
  });

  it("checks a chart's kind and fields and a form's UI schema", () => {
    expect(check({ type: "chart", action: "demo.items.list", chart: { type: "radar", y: "online" } }).map((p) => p.field)).toEqual(["chart.type", "chart.y"]);
    expect(check({ type: "chart", action: "demo.items.list", chart: "bar" }).map((p) => p.field)).toEqual(["chart"]);
    expect(check({ type: "form", action: "demo.items.update", uischema: { elements: [] } }).map((p) => p.field)).toEqual(["uischema.type"]);
    expect(check({ type: "form", action: "demo.items.update", schema: [], uischema: "VerticalLayout" }).map((p) => p.field)).toEqual(["schema", "uischema"]);
  });
});
