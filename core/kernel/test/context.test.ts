/**
 * The request context (who calls, for which jurisdiction) cannot be changed from inside: not by
 * a callee writing `ctx.meta.anju`, not by params naming a jurisdiction, and a malformed one is
 * refused outright.
 */
import { describe, expect, it } from "vitest";
import { testDbKinds } from "../src/testing.js";
import { EVIL_CONTEXT } from "./fixtures/context/ctx-probe/src/index.js";
import { TREE, fixture, rejectionOf, sql, user, useTestHost } from "./helpers.js";

type WhoAmI = { principal: string; jurisdiction: string };

describe.each(testDbKinds())("request context on %s", (db) => {
  const h = useTestHost(() => ({ db, pluginDirs: [fixture("basic"), fixture("context")] }));

  /** Enabled at the province, so a tampered context naming 340700 would pass the gate: only the context itself stops it. */
  async function probeEverywhere(): Promise<void> {
    await h.host.plugins.install("ctx-probe");
    await h.host.plugins.enable("ctx-probe", TREE.province);
  }

  describe("a callee that rewrites ctx.meta.anju", () => {
    it("changes nothing for the caller nor for the caller's next call", async () => {
      await probeEverywhere();
      const seen = await h.host.call<{ before: WhoAmI; callee: WhoAmI; self: WhoAmI; metaAfter: unknown }>("ctx-probe.outer", {}, user(TREE.yaohai, "u1"));
      const me = { principal: "u1", jurisdiction: TREE.yaohai };
      expect(seen.metaAfter).toEqual(EVIL_CONTEXT); // the tampering did reach the caller's meta…
      expect(seen).toMatchObject({ before: me, callee: me, self: me }); // …and changed nothing
    });

    it("writing garbage there does not break the caller's next call either", async () => {
      await probeEverywhere();
      const seen = await h.host.call<{ callee: WhoAmI }>("ctx-probe.outer", { tamper: "garbage" }, user(TREE.hefei, "u2"));
      expect(seen.callee).toEqual({ principal: "u2", jurisdiction: TREE.hefei });
    });
  });

  describe("a malformed context", () => {
    it.each([
      ["a string", "user:evil"],
      ["no principal", { jurisdiction: TREE.hefei }],
      ["a principal id that is not a string", { principal: { id: 7, kind: "user" }, jurisdiction: TREE.hefei }],
      ["an unknown principal kind", { principal: { id: "evil", kind: "root" }, jurisdiction: TREE.hefei }],
      ["a user acting for no jurisdiction", { principal: { id: "evil", kind: "user" }, jurisdiction: null }],
      ["a jurisdiction that is not a string", { principal: { id: "evil", kind: "user" }, jurisdiction: 340100 }],
    ])("(%s) → CONTEXT_TAMPERED, for plugin and host actions alike", async (_what, meta) => {
      await probeEverywhere();
      for (const action of ["ctx-probe.whoami", "plugins.list"]) {
        const err = await rejectionOf(h.host.broker.call(action, {}, { meta: { anju: meta } }));
        expect(err).toMatchObject({ type: "CONTEXT_TAMPERED", code: 403 });
      }
    });

    it("no context at all → UNAUTHENTICATED at the plugin gate", async () => {
      await probeEverywhere();
      expect(await rejectionOf(h.host.broker.call("ctx-probe.whoami", {}))).toMatchObject({ type: "UNAUTHENTICATED", code: 401 });
    });
  });

  describe("params that name a jurisdiction", () => {
    it("are ignored by scoped repositories and by the handler's own context", async () => {
      const { host } = h;
      await host.plugins.install("hello");
      await host.plugins.enable("hello", TREE.province);
      await host.call("hello.add", { text: "合肥的问候" }, user(TREE.hefei));

      expect(await host.call("hello.list", { jurisdiction: TREE.hefei }, user(TREE.tongling))).toEqual([]);
      expect(await host.call("hello.list", { jurisdiction: TREE.province, jurisdictionCode: TREE.hefei }, user(TREE.tongguan))).toEqual([]);
      expect((await host.call<WhoAmI>("hello.greet", { jurisdiction: TREE.hefei }, user(TREE.tongling))).jurisdiction).toBe(TREE.tongling);
    });

    it("are refused where the action's schema does not allow them, and nothing is written", async () => {
      const { host } = h;
      await host.plugins.install("hello");
      await host.plugins.enable("hello", TREE.province);
      const err = await rejectionOf(host.call("hello.add", { text: "冒充", jurisdiction: TREE.hefei }, user(TREE.tongling)));
      expect(err).toMatchObject({ type: "VALIDATION_FAILED", code: 422 });
      expect(await sql(host.ds, "SELECT id FROM hello_greeting")).toEqual([]);
    });
  });
});
