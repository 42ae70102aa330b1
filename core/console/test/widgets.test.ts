/** Home widgets declared on plugin pages: what the console gets, and what keeps a widget off. */
import { describe, expect, it } from "vitest";
import { sortWidgets, widgetsOf, type NavWidget } from "../src/index.js";

const route = { method: "GET", path: "/api/alarms/stats" };
const pagePaths = new Map([["stats", "/p/alarms/stats"], ["list", "/p/alarms/list"]]);
const from = (widgets: unknown, extra: Partial<Parameters<typeof widgetsOf>[0]> = {}) =>
  widgetsOf({ plugin: "alarms", page: { key: "stats", type: "board", widgets }, route, pagePaths, ...extra });

describe("home widgets", () => {
  it("reads a well-known widget with its route and a link to the page it names", () => {
    const { widgets, problems } = from([{ key: "open", kind: "openAlarms", value: "alarms.open", alert: true, page: "list" }]);
    expect(problems).toEqual([]);
    expect(widgets).toEqual([{
      plugin: "alarms", page: "stats", key: "open", kind: "openAlarms", title: null, icon: null,
      value: "alarms.open", total: null, note: null, alert: true, route, link: "/p/alarms/list",
    }]);
  });

  it("keeps a widget off and says why when it is declared wrongly", () => {
    const { widgets, problems } = from([
      { key: "a", kind: "alarmsOpen", value: "open" },
      { key: "b", value: "open" },
      { key: "c", kind: "openAlarms", value: "open now" },
      { key: "d", kind: "reportsDue", value: "due", note: { value: "late" } },
      { key: "e", kind: "reportsDue", value: "due" },
    ]);
    expect(widgets.map((w) => w.key)).toEqual(["e"]);
    expect(problems.map((p) => p.field)).toEqual(["widgets[0].kind", "widgets[1].title", "widgets[2].value", "widgets[3].note"]);
    expect(problems[1].message["zh-CN"]).toContain("标题");
    expect(from("open").problems.map((p) => p.field)).toEqual(["widgets"]);
  });

  it("shows nothing from a page it cannot read with GET, and links to the page itself by default", () => {
    expect(from([{ key: "open", kind: "openAlarms", value: "open" }], { route: { method: "POST", path: "/api/alarms/x" } }).widgets).toEqual([]);
    expect(from([{ key: "open", kind: "openAlarms", value: "open" }]).widgets[0].link).toBe("/p/alarms/stats");
  });

  it("gives the community registry's stats page its widgets until its manifest declares some", () => {
    const community = widgetsOf({ plugin: "community", page: { key: "stats", type: "board" }, route: { method: "GET", path: "/api/community/stats" }, pagePaths: new Map() });
    expect(community.widgets.map((w) => [w.kind, w.value, w.total])).toEqual([
      ["communities", "communities.total", null], ["devicesOnline", "devices.online", "devices.total"], [null, "facilities.total", null],
    ]);
    const own = widgetsOf({ plugin: "community", page: { key: "stats", type: "board", widgets: [] }, route, pagePaths: new Map() });
    expect(own.widgets).toEqual([]);
  });

  it("orders the well-known widgets first, as the issue lists them", () => {
    const w = (plugin: string, key: string, kind: NavWidget["kind"]) => ({ plugin, key, kind }) as NavWidget;
    const sorted = sortWidgets([w("zz", "x", null), w("reports", "due", "reportsDue"), w("alarms", "open", "openAlarms"), w("community", "c", "communities")]);
    expect(sorted.map((s) => s.key)).toEqual(["c", "open", "due", "x"]);
  });
});
