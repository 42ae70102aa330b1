/**
 * Node A in a process of its own, node B in this one, over a real NATS server and one shared
 * database. Plugin state is changed from B, and from a third process that is not on the bus
 * at all (the CLI's shape), whose changes reach the nodes only by polling. Then NATS goes away
 * for a moment: calls from B to A must fail fast with a coded error, and work again after.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@anju/data";
import { systemContext } from "../../src/context/request-context.js";
import { HostActions } from "../../src/services/actions.js";
import { createTestHost, testDbKinds, type TestHost } from "../../src/testing.js";
import { CITY, CITY_USER, CLUSTER_FIXTURES, NatsServer, NodeProcess, PROVINCE, nodeConfig, rejection, waitFor, waitForPeers } from "./helpers.js";

interface Greeting { message: string; jurisdiction: string; node: string }

const REQUEST_TIMEOUT = 3000;
const POLL_MS = 200;

describe.each(testDbKinds())("two processes over NATS (%s)", (kind) => {
  let nats: NatsServer;
  let db: TestDatabase;
  let a: NodeProcess;
  let b: TestHost;

  const greet = () => b.host.call<Greeting>("hello.greet", { name: "李四" }, CITY_USER);

  beforeAll(async () => {
    nats = await NatsServer.start();
    db = await createTestDatabase(kind);
    b = await createTestHost({ dbUrl: db.url, config: nodeConfig({ nats: nats.url, nodeId: "node-b", load: [], pollIntervalMs: POLL_MS, requestTimeout: REQUEST_TIMEOUT }) });
    a = await NodeProcess.start({ ANJU_TEST_NATS: nats.url, ANJU_TEST_DB_URL: db.url, ANJU_TEST_NODE_ID: "node-a", ANJU_TEST_POLL_MS: String(POLL_MS) });
    await waitFor("node B to discover node A", () => b.host.broker.registry.nodes.get("node-a")?.available === true);
    await b.host.jurisdictions.add({ code: PROVINCE, name: "安徽省", level: "province" });
    await b.host.jurisdictions.add({ code: CITY, name: "合肥市", level: "city", parentCode: PROVINCE });
  });

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await db?.drop();
    await nats?.stop();
  });

  it("a plugin installed and enabled from node B starts in node A's process and answers B's calls", async () => {
    await b.host.plugins.install("hello");
    await b.host.plugins.enable("hello", CITY);
    await b.host.broker.waitForServices("hello", 15_000, 50);
    expect(b.host.plugins.loadedPlugins().map((l) => l.pkg.manifest.id)).not.toContain("hello");

    expect(await greet()).toEqual({ message: "你好，李四", jurisdiction: CITY, node: "node-a" });
  });

  it("a change written by a process that is not on the bus (the CLI) reaches the nodes by polling", async () => {
    const cli = await createTestHost({
      dbUrl: db.url,
      config: { plugins: { dirs: [CLUSTER_FIXTURES], installDir: null, autoInstall: [], load: [], pollIntervalMs: 600_000 } },
    });
    try {
      expect(cli.host.broker.transit).toBeUndefined();
      await cli.host.plugins.disable("hello", CITY);
      const error = await waitFor("node A to refuse hello.greet", () => greet().then(() => null, (err: { type?: string }) => err));
      expect(error).toMatchObject({ type: "PLUGIN_NOT_ENABLED", code: 403 });
      await waitFor("node B's plugin state to follow", () => !b.host.plugins.cache.isEnabled("hello", CITY));

      await cli.host.plugins.enable("hello", CITY);
      const result = await waitFor("node A to accept hello.greet again", () => greet().catch(() => null));
      expect(result).toMatchObject({ node: "node-a" });
    } finally {
      await cli.stop();
    }
  });

  it("with NATS stopped, calls to node A fail fast with SERVICE_UNAVAILABLE; they work again once NATS is back", async () => {
    expect(await greet()).toMatchObject({ node: "node-a" });

    await nats.stop();
    await waitFor("node B to notice the bus is down", async () => (await b.host.health()).broker === false);

    for (let i = 0; i < 3; i++) {
      const started = Date.now();
      const error = await rejection(greet());
      // Coded, and not a call left hanging: a guarded call never waits for the request timeout.
      expect(error).toMatchObject({ type: "SERVICE_UNAVAILABLE", code: 503 });
      expect(Date.now() - started).toBeLessThan(REQUEST_TIMEOUT * 2);
    }
    // Actions this node runs itself do not need the bus.
    expect(await b.host.call(HostActions.jurisdictionsList, {}, systemContext())).toBeTruthy();

    await nats.start();
    const result = await waitFor("calls to node A to work again", () => greet().catch(() => null), 30_000, 200);
    expect(result).toMatchObject({ node: "node-a" });
    expect((await b.host.health()).broker).toBe(true);
  });
});
