/**
 * Enabling and disabling on a running node, without a restart: calls already running finish,
 * the next call sees the new state.
 */
import { describe, expect, it, vi } from "vitest";
import { testDbKinds } from "../src/testing.js";
import { TREE, fixture, rejectionOf, user, useTestHost } from "./helpers.js";

describe.each(testDbKinds())("enable/disable while calls run on %s", (db) => {
  const h = useTestHost(() => ({ db, pluginDirs: [fixture("basic")] }));

  it("50 slow calls in flight all complete when the plugin is disabled under them; the next call is refused", async () => {
    const { host } = h;
    await host.plugins.install("hello");
    await host.plugins.enable("hello", TREE.hefei);

    const calls = Array.from({ length: 50 }, (_, i) =>
      host.call<{ message: string; jurisdiction: string }>("hello.greet", { name: `居民${i}`, delay: 300 }, user(TREE.hefei, `u${i}`)));
    // Every call is past the gate before the switch.
    await vi.waitFor(() => expect(host.plugins.inflight.count("hello")).toBe(50), { timeout: 5000, interval: 5 });

    await host.plugins.disable("hello", TREE.hefei);
    const results = await Promise.allSettled(calls);

    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(results.map((r) => (r as PromiseFulfilledResult<{ message: string }>).value.message)).toEqual(
      Array.from({ length: 50 }, (_, i) => `你好，居民${i}`));
    expect(await rejectionOf(host.call("hello.greet", {}, user(TREE.hefei)))).toMatchObject({ type: "PLUGIN_NOT_ENABLED", code: 403 });
  });

  it("enabling takes effect for the very next call, with no restart", async () => {
    const { host } = h;
    await host.plugins.install("hello");
    expect(await rejectionOf(host.call("hello.greet", {}, user(TREE.tongling)))).toMatchObject({ type: "PLUGIN_NOT_ENABLED" });
    await host.plugins.enable("hello", TREE.tongling);
    expect(await host.call("hello.greet", {}, user(TREE.tongguan))).toMatchObject({ jurisdiction: TREE.tongguan });
  });
});
