/**
 * Yiyang Y1/Y2 with real processes: a community node (its own SQLite database) and a county
 * node (its own MariaDB database) linked only by a JetStream stream on a nats-server of our
 * own. 1,000 alarms and 100,000 readings are written at a steady rate while NATS is down for
 * 30 s and the county node is killed and restarted once; every record must arrive exactly
 * once, each device's records in its own order. Slow by design (the outage is 30 s).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDataSource, createTestDatabase, type TestDatabase } from "@anju/data";
import { testDbKinds } from "@anju/kernel/testing";
import type { DataSource } from "typeorm";
import { outboxCounters, UplinkTables } from "../src/index.js";
import { JetStreamServer } from "./helpers.js";
import { NodeProcess } from "./nodes.js";

const COUNTY = "360981";
const COMMUNITY = "360981001";
const READINGS = 100_000;
const ALARMS = 1_000;
const TOTAL = READINGS + ALARMS;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("Y1/Y2 upward link across processes", () => {
  let nats: JetStreamServer;
  let communityDb: TestDatabase;
  let countyDb: TestDatabase;
  const nodes: NodeProcess[] = [];

  beforeAll(async () => {
    nats = await JetStreamServer.start();
    communityDb = await createTestDatabase("sqlite");
    countyDb = await createTestDatabase(testDbKinds().includes("mysql") ? "mysql" : "sqlite");
  });
  afterAll(async () => {
    for (const n of nodes) await n.kill("SIGKILL");
    await nats?.destroy();
    await communityDb?.drop();
    await countyDb?.drop();
  });

  it("Y1/Y2: 1,000 alarms and 100,000 readings through a 30 s NATS outage and a county crash arrive exactly once, in per-device order", async () => {
    const common = { ANJU_NATS_URL: nats.url, ANJU_COUNTY: COUNTY };
    const startCounty = () => {
      const n = NodeProcess.start("county", { ...common, ANJU_DB_URL: countyDb.url, ANJU_COMMUNITIES: COMMUNITY, ANJU_ACK_WAIT_MS: "5000" });
      nodes.push(n);
      return n;
    };
    let county = startCounty();
    const community = NodeProcess.start("community", {
      ...common, ANJU_DB_URL: communityDb.url, ANJU_COMMUNITY: COMMUNITY,
      ANJU_READINGS: String(READINGS), ANJU_ALARMS: String(ALARMS), ANJU_METERS: "50", ANJU_SMOKES: "20", ANJU_RATE: "2000",
    });
    nodes.push(community);

    await county.until("first records stored", (s) => s.acked >= 2000, 60_000);

    // Y1: with NATS gone the community keeps writing; nothing it writes is marked sent.
    await nats.stop();
    const atStop = await community.until("a status after the stop", (s) => s.enqueued > 0, 5000);
    await sleep(30_000);
    const during = community.last;
    expect(during.enqueued).toBeGreaterThan(atStop.enqueued + 20_000);
    expect(during.pending).toBeGreaterThan(20_000);
    expect(during.sent).toBeLessThanOrEqual(atStop.sent + 2000);
    await nats.start();

    // A county crash while it is catching up: whatever it had committed but not acknowledged comes again.
    const before = county.last.acked as number;
    await county.until("catching up after the outage", (s) => s.acked >= before + 5000, 60_000);
    await county.kill("SIGKILL");
    county = startCounty();

    await community.until("everything enqueued and acknowledged by JetStream", (s) => s.done && s.pending === 0 && s.sent === TOTAL, 180_000);
    const final = await county.until("every record stored", (s) => s.acked === TOTAL && s.parked === 0, 180_000);
    expect(final).toMatchObject({ acked: TOTAL, stored: TOTAL, rejected: 0, gaps: 0 });

    const ds: DataSource = await createDataSource({ url: countyDb.url, entities: [] });
    try {
      const rows = (await ds.query(`SELECT seq, kind, device_code, device_seq, data FROM ${UplinkTables.record} ORDER BY id`)) as Array<Record<string, unknown>>;
      expect(rows).toHaveLength(TOTAL);
      expect(new Set(rows.map((r) => Number(r.seq))).size).toBe(TOTAL);
      // Exactly once by content: every reading number and every alarm number once.
      const ns = (kind: string) => rows.filter((r) => r.kind === kind).map((r) => (JSON.parse(String(r.data)) as { n: number }).n).sort((a, b) => a - b);
      expect(ns("reading")).toEqual(Array.from({ length: READINGS }, (_, i) => i));
      expect(ns("alarm")).toEqual(Array.from({ length: ALARMS }, (_, i) => i));
      // Per-device order: in the order the county stored them, each device's sequence is 1, 2, 3, …
      const seen = new Map<string, number>();
      const broken: string[] = [];
      for (const r of rows) {
        const dev = String(r.device_code);
        const expected = (seen.get(dev) ?? 0) + 1;
        if (Number(r.device_seq) !== expected && broken.length < 5) broken.push(`${dev}: ${String(r.device_seq)} after ${expected - 1}`);
        seen.set(dev, Number(r.device_seq));
      }
      expect(broken).toEqual([]);
      expect(seen.size).toBe(70);
    } finally {
      await ds.destroy();
    }
    const cds = await createDataSource({ url: communityDb.url, entities: [] });
    try {
      expect(await outboxCounters(cds)).toMatchObject({ pending: 0, sent: TOTAL, lastSeq: TOTAL });
    } finally {
      await cds.destroy();
    }
    // What the crash and the outage cost, for the record (not asserted: it depends on timing).
    console.info(`uplink Y2: county ${JSON.stringify({ duplicates: final.duplicates, outOfOrder: final.outOfOrder, skewed: final.skewed })}, relay ${JSON.stringify(community.last.relay)}`);
  }, 360_000);
});
