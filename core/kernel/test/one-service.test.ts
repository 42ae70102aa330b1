import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestHost, type TestHost } from "../src/testing.js";

describe("enabling is a row, not a service", () => {
  let t: TestHost;
  beforeAll(async () => {
    t = await createTestHost({ pluginDirs: [path.join(__dirname, "fixtures/basic")] });
    const j = t.host.jurisdictions;
    await j.add({ code: "340000", name: "安徽省", level: "province" });
    for (const [code, name] of [["340100", "合肥市"], ["340700", "铜陵市"], ["340800", "安庆市"]]) await j.add({ code, name, level: "city", parentCode: "340000" });
    await t.host.plugins.install("hello");
  });
  afterAll(async () => t?.stop());

  it("keeps one hello service on the node however many jurisdictions enable it", async () => {
    const count = () => t.host.broker.registry.getServiceList({ onlyLocal: true }).filter((s: { name: string }) => s.name === "hello").length;
    expect(count()).toBe(1);
    for (const code of ["340100", "340700", "340800"]) await t.host.plugins.enable("hello", code);
    expect(count()).toBe(1);
    const rows: Array<{ n: number }> = await t.host.ds.query("SELECT COUNT(*) AS n FROM anju_plugin_jurisdiction WHERE plugin_id = 'hello'");
    expect(Number(rows[0].n)).toBe(3);
  });
});
