/**
 * Two nodes over a real NATS server, sharing one database: node A runs the `hello` plugin's
 * services, node B runs none and routes to A. Both poll plugin state only every ten minutes,
 * so every change seen here crossed over by the `anju.plugins.changed` broadcast.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@anju/data";
import { createTestHost, testDbKinds, type TestHost } from "../../src/testing.js";
import { CITY, CITY_USER, NO_POLLING_MS, NatsServer, PROVINCE, nodeConfig, rejection, waitFor, waitForPeers } from "./helpers.js";

interface Greeting { message: string; jurisdiction: string; node: string }

describe.each(testDbKinds())("two nodes over NATS (%s)", (kind) => {
  let nats: NatsServer;
  let db: TestDatabase;
  let a: TestHost;
  let b: TestHost;

  beforeAll(async () => {
    nats = await NatsServer.start();
    db = await createTestDatabase(kind);
    a = await createTestHost({ dbUrl: db.url, config: nodeConfig({ nats: nats.url, nodeId: "node-a", load: null, pollIntervalMs: NO_POLLING_MS }) });
    b = await createTestHost({ dbUrl: db.url, config: nodeConfig({ nats: nats.url, nodeId: "node-b", load: [], pollIntervalMs: NO_POLLING_MS }) });
    await waitForPeers(a.host.broker, b.host.broker);
    await a.host.jurisdictions.add({ code: PROVINCE, name: "安徽省", level: "province" });
    await a.host.jurisdictions.add({ code: CITY, name: "合肥市", level: "city", parentCode: PROVINCE });
    await a.host.plugins.install("hello");
  });

  afterAll(async () => {
    await b?.stop();
    await a?.stop();
    await db?.drop();
    await nats?.stop();
  });

  it("a plugin enabled on node A is callable from node B, and runs on A", async () => {
    await a.host.plugins.enable("hello", CITY);
    await b.host.broker.waitForServices("hello", 10_000, 50);
    expect(b.host.plugins.loadedPlugins().map((l) => l.pkg.manifest.id)).not.toContain("hello");

    const result = await b.host.call<Greeting>("hello.greet", { name: "张三" }, CITY_USER);
    expect(result).toEqual({ message: "你好，张三", jurisdiction: CITY, node: "node-a" });
  });

  it("an enable on node A reaches node B's plugin state without polling", async () => {
    await waitFor("node B to see hello enabled", () => b.host.plugins.cache.isEnabled("hello", CITY));
  });

  it("disabling on node B while 50 calls are in flight on A fails none; later calls get PLUGIN_NOT_ENABLED", async () => {
    if (!a.host.plugins.cache.isEnabled("hello", CITY)) await a.host.plugins.enable("hello", CITY);
    await b.host.broker.waitForServices("hello", 10_000, 50);

    const calls = Array.from({ length: 50 }, (_, i) =>
      b.host.call<Greeting>("hello.greet", { name: `居民${i}`, delay: 1500 }, CITY_USER));
    // All 50 have passed node A's plugin gate and are running there.
    await waitFor("50 calls running on node A", () => a.host.plugins.inflight.count("hello") === 50);

    await b.host.plugins.disable("hello", CITY);
    expect(a.host.plugins.inflight.count("hello")).toBeGreaterThan(0);

    const settled = await Promise.allSettled(calls);
    expect(settled.filter((s) => s.status === "rejected")).toEqual([]);
    for (const [i, s] of settled.entries()) {
      expect((s as PromiseFulfilledResult<Greeting>).value).toMatchObject({ message: `你好，居民${i}`, node: "node-a" });
    }

    // The disable was written by B; node A hears of it by the broadcast and its gate refuses.
    const error = await waitFor("node A to refuse hello.greet", () =>
      b.host.call("hello.greet", {}, CITY_USER).then(() => null, (err: { type?: string; code?: number }) => err));
    expect(error).toMatchObject({ type: "PLUGIN_NOT_ENABLED", code: 403 });
    const again = await rejection(b.host.call("hello.greet", {}, CITY_USER));
    expect(again).toMatchObject({ type: "PLUGIN_NOT_ENABLED", code: 403 });
    expect(a.host.plugins.cache.isEnabled("hello", CITY)).toBe(false);
  });

  it("re-enabling on node B makes the plugin callable again", async () => {
    await b.host.plugins.enable("hello", CITY);
    const result = await waitFor("node A to accept hello.greet again", () =>
      b.host.call<Greeting>("hello.greet", {}, CITY_USER).catch(() => null));
    expect(result).toMatchObject({ jurisdiction: CITY, node: "node-a" });
  });
});
