import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LEVELS, systemContext } from "@anju/kernel";
import { createTestHost, testDbKinds, type TestHost } from "@anju/kernel/testing";
import { privacyModule } from "@anju/privacy";
import { COMMANDS, DEMO_JURISDICTIONS, seedDemo, wantsDemo } from "../src/index.js";
import { LEVEL_ORDER } from "../src/commands/jurisdiction.js";
import { PLUGINS } from "./helpers.js";

describe.each(testDbKinds())("demo seeding on %s", (kind) => {
  let t: TestHost;
  beforeAll(async () => {
    t = await createTestHost({ db: kind, pluginDirs: [PLUGINS], autoInstall: ["community"], config: { demo: { seed: true } }, modules: [privacyModule()] });
  }, 120_000);
  afterAll(async () => t?.stop());

  it("seeds the demo tree on an empty database, enables community at 340000 and runs its demo", async () => {
    expect(await wantsDemo(t.host)).toBe(true);
    const report = await seedDemo(t.host);
    expect(report).toMatchObject({ seeded: true, enabled: ["community"], cities: [{ plugin: "tongling-reporting", city: "340700" }, { plugin: "yiyang-fire-safety", city: "361126" }] });
    expect([...report.plugins].sort()).toEqual(["community", "tongling-reporting", "yiyang-fire-safety"]);
    // The smoke sample driver comes installed, for the demo's smoke detectors (registered where the device platform runs).
    expect(report.drivers).toEqual(["driver-smoke-json"]);
    expect((await t.host.plugins.list()).find((p) => p.id === "driver-smoke-json")?.state).toBe("installed");
    expect(report.jurisdictions).toEqual(DEMO_JURISDICTIONS.map((j) => j.code));
    expect((await t.host.jurisdictions.get("340705001")).path).toBe("/340000/340700/340705/340705001/");
    expect(t.host.plugins.cache.isEnabled("community", "340104001")).toBe(true);
    // The city plugin is in effect in its city only.
    expect([t.host.plugins.cache.isEnabled("tongling-reporting", "340705"), t.host.plugins.cache.isEnabled("tongling-reporting", "340104")]).toEqual([true, false]);
    // Yiyang's county in the second province: its plugin and the registry it requires, nowhere else.
    expect([t.host.plugins.cache.isEnabled("yiyang-fire-safety", "361126100"), t.host.plugins.cache.isEnabled("community", "361126100"), t.host.plugins.cache.isEnabled("yiyang-fire-safety", "340705")]).toEqual([true, true, false]);
    // Its demo seeded 弋阳县's communities, which the county sees.
    const yiyang = await t.host.call<{ total: number }>("community.communities.list", { pageSize: 1 }, systemContext("361126"));
    expect(yiyang.total).toBeGreaterThan(0);
  });

  it("does not seed again once the tree has nodes", async () => {
    expect(await wantsDemo(t.host)).toBe(false);
  });
});

describe("command table", () => {
  it("knows the kernel's jurisdiction levels in order", () => {
    expect(LEVEL_ORDER).toEqual(LEVELS);
  });

  it("gives every command unique words and a usage line that starts with them", () => {
    const names = COMMANDS.map((c) => c.words.join(" "));
    expect(new Set(names).size).toBe(names.length);
    for (const c of COMMANDS) expect(c.usage.startsWith(`anju ${c.words.join(" ")}`)).toBe(true);
  });
});
