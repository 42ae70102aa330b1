/**
 * Policy propagation between nodes over a real NATS server, on one shared database. Node B
 * polls only every ten minutes, so what it sees crossed by the `anju.rbac.changed` broadcast;
 * node C polls every 300 ms and sees a change whose broadcast never happened (written straight
 * to the table, as a node that crashed before broadcasting would leave it). Either way the
 * change is in force within 2 seconds.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceBroker } from "moleculer";
import { createTestDatabase, dbTimestamp, type TestDatabase } from "@anju/data";
import { systemContext } from "@anju/kernel";
import { testDbKinds } from "@anju/kernel/testing";
import { BuiltinRoles, RbacActions, WorkPermissions } from "../src/index.js";
import { bumpGeneration } from "../src/generation.js";
import { NatsServer } from "./nats.js";
import { probeName, rejection, seedTree, startHost, TREE, user, waitFor, type RbacTestHost } from "./helpers.js";

const REVIEW = WorkPermissions.reportReview;
const PROPAGATION_MS = 2_000;
const SYSTEM = systemContext();

function nodeConfig(nats: string, nodeId: string): Record<string, unknown> {
  return { nodeId, transporter: nats, broker: { requestTimeout: 5000, logLevel: false } };
}

async function waitForPeers(...brokers: ServiceBroker[]): Promise<void> {
  for (const broker of brokers) {
    for (const other of brokers) {
      if (other !== broker) await waitFor(`${broker.nodeID} to see ${other.nodeID}`, () => broker.registry.nodes.get(other.nodeID)?.available === true);
    }
  }
}

describe.each(testDbKinds())("policy propagation over NATS (%s)", (kind) => {
  let nats: NatsServer;
  let db: TestDatabase;
  let a: RbacTestHost;
  let b: RbacTestHost;
  let c: RbacTestHost;

  beforeAll(async () => {
    nats = await NatsServer.start();
    db = await createTestDatabase(kind);
    a = await startHost({ dbUrl: db.url, probes: [REVIEW], config: nodeConfig(nats.url, "a"), rbac: { pollIntervalMs: 600_000 } });
    await seedTree(a.host);
    b = await startHost({ dbUrl: db.url, probes: [REVIEW], config: nodeConfig(nats.url, "b"), rbac: { pollIntervalMs: 600_000 } });
    c = await startHost({ dbUrl: db.url, probes: [REVIEW], config: nodeConfig(nats.url, "c"), rbac: { pollIntervalMs: 300 } });
    await waitForPeers(a.host.broker, b.host.broker, c.host.broker);
  });

  afterAll(async () => {
    await c?.stop();
    await b?.stop();
    await a?.stop();
    await db?.drop();
    await nats?.stop();
  });

  // The probe runs on every node; `localCall` pins the call to the node under test.
  const reviewOn = (t: RbacTestHost, userId: string, jurisdiction: string) =>
    t.host.broker.call(probeName(REVIEW), {}, { meta: { anju: user(userId, jurisdiction) }, nodeID: t.host.broker.nodeID });

  it("a grant on node A is in force on node B within 2 seconds (broadcast)", async () => {
    // Node B decides (and caches) a denial first, so the grant must also clear B's cache.
    expect(await rejection(reviewOn(b, "wang", TREE.yaohai))).toMatchObject({ type: "FORBIDDEN" });
    await a.host.call(RbacActions.grant, { userId: "wang", role: BuiltinRoles.reviewer, jurisdiction: TREE.hefei }, SYSTEM);
    expect(await waitFor("node B to allow", () => reviewOn(b, "wang", TREE.yaohai).catch(() => null), PROPAGATION_MS)).toBe("ok");
  });

  it("a revoke on node B is in force on node A within 2 seconds", async () => {
    expect(await reviewOn(a, "wang", TREE.yaohai)).toBe("ok");
    await b.host.call(RbacActions.revoke, { userId: "wang", role: BuiltinRoles.reviewer, jurisdiction: TREE.hefei }, SYSTEM);
    const error = await waitFor("node A to refuse", () => reviewOn(a, "wang", TREE.yaohai).then(() => null, (e: { type: string }) => e), PROPAGATION_MS);
    expect(error).toMatchObject({ type: "FORBIDDEN", code: 403 });
  });

  it("a change whose broadcast was lost reaches a polling node within 2 seconds through rbac.generation", async () => {
    expect(await rejection(reviewOn(c, "li", TREE.yaohai))).toMatchObject({ type: "FORBIDDEN" });
    expect(await rejection(reviewOn(b, "li", TREE.yaohai))).toMatchObject({ type: "FORBIDDEN" });
    await a.host.ds.query(
      "INSERT INTO anju_policy (ptype, v0, v1, v2, v3, v4, v5, domain, source, created_at) VALUES ('g', 'li', ?, ?, '', '', '', ?, 'admin', ?)",
      [BuiltinRoles.reviewer, TREE.yaohai, TREE.yaohai, dbTimestamp()]);
    await bumpGeneration(a.host.ds);
    expect(await waitFor("node C to allow", () => reviewOn(c, "li", TREE.yaohai).catch(() => null), PROPAGATION_MS)).toBe("ok");
    // Node B (no polling, no broadcast) still answers from its cache: the poll is what saved C.
    expect(await rejection(reviewOn(b, "li", TREE.yaohai))).toMatchObject({ type: "FORBIDDEN" });
  });

  it("a jurisdiction added on node A is covered on the other nodes", async () => {
    await a.host.call(RbacActions.grant, { userId: "zhao", role: BuiltinRoles.reviewer, jurisdiction: TREE.hefei }, SYSTEM);
    await a.host.jurisdictions.add({ code: "340104", name: "蜀山区", level: "county", parentCode: TREE.hefei });
    expect(await waitFor("node B to allow in the new county", () => reviewOn(b, "zhao", "340104").catch(() => null), PROPAGATION_MS)).toBe("ok");
    expect(await waitFor("node C to allow in the new county", () => reviewOn(c, "zhao", "340104").catch(() => null), PROPAGATION_MS)).toBe("ok");
  });
});
