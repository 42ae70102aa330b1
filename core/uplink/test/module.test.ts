/**
 * The link run by the host (uplinkModule) over a real nats-server with JetStream: a community
 * node relays what its plugins enqueue, a county node consumes it into its own database once
 * and hands it to the handlers plugins registered (Y2); system administrators read the counters
 * at /api/uplink/status; a node with the link off migrates the outbox but connects to nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDataSource } from "@anju/data";
import { loadConfig } from "@anju/kernel";
import { seedTree, TREE, waitFor } from "@anju/kernel/testing";
import { startTestNode, type TestNode } from "../../gateway/test/helpers.js";
import { enqueue, registerUplinkHandler, resolveUplinkSettings, uplinkModule, uplinkOf, type UplinkRecord } from "../src/index.js";
import { JetStreamServer } from "./helpers.js";

const alarm = (n: number): UplinkRecord => ({ kind: "alarm", deviceCode: "smoke-0101", ts: Date.now(), data: { n, level: "fire" } });
const count = async (node: TestNode, sql: string, params: unknown[] = []) => Number(((await node.host.ds.query(sql, params)) as Array<{ n: unknown }>)[0].n);

// Each pair its own county (own stream and durable consumer on the one server).
const PAIRS = [
  { community: "sqlite", county: "mysql", countyCode: TREE.yaohai },
  { community: "mysql", county: "sqlite", countyCode: TREE.luyang },
] as const;

let nats: JetStreamServer;
beforeAll(async () => {
  nats = await JetStreamServer.start();
});
afterAll(async () => {
  await nats?.destroy();
});

describe.each(PAIRS)("uplink module: community on $community → county on $county", ({ community: communityKind, county: countyKind, countyCode }) => {
  const street = `${countyCode}001`;
  const communityCode = `${street}001`;
  let county: TestNode;
  let community: TestNode;
  const seen: number[] = [];

  beforeAll(async () => {
    county = await startTestNode(countyKind, { uplink: { role: "county", natsUrl: nats.url, county: countyCode, community: null } }, [uplinkModule({ backoffMaxMs: 500 })]);
    await seedTree(county.host);
    await county.host.jurisdictions.add({ code: street, name: "城关街道", level: "street", parentCode: countyCode });
    await county.host.jurisdictions.add({ code: communityCode, name: "和平小区", level: "community", parentCode: street });
    // What a plugin does in its service's started(): project the records it cares about.
    registerUplinkHandler(county.host, "alarm", async (_tx, records) => {
      seen.push(...records.map((r) => (r.data as { n: number }).n));
    });
    community = await startTestNode(communityKind, { uplink: { role: "community", natsUrl: nats.url, county: countyCode, community: communityCode } },
      [uplinkModule({ pollMs: 50, backoffMaxMs: 500 })]);
    await seedTree(community.host);
  }, 60_000);
  afterAll(async () => {
    await community?.close();
    await county?.close();
  });

  it("Y2: what a community node enqueues is stored on the county node once, and its handler sees it once", async () => {
    await enqueue(community.host.ds, [alarm(1), alarm(2)]);
    uplinkOf(community.host).notify();
    await waitFor("county stores 2", async () => (await count(county, "SELECT COUNT(*) AS n FROM anju_uplink_record WHERE community_code = ?", [communityCode])) === 2 || null, 20_000);
    // The community sends everything again (an operator resetting its outbox): nothing doubles.
    await community.host.ds.query("UPDATE anju_uplink_outbox SET sent_at = NULL");
    await enqueue(community.host.ds, [alarm(3)]);
    uplinkOf(community.host).notify();
    await waitFor("county stores 3", async () => (await count(county, "SELECT COUNT(*) AS n FROM anju_uplink_record")) === 3 || null, 20_000);
    await waitFor("community outbox drained", async () => (await count(community, "SELECT COUNT(*) AS n FROM anju_uplink_outbox WHERE sent_at IS NULL")) === 0 || null, 20_000);
    const rows = (await county.host.ds.query("SELECT seq, device_seq, data FROM anju_uplink_record ORDER BY id")) as Array<{ seq: unknown; device_seq: unknown; data: string }>;
    expect(rows.map((r) => [Number(r.seq), Number(r.device_seq), JSON.parse(r.data).n])).toEqual([[1, 1, 1], [2, 2, 2], [3, 3, 3]]);
    expect(seen).toEqual([1, 2, 3]);
  });

  it("the status route answers the counters to a system or jurisdiction administrator (uplink:status), and refuses a viewer", async () => {
    const admin = { token: community.token(TREE.province, ["system-admin"]) };
    const c = await community.fetch("/api/uplink/status", admin);
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    expect(c.body).toMatchObject({ role: "community", countyCode, communityCode, connected: true, community: { pending: 0, sent: 3, lastSeq: 3, relay: { failures: expect.any(Number) } } });
    expect(c.body.county).toBeUndefined();
    const k = await county.fetch("/api/uplink/status", { token: county.token(TREE.province, ["system-admin"]) });
    expect(k.status, JSON.stringify(k.body)).toBe(200);
    expect(k.body).toMatchObject({ role: "county", countyCode, communityCode: null, connected: true, handlers: 1, county: { stored: 3, parked: 0, rejected: 0 } });
    expect(k.body.county.communities).toEqual([expect.objectContaining({ community: communityCode, lastSeq: 3 })]);
    // Its own permission (uplink:status), not plugin management: a jurisdiction administrator reads it too.
    const jAdmin = await county.fetch("/api/uplink/status", { token: county.token(TREE.province, ["jurisdiction-admin"]) });
    expect(jAdmin.status, JSON.stringify(jAdmin.body)).toBe(200);
    const viewer = await community.fetch("/api/uplink/status", { token: community.token(TREE.province, ["viewer"]), headers: { "Accept-Language": "en" } });
    expect(viewer.status).toBe(403);
    expect(viewer.body.error.code).toBe("FORBIDDEN");
  });
});

describe("uplink module at shutdown", () => {
  it("Y1: a community node stopped while relaying loses nothing — every row is either on the county or still unsent in its outbox", async () => {
    const countyCode = TREE.tongguan;
    const communityCode = `${countyCode}001001`;
    const county = await startTestNode("mysql", { uplink: { role: "county", natsUrl: nats.url, county: countyCode, community: null } }, [uplinkModule({ backoffMaxMs: 500 })]);
    const community = await startTestNode("sqlite", { uplink: { role: "community", natsUrl: nats.url, county: countyCode, community: communityCode } }, [uplinkModule({ pollMs: 20 })]);
    try {
      await seedTree(county.host);
      await county.host.jurisdictions.add({ code: `${countyCode}001`, name: "铜官街道", level: "street", parentCode: countyCode });
      await county.host.jurisdictions.add({ code: communityCode, name: "幸福小区", level: "community", parentCode: `${countyCode}001` });
      for (let i = 0; i < 20; i++) await enqueue(community.host.ds, Array.from({ length: 250 }, (_, j) => ({ ...alarm(i * 250 + j), deviceCode: `dev-${j % 9}` })));
      await waitFor("relay under way", async () => (await count(community, "SELECT COUNT(*) AS n FROM anju_uplink_outbox WHERE sent_at IS NOT NULL")) > 0 || null, 20_000, 5);
      await community.stop();
      // The stopped node's database, read as it was left.
      const ds = await createDataSource({ url: community.db.url, entities: [] });
      const sent = ((await ds.query("SELECT seq FROM anju_uplink_outbox WHERE sent_at IS NOT NULL ORDER BY seq")) as Array<{ seq: unknown }>).map((r) => Number(r.seq));
      const total = Number(((await ds.query("SELECT COUNT(*) AS n FROM anju_uplink_outbox")) as Array<{ n: unknown }>)[0].n);
      await ds.destroy();
      expect(total).toBe(5000);
      // What is marked sent is on the county (what is not is sent by the node's next start).
      await waitFor(`county stores the ${sent.length} sent`, async () => (await count(county, "SELECT COUNT(*) AS n FROM anju_uplink_record")) >= sent.length || null, 30_000);
      const stored = new Set(((await county.host.ds.query("SELECT seq FROM anju_uplink_record")) as Array<{ seq: unknown }>).map((r) => Number(r.seq)));
      expect(sent.filter((q) => !stored.has(q))).toEqual([]);
    } finally {
      await community.close();
      await county.close();
    }
  }, 90_000);
});

describe.each(["sqlite", "mysql"] as const)("uplink module with the link off on %s", (kind) => {
  it("migrates the outbox so plugins can enqueue, connects to nothing, and the status shows the backlog", async () => {
    const node = await startTestNode(kind, {}, [uplinkModule()]);
    try {
      await seedTree(node.host);
      await enqueue(node.host.ds, [alarm(1)]);
      const link = uplinkOf(node.host);
      expect([link.role, link.nc, link.relay, link.consumer]).toEqual(["off", null, null, null]);
      const res = await node.fetch("/api/uplink/status", { token: node.token(TREE.province, ["system-admin"]) });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ role: "off", connected: false, community: { pending: 1, sent: 0 } });
    } finally {
      await node.close();
    }
  });
});

describe("uplink settings", () => {
  it("come from ANJU_UPLINK_* and refuse an unknown role", () => {
    const env = { ANJU_UPLINK_ROLE: "community", ANJU_UPLINK_NATS_URL: "nats://10.0.0.5:4222", ANJU_UPLINK_COUNTY: "360981", ANJU_UPLINK_COMMUNITY: "360981001001" };
    expect(loadConfig({ env }).uplink).toEqual({ role: "community", natsUrl: "nats://10.0.0.5:4222", county: "360981", community: "360981001001" });
    expect(loadConfig({ env: {} }).uplink?.role).toBe("off");
    expect(() => loadConfig({ env: { ANJU_UPLINK_ROLE: "city" } })).toThrow(expect.objectContaining({ anjuCode: "CONFIG_INVALID" }));
    // How long sent outbox rows are kept (the relay prunes older ones); whole days ≥ 1.
    expect(loadConfig({ env: { ...env, ANJU_UPLINK_SENT_RETENTION_DAYS: "30" } }).uplink?.sentRetentionDays).toBe(30);
    expect(() => loadConfig({ env: { ...env, ANJU_UPLINK_SENT_RETENTION_DAYS: "0" } })).toThrow(expect.objectContaining({ anjuCode: "CONFIG_INVALID" }));
  });

  it("a role without what it needs stops the module's set-up with UPLINK_CONFIG_INVALID naming the setting", () => {
    const invalid = (s: Parameters<typeof resolveUplinkSettings>[0]) => { try { resolveUplinkSettings(s); return null; } catch (err) { return err as { anjuCode: string; data: { field: string } }; } };
    expect(invalid({ role: "community", natsUrl: "nats://127.0.0.1:4222", county: TREE.yaohai, community: null })).toMatchObject({ anjuCode: "UPLINK_CONFIG_INVALID", data: { field: "uplink.community" } });
    expect(invalid({ role: "county", natsUrl: null, county: TREE.yaohai })).toMatchObject({ anjuCode: "UPLINK_CONFIG_INVALID", data: { field: "uplink.natsUrl" } });
    expect(invalid({ role: "county", natsUrl: "nats://127.0.0.1:4222", county: "36.09" })).toMatchObject({ anjuCode: "UPLINK_CONFIG_INVALID", data: { field: "uplink.county" } });
    expect(invalid({ role: "community", natsUrl: "nats://127.0.0.1:4222", county: TREE.yaohai, community: TREE.yaohai, sentRetentionDays: 0.5 })).toMatchObject({ anjuCode: "UPLINK_CONFIG_INVALID", data: { field: "uplink.sentRetentionDays" } });
    expect(invalid({ role: "off" })).toBeNull();
  });
});
