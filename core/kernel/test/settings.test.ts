/**
 * Per-jurisdiction plugin settings: validated against the plugin's settings schema (hello's:
 * `greeting` ≤ 20 characters, `limits.max` ≥ 1, nothing else), inherited down the tree and
 * overridable at any node, with the layers reported.
 */
import { describe, expect, it } from "vitest";
import { testDbKinds } from "../src/testing.js";
import { TREE, fixture, rejectionOf, sql, user, useTestHost } from "./helpers.js";

const DEFAULTS = { greeting: "你好", limits: { max: 10 } };

describe.each(testDbKinds())("plugin settings on %s", (db) => {
  const h = useTestHost(() => ({ db, pluginDirs: [fixture("basic")] }));
  const storedSettings = () => sql(h.host.ds, "SELECT plugin_id, jurisdiction_code, value FROM anju_plugin_setting ORDER BY jurisdiction_code");

  describe("validation", () => {
    it.each([
      ["a greeting longer than 20 characters", { greeting: "这是一个非常非常非常非常非常非常长的问候语啊" }, "greeting"],
      ["a greeting that is not a string", { greeting: 42 }, "greeting"],
      ["a limit below the minimum", { limits: { max: 0 } }, "limits.max"],
      ["a key the schema does not know", { colour: "red" }, "colour"],
    ])("%s → PLUGIN_SETTINGS_INVALID naming the field, nothing stored", async (_what, patch, field) => {
      await h.host.plugins.install("hello");
      const err = await rejectionOf(h.host.plugins.configure("hello", TREE.hefei, patch));
      expect(err).toMatchObject({ type: "PLUGIN_SETTINGS_INVALID", code: 422, data: { id: "hello" } });
      expect((err.data as { fields: Array<{ field: string }> }).fields.map((f) => f.field)).toContain(field);
      expect(err.messages.en).toContain(field);
      expect(await storedSettings()).toEqual([]);
    });

    it("a bad value does not replace a good one already stored", async () => {
      await h.host.plugins.install("hello");
      await h.host.plugins.configure("hello", TREE.hefei, { greeting: "早安" });
      await rejectionOf(h.host.plugins.configure("hello", TREE.hefei, { limits: { max: -1 } }));
      expect((await h.host.plugins.settings("hello", TREE.hefei)).effective).toEqual({ greeting: "早安", limits: { max: 10 } });
    });

    it("settings that are not an object are refused", async () => {
      await h.host.plugins.install("hello");
      const err = await rejectionOf(h.host.plugins.configure("hello", TREE.hefei, ["greeting"] as unknown as Record<string, unknown>));
      expect(err).toMatchObject({ type: "PLUGIN_SETTINGS_INVALID" });
      expect(await storedSettings()).toEqual([]);
    });

    it("a plugin without a settings schema accepts no settings", async () => {
      await h.host.plugins.install("needs-hello");
      const err = await rejectionOf(h.host.plugins.configure("needs-hello", TREE.hefei, { anything: 1 }));
      expect(err).toMatchObject({ type: "PLUGIN_SETTINGS_INVALID", data: { id: "needs-hello" } });
      expect(await storedSettings()).toEqual([]);
    });

    it("settings of a plugin that is not installed → PLUGIN_NOT_INSTALLED", async () => {
      expect(await rejectionOf(h.host.plugins.configure("hello", TREE.hefei, { greeting: "早安" }))).toMatchObject({ type: "PLUGIN_NOT_INSTALLED" });
      expect(await rejectionOf(h.host.plugins.settings("hello", TREE.hefei))).toMatchObject({ type: "PLUGIN_NOT_INSTALLED" });
    });
  });

  describe("inheritance", () => {
    it("with nothing set, every node reads the schema's defaults", async () => {
      await h.host.plugins.install("hello");
      expect(await h.host.plugins.settings("hello", TREE.yaohai)).toEqual({ effective: DEFAULTS, layers: [], own: null });
    });

    it("set at the city, a county below inherits it and the other city keeps the default", async () => {
      const { host } = h;
      await host.plugins.install("hello");
      expect(await host.plugins.configure("hello", TREE.hefei, { greeting: "早安" })).toEqual({ greeting: "早安", limits: { max: 10 } });

      expect(await host.plugins.settings("hello", TREE.yaohai)).toEqual({
        effective: { greeting: "早安", limits: { max: 10 } },
        layers: [{ jurisdiction: TREE.hefei, value: { greeting: "早安" } }],
        own: null,
      });
      expect((await host.plugins.settings("hello", TREE.tongguan)).effective).toEqual(DEFAULTS);
    });

    it("overridden at a county, the county reads its own value and its sibling still the city's", async () => {
      const { host } = h;
      await host.plugins.install("hello");
      await host.plugins.configure("hello", TREE.province, { limits: { max: 3 } });
      await host.plugins.configure("hello", TREE.hefei, { greeting: "早安" });
      await host.plugins.configure("hello", TREE.yaohai, { greeting: "您好" });

      expect(await host.plugins.settings("hello", TREE.yaohai)).toEqual({
        effective: { greeting: "您好", limits: { max: 3 } },
        layers: [
          { jurisdiction: TREE.province, value: { limits: { max: 3 } } },
          { jurisdiction: TREE.hefei, value: { greeting: "早安" } },
          { jurisdiction: TREE.yaohai, value: { greeting: "您好" } },
        ],
        own: { greeting: "您好" },
      });
      expect((await host.plugins.settings("hello", TREE.luyang)).effective).toEqual({ greeting: "早安", limits: { max: 3 } });
      expect((await host.plugins.settings("hello", TREE.hefei)).effective).toEqual({ greeting: "早安", limits: { max: 3 } });
    });

    it("the plugin's own actions see the settings of the caller's jurisdiction", async () => {
      const { host } = h;
      await host.plugins.install("hello");
      await host.plugins.enable("hello", TREE.province);
      await host.plugins.configure("hello", TREE.hefei, { greeting: "早安" });
      await host.plugins.configure("hello", TREE.yaohai, { greeting: "您好" });
      const message = async (j: string) => (await host.call<{ message: string }>("hello.greet", { name: "李四" }, user(j))).message;
      expect(await message(TREE.yaohai)).toBe("您好，李四");
      expect(await message(TREE.luyang)).toBe("早安，李四");
      expect(await message(TREE.tongling)).toBe("你好，李四");
    });

    it("a patch merges into the node's own settings; replace starts them over", async () => {
      const { host } = h;
      await host.plugins.install("hello");
      await host.plugins.configure("hello", TREE.hefei, { greeting: "早安" });
      await host.plugins.configure("hello", TREE.hefei, { limits: { max: 5 } });
      expect((await host.plugins.settings("hello", TREE.hefei)).own).toEqual({ greeting: "早安", limits: { max: 5 } });
      await host.plugins.configure("hello", TREE.hefei, { limits: { max: 7 } }, { replace: true });
      expect(await host.plugins.settings("hello", TREE.hefei)).toMatchObject({ own: { limits: { max: 7 } }, effective: { greeting: "你好", limits: { max: 7 } } });
    });
  });
});
