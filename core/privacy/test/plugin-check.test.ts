/**
 * H11 at install: a plugin may hold only the personal information it declares, and everything
 * it declares must be encrypted. The privacy module checks the plugin's code against its
 * manifest when it is installed (and again at every load and upgrade).
 */
import { afterEach, describe, expect, it } from "vitest";
import { createTestHost, type TestHost } from "@anju/kernel/testing";
import { privacyModule } from "../src/index.js";
import { PLUGINS } from "./helpers.js";

describe("privacy module: plugin PI declarations (H11)", () => {
  let t: TestHost | undefined;
  afterEach(async () => { await t?.stop(); t = undefined; });

  it("refuses a plugin whose entity encrypts a field its manifest does not declare, and names the field", async () => {
    t = await createTestHost({ pluginDirs: [PLUGINS], modules: [privacyModule()] });
    const refused = await t.host.plugins.install("pi-undeclared").then(() => null, (err: unknown) => err);
    expect(refused).toMatchObject({ type: "PI_DECLARATION_MISMATCH" });
    expect((refused as Error).message).toContain("PiVisitor.phone");
    const info = (await t.host.plugins.list()).find((p) => p.id === "pi-undeclared");
    // Nothing half-installed: no table, and the plugin is not usable.
    expect(info?.state).not.toBe("installed");
    const tables = await t.host.ds.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'pi_visitor'");
    expect(tables).toEqual([]);
  });

  it("installs a plugin whose declarations match its encrypted fields", async () => {
    t = await createTestHost({ pluginDirs: [PLUGINS], modules: [privacyModule()] });
    await t.host.plugins.install("pi-residents");
    expect((await t.host.plugins.list()).find((p) => p.id === "pi-residents")?.state).toBe("installed");
  });
});
