/**
 * The plugin lifecycle as an integrator drives it: install → enable/disable per jurisdiction →
 * upgrade → uninstall, on SQLite and MariaDB, each test on its own fresh database.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { testDbKinds } from "../src/testing.js";
import {
  TREE, enablementRows, fixture, migrationsOf, persistedState, rejectionOf, sql, tableExists, user, useTestHost,
} from "./helpers.js";

interface Greeting { id: number; text: string; jurisdictionCode: string; mood?: string }

describe.each(testDbKinds())("plugin lifecycle on %s", (db) => {
  // Upgrades come from unsigned fixture folders outside the plugin folder: the development
  // override lets them in (signature checks have their own tests in core/packaging).
  const h = useTestHost(() => ({ db, pluginDirs: [fixture("basic")], allowUnsignedPlugins: true }));
  const greet = (jurisdiction: string) => h.host.call<{ message: string; jurisdiction: string }>("hello.greet", { name: "张三" }, user(jurisdiction));
  const pluginInfo = async (id: string) => (await h.host.plugins.list()).find((p) => p.id === id)!;

  describe("install", () => {
    it("runs the plugin's migrations, records them in anju_migration and creates its table", async () => {
      const { host } = h;
      expect(await pluginInfo("hello")).toMatchObject({ state: "available", installedVersion: null, availableVersion: "1.0.0" });
      expect(await tableExists(host.ds, "hello_greeting")).toBe(false);

      expect(await host.plugins.install("hello")).toEqual({ installed: ["hello"] });

      expect(await migrationsOf(host.ds, "hello")).toEqual(["0001-greeting"]);
      expect(await tableExists(host.ds, "hello_greeting")).toBe(true);
      expect(await pluginInfo("hello")).toMatchObject({ state: "installed", error: null, installedVersion: "1.0.0", loaded: true, jurisdictions: [], signature: { status: "builtin" } });
    });

    it("installs what the plugin requires first", async () => {
      expect(await h.host.plugins.install("needs-hello")).toEqual({ installed: ["hello", "needs-hello"] });
      expect((await pluginInfo("hello")).state).toBe("installed");
    });

    it("refuses a second install of the same plugin with PLUGIN_ALREADY_INSTALLED and runs nothing again", async () => {
      await h.host.plugins.install("hello");
      const before = await persistedState(h.host.ds);
      const err = await rejectionOf(h.host.plugins.install("hello"));
      expect(err).toMatchObject({ type: "PLUGIN_ALREADY_INSTALLED", code: 409 });
      expect(await persistedState(h.host.ds)).toEqual(before);
    });

    it("refuses an unknown plugin id with PLUGIN_NOT_FOUND", async () => {
      expect(await rejectionOf(h.host.plugins.install("no-such-plugin"))).toMatchObject({ type: "PLUGIN_NOT_FOUND", code: 404 });
    });
  });

  describe("enable and disable per jurisdiction", () => {
    it("an installed plugin answers nobody until it is enabled", async () => {
      await h.host.plugins.install("hello");
      const err = await rejectionOf(greet(TREE.hefei));
      expect(err).toMatchObject({ type: "PLUGIN_NOT_ENABLED", code: 403, data: { id: "hello", jurisdiction: TREE.hefei } });
    });

    it("enabled at a city, it works there and in its counties, not in the sibling city nor the province above", async () => {
      const { host } = h;
      await host.plugins.install("hello");
      expect(await host.plugins.enable("hello", TREE.hefei)).toEqual({ enabled: ["hello"] });

      expect(await greet(TREE.hefei)).toEqual({ message: "你好，张三", jurisdiction: TREE.hefei });
      expect(await greet(TREE.yaohai)).toEqual({ message: "你好，张三", jurisdiction: TREE.yaohai });
      for (const outside of [TREE.tongling, TREE.tongguan, TREE.province]) {
        expect(await rejectionOf(greet(outside))).toMatchObject({ type: "PLUGIN_NOT_ENABLED", code: 403 });
      }
      expect(await enablementRows(host.ds, "hello")).toEqual([{ jurisdiction: TREE.hefei, enabled: true }]);
      expect((await pluginInfo("hello")).jurisdictions).toEqual([{ jurisdiction: TREE.hefei, enabled: true }]);
    });

    it("disabled again, its calls are refused again and the enablement row is gone", async () => {
      const { host } = h;
      await host.plugins.install("hello");
      await host.plugins.enable("hello", TREE.hefei);
      expect(await host.plugins.disable("hello", TREE.hefei)).toEqual({ disabled: ["hello"] });
      for (const j of [TREE.hefei, TREE.yaohai]) {
        expect(await rejectionOf(greet(j))).toMatchObject({ type: "PLUGIN_NOT_ENABLED", code: 403 });
      }
      expect(await enablementRows(host.ds, "hello")).toEqual([]);
    });

    it("disabling at a county under an enabled city writes an explicit off row; re-enabling there turns it back on", async () => {
      const { host } = h;
      await host.plugins.install("hello");
      await host.plugins.enable("hello", TREE.hefei);

      expect(await host.plugins.disable("hello", TREE.yaohai)).toEqual({ disabled: ["hello"] });
      expect(await enablementRows(host.ds, "hello")).toEqual([
        { jurisdiction: TREE.hefei, enabled: true },
        { jurisdiction: TREE.yaohai, enabled: false },
      ]);
      expect(await rejectionOf(greet(TREE.yaohai))).toMatchObject({ type: "PLUGIN_NOT_ENABLED" });
      expect((await greet(TREE.luyang)).jurisdiction).toBe(TREE.luyang);
      expect((await greet(TREE.hefei)).jurisdiction).toBe(TREE.hefei);

      expect(await host.plugins.enable("hello", TREE.yaohai)).toEqual({ enabled: ["hello"] });
      expect((await greet(TREE.yaohai)).jurisdiction).toBe(TREE.yaohai);
      expect(await enablementRows(host.ds, "hello")).toEqual([
        { jurisdiction: TREE.hefei, enabled: true },
        { jurisdiction: TREE.yaohai, enabled: true },
      ]);
    });

    it("enabling where it is already on, or disabling where it is off, changes nothing", async () => {
      const { host } = h;
      await host.plugins.install("hello");
      await host.plugins.enable("hello", TREE.hefei);
      const before = await persistedState(host.ds);
      expect(await host.plugins.enable("hello", TREE.yaohai)).toEqual({ enabled: [] });
      expect(await host.plugins.disable("hello", TREE.tongling)).toEqual({ disabled: [] });
      expect(await persistedState(host.ds)).toEqual(before);
    });

    it("enable and disable of a plugin that is not installed → PLUGIN_NOT_INSTALLED", async () => {
      expect(await rejectionOf(h.host.plugins.enable("hello", TREE.hefei))).toMatchObject({ type: "PLUGIN_NOT_INSTALLED", code: 409 });
      expect(await rejectionOf(h.host.plugins.disable("hello", TREE.hefei))).toMatchObject({ type: "PLUGIN_NOT_INSTALLED", code: 409 });
      expect(await enablementRows(h.host.ds, "hello")).toEqual([]);
    });
  });

  describe("requirements", () => {
    it("enabling a plugin also enables the plugin it requires there, and says so", async () => {
      const { host } = h;
      await host.plugins.install("needs-hello");
      expect(await host.plugins.enable("needs-hello", TREE.hefei)).toEqual({ enabled: ["hello", "needs-hello"] });
      expect(await host.call("needs-hello.ping", {}, user(TREE.yaohai))).toBe("pong");
      expect((await greet(TREE.yaohai)).jurisdiction).toBe(TREE.yaohai);
      expect(await enablementRows(host.ds, "hello")).toEqual([{ jurisdiction: TREE.hefei, enabled: true }]);
    });

    it("disabling a required plugin where a dependent is enabled → PLUGIN_REQUIRED_BY naming the dependent, nothing changed", async () => {
      const { host } = h;
      await host.plugins.install("needs-hello");
      await host.plugins.enable("needs-hello", TREE.hefei);
      const before = await persistedState(host.ds);

      for (const where of [TREE.hefei, TREE.yaohai]) {
        const err = await rejectionOf(host.plugins.disable("hello", where));
        expect(err).toMatchObject({ type: "PLUGIN_REQUIRED_BY", code: 409, data: { id: "hello", dependents: ["needs-hello"] } });
        expect(err.messages.en).toContain("needs-hello");
      }
      expect(await persistedState(host.ds)).toEqual(before);
      expect((await greet(TREE.yaohai)).jurisdiction).toBe(TREE.yaohai);

      // Once the dependent is off there, the required plugin can go too.
      await host.plugins.disable("needs-hello", TREE.hefei);
      expect(await host.plugins.disable("hello", TREE.hefei)).toEqual({ disabled: ["hello"] });
    });
  });

  describe("upgrade", () => {
    const v110 = fixture("upgrade", "hello-1.1.0");

    it("applies the new migration, records the new version, replaces the services and keeps the data", async () => {
      const { host } = h;
      await host.plugins.install("hello");
      await host.plugins.enable("hello", TREE.province);
      await host.plugins.configure("hello", TREE.hefei, { greeting: "早安" });
      await host.call("hello.add", { text: "升级前" }, user(TREE.hefei));
      await expect(host.call("hello.version", {}, user(TREE.hefei))).rejects.toMatchObject({ type: "SERVICE_NOT_FOUND" });

      expect(await host.plugins.upgrade("hello", v110)).toEqual({ from: "1.0.0", to: "1.1.0", migrations: ["0002-greeting-mood"] });

      expect(await migrationsOf(host.ds, "hello")).toEqual(["0001-greeting", "0002-greeting-mood"]);
      expect(await pluginInfo("hello")).toMatchObject({ state: "installed", error: null, installedVersion: "1.1.0", loaded: true, signature: { status: "unsigned-override" } });
      expect(await host.call("hello.version", {}, user(TREE.hefei))).toBe("1.1.0");
      // 1.1.0 greets with "！" instead of "，": the new handler answers, with the old settings.
      expect(await greet(TREE.yaohai)).toEqual({ message: "早安！张三", jurisdiction: TREE.yaohai });
      const rows = await host.call<Greeting[]>("hello.list", {}, user(TREE.hefei));
      expect(rows).toEqual([{ id: 1, text: "升级前", mood: "calm", jurisdictionCode: TREE.hefei }]);
      expect(await host.call<Greeting>("hello.add", { text: "升级后", mood: "happy" }, user(TREE.hefei))).toMatchObject({ text: "升级后", mood: "happy" });
      expect(await enablementRows(host.ds, "hello")).toEqual([{ jurisdiction: TREE.province, enabled: true }]);
      // The unpacked copy of 1.1.0 is not reported as a second "hello".
      await host.plugins.refresh();
      expect(host.plugins.discoveryProblems()).toEqual([]);
    });

    it("refuses the same or a lower version with PLUGIN_VERSION_NOT_NEWER and changes nothing", async () => {
      const { host, t } = h;
      await host.plugins.install("hello");
      await host.plugins.enable("hello", TREE.hefei);
      const before = await persistedState(host.ds);
      for (const [dir, offered] of [[fixture("basic", "hello"), "1.0.0"], [fixture("upgrade", "hello-0.9.0"), "0.9.0"]]) {
        const err = await rejectionOf(host.plugins.upgrade("hello", dir));
        expect(err).toMatchObject({ type: "PLUGIN_VERSION_NOT_NEWER", code: 409, data: { id: "hello", installed: "1.0.0", offered } });
      }
      expect(await persistedState(host.ds)).toEqual(before);
      expect(await migrationsOf(host.ds, "hello")).toEqual(["0001-greeting"]);
      await expect(host.call("hello.version", {}, user(TREE.hefei))).rejects.toMatchObject({ type: "SERVICE_NOT_FOUND" });
      expect(fs.existsSync(path.join(t.dataDir, "plugins", "hello@0.9.0"))).toBe(false);
    });

    it("refuses a version outside what an installed dependent requires, leaving no copy behind", async () => {
      const { host, t } = h;
      await host.plugins.install("needs-hello");
      const before = await persistedState(host.ds);
      const err = await rejectionOf(host.plugins.upgrade("hello", fixture("upgrade", "hello-2.0.0")));
      expect(err).toMatchObject({ type: "PLUGIN_DEPENDENCY_INCOMPATIBLE", data: { chain: ["needs-hello", "hello"], range: "^1.0.0", version: "2.0.0" } });
      expect(err.messages.en).toContain("needs-hello → hello");
      expect(await persistedState(host.ds)).toEqual(before);
      expect(fs.existsSync(path.join(t.dataDir, "plugins", "hello@2.0.0"))).toBe(false);
    });

    it("refuses a package of another plugin with PLUGIN_PACKAGE_INVALID", async () => {
      const { host } = h;
      await host.plugins.install("hello");
      const before = await persistedState(host.ds);
      expect(await rejectionOf(host.plugins.upgrade("hello", fixture("basic", "needs-hello")))).toMatchObject({ type: "PLUGIN_PACKAGE_INVALID" });
      expect(await persistedState(host.ds)).toEqual(before);
    });

    it("refuses to upgrade a plugin that is not installed", async () => {
      expect(await rejectionOf(h.host.plugins.upgrade("hello", v110))).toMatchObject({ type: "PLUGIN_NOT_INSTALLED" });
    });
  });

  describe("uninstall", () => {
    it("is refused with PLUGIN_REQUIRED_BY while another installed plugin requires it", async () => {
      const { host } = h;
      await host.plugins.install("needs-hello");
      const before = await persistedState(host.ds);
      const err = await rejectionOf(host.plugins.uninstall("hello"));
      expect(err).toMatchObject({ type: "PLUGIN_REQUIRED_BY", code: 409, data: { id: "hello", dependents: ["needs-hello"] } });
      expect(await persistedState(host.ds)).toEqual(before);
    });

    it("removes the plugin's rows and services but keeps its table and data; a reinstall finds them", async () => {
      const { host } = h;
      await host.plugins.install("hello");
      await host.plugins.enable("hello", TREE.hefei);
      await host.plugins.configure("hello", TREE.hefei, { greeting: "早安" });
      await host.call("hello.add", { text: "留下来" }, user(TREE.hefei));

      expect(await host.plugins.uninstall("hello")).toEqual({ purged: [] });

      expect(await sql(host.ds, "SELECT id FROM anju_plugin WHERE id = ?", ["hello"])).toEqual([]);
      expect(await enablementRows(host.ds, "hello")).toEqual([]);
      expect(await sql(host.ds, "SELECT plugin_id FROM anju_plugin_setting WHERE plugin_id = ?", ["hello"])).toEqual([]);
      expect(await pluginInfo("hello")).toMatchObject({ state: "available", installedVersion: null, loaded: false });
      // Moleculer answers for the action that is gone: 404, not a plugin error.
      await expect(greet(TREE.hefei)).rejects.toMatchObject({ code: 404, type: expect.stringMatching(/^SERVICE_NOT_(FOUND|AVAILABLE)$/) });
      expect(await tableExists(host.ds, "hello_greeting")).toBe(true);
      expect(await migrationsOf(host.ds, "hello")).toEqual(["0001-greeting"]);

      await host.plugins.install("hello");
      await host.plugins.enable("hello", TREE.hefei);
      expect((await host.call<Greeting[]>("hello.list", {}, user(TREE.hefei))).map((g) => g.text)).toEqual(["留下来"]);
      // Settings went with the uninstall: the schema default is back.
      expect((await greet(TREE.hefei)).message).toBe("你好，张三");
    });

    it("with purge, drops the plugin's tables and forgets its migrations", async () => {
      const { host } = h;
      await host.plugins.install("hello");
      await host.plugins.enable("hello", TREE.hefei);
      await host.call("hello.add", { text: "将被清除" }, user(TREE.hefei));

      expect(await host.plugins.uninstall("hello", { purge: true })).toEqual({ purged: ["0001-greeting"] });

      expect(await tableExists(host.ds, "hello_greeting")).toBe(false);
      expect(await migrationsOf(host.ds, "hello")).toEqual([]);
      expect(await sql(host.ds, "SELECT id FROM anju_plugin")).toEqual([]);

      // A fresh install starts from an empty table.
      await host.plugins.install("hello");
      await host.plugins.enable("hello", TREE.hefei);
      expect(await host.call("hello.list", {}, user(TREE.hefei))).toEqual([]);
    });

    it("dependent first, then the required plugin, uninstalls cleanly", async () => {
      const { host } = h;
      await host.plugins.install("needs-hello");
      await host.plugins.enable("needs-hello", TREE.hefei);
      await host.plugins.uninstall("needs-hello");
      expect(await host.plugins.uninstall("hello", { purge: true })).toEqual({ purged: ["0001-greeting"] });
      expect(await sql(host.ds, "SELECT id FROM anju_plugin")).toEqual([]);
      expect(await sql(host.ds, "SELECT plugin_id FROM anju_plugin_jurisdiction")).toEqual([]);
    });

    it("of a plugin that is not installed → PLUGIN_NOT_INSTALLED", async () => {
      expect(await rejectionOf(h.host.plugins.uninstall("hello"))).toMatchObject({ type: "PLUGIN_NOT_INSTALLED", code: 409 });
    });
  });
});
