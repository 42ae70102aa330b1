/**
 * A lifecycle step whose plugin code throws leaves the plugin visibly `failed` with the error,
 * and the database as it was: no table from its migrations, no enablement row, none of the rows
 * the hook wrote through its transaction.
 */
import { describe, expect, it } from "vitest";
import { testDbKinds } from "../src/testing.js";
import {
  TREE, enablementRows, fixture, metaValue, migrationsOf, persistedState, rejectionOf, sql, tableExists, user, useTestHost,
} from "./helpers.js";

describe.each(testDbKinds())("failing plugin code on %s", (db) => {
  const h = useTestHost(() => ({ db, pluginDirs: [fixture("failing"), fixture("basic")] }));
  const pluginInfo = async (id: string) => (await h.host.plugins.list()).find((p) => p.id === id)!;

  describe("an install hook that throws after writing rows", () => {
    it("shows the plugin as failed with the hook's error", async () => {
      const err = await rejectionOf(h.host.plugins.install("fail-install"));
      expect(err).toMatchObject({ type: "PLUGIN_HOOK_FAILED", code: 500, data: { id: "fail-install", hook: "install", error: "install hook exploded" } });
      const info = await pluginInfo("fail-install");
      expect(info).toMatchObject({ state: "failed", installedVersion: null, loaded: false });
      expect(info.error).toContain("install hook exploded");
    });

    it("leaves no table, no migration record and none of the rows it wrote", async () => {
      const { ds } = h.host;
      await rejectionOf(h.host.plugins.install("fail-install"));
      expect(await tableExists(ds, "fail_install_note")).toBe(false);
      expect(await migrationsOf(ds, "fail-install")).toEqual([]);
      expect(await metaValue(ds, "fail-install.marker")).toBeNull();
      expect(await enablementRows(ds, "fail-install")).toEqual([]);
    });

    it("cannot be enabled or called while failed", async () => {
      await rejectionOf(h.host.plugins.install("fail-install"));
      expect(await rejectionOf(h.host.plugins.enable("fail-install", TREE.hefei))).toMatchObject({ type: "PLUGIN_NOT_INSTALLED" });
      await expect(h.host.call("fail-install.ping", {}, user(TREE.hefei))).rejects.toMatchObject({ code: 404 });
    });

    it("does not take down plugins that were already working", async () => {
      await h.host.plugins.install("hello");
      await h.host.plugins.enable("hello", TREE.hefei);
      await rejectionOf(h.host.plugins.install("fail-install"));
      expect(await h.host.call("hello.greet", {}, user(TREE.hefei))).toMatchObject({ jurisdiction: TREE.hefei });
    });
  });

  describe("a migration that fails halfway", () => {
    it("reverts the migrations that ran before it and leaves none of its tables", async () => {
      const { ds } = h.host;
      const err = await rejectionOf(h.host.plugins.install("fail-migration"));
      expect(err).toMatchObject({ type: "MIGRATION_FAILED", data: { owner: "fail-migration", name: "0002-b" } });
      expect((await pluginInfo("fail-migration")).state).toBe("failed");
      expect(await tableExists(ds, "fail_migration_a")).toBe(false);
      expect(await tableExists(ds, "fail_migration_b")).toBe(false);
      expect(await migrationsOf(ds, "fail-migration")).toEqual([]);
    });
  });

  describe("a plugin whose code cannot be loaded", () => {
    it("is refused with PLUGIN_LOAD_FAILED, shown as failed, and leaves nothing else", async () => {
      const before = await persistedState(h.host.ds);
      const err = await rejectionOf(h.host.plugins.install("fail-load"));
      expect(err).toMatchObject({ type: "PLUGIN_LOAD_FAILED", data: { id: "fail-load" } });
      expect(String(err.data?.error)).toContain("fail-load cannot be imported");
      expect(await pluginInfo("fail-load")).toMatchObject({ state: "failed", installedVersion: null });
      const after = await persistedState(h.host.ds);
      expect({ ...after, plugins: [] }).toEqual({ ...before, plugins: [] });
    });
  });

  describe("an enable hook that throws after writing a row", () => {
    it("shows the plugin as failed with the error, writes no enablement row and keeps none of the hook's rows", async () => {
      const { host } = h;
      await host.plugins.install("fail-enable");
      const err = await rejectionOf(host.plugins.enable("fail-enable", TREE.hefei));
      expect(err).toMatchObject({ type: "PLUGIN_HOOK_FAILED", data: { id: "fail-enable", hook: "enable" } });

      const info = await pluginInfo("fail-enable");
      expect(info.state).toBe("failed");
      expect(info.error).toContain("enable hook exploded for 340100");
      expect(await enablementRows(host.ds, "fail-enable")).toEqual([]);
      expect(await sql(host.ds, "SELECT jurisdiction FROM fail_enable_note")).toEqual([]);
      // Its table from the (successful) install stays: only the enable step was undone.
      expect(await tableExists(host.ds, "fail_enable_note")).toBe(true);
      expect(await rejectionOf(host.call("fail-enable.ping", {}, user(TREE.hefei)))).toMatchObject({ type: "PLUGIN_NOT_ENABLED" });
    });

    it("a later enable that succeeds clears the failure", async () => {
      const { host } = h;
      await host.plugins.install("fail-enable");
      await rejectionOf(host.plugins.enable("fail-enable", TREE.yaohai));
      expect(await host.plugins.enable("fail-enable", TREE.tongling)).toEqual({ enabled: ["fail-enable"] });
      expect(await pluginInfo("fail-enable")).toMatchObject({ state: "installed", error: null });
      expect(await host.call("fail-enable.ping", {}, user(TREE.tongguan))).toBe("pong");
      expect(await sql(host.ds, "SELECT jurisdiction FROM fail_enable_note")).toEqual([{ jurisdiction: TREE.tongling }]);
    });
  });
});
