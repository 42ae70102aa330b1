/**
 * Relay and consumer in one process over a real nats-server with JetStream: what the broker's
 * id dedupe covers, what only the county's key covers, and what the county refuses.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { connect, type NatsConnection } from "nats";
import { testDbKinds, waitFor } from "@anju/kernel/testing";
import {
  enqueue, ensureStream, inboxCounters, InboxConsumer, installUplinkSeal, OutboxRelay, outboxCounters, streamName, subtreeOf, UplinkTables, type StoredRecord, type UplinkRecord,
} from "../src/index.js";
import { communitySide, countySide, dropSide, JetStreamServer, type Side } from "./helpers.js";

const COUNTY = "360981";
const COMMUNITY = "360981001";
const records = (n: number, from = 0): UplinkRecord[] =>
  Array.from({ length: n }, (_, i) => ({ kind: i % 10 === 0 ? "alarm" : "reading", deviceCode: `dev-${i % 7}`, ts: Date.now(), data: { n: from + i } }));

describe.each(testDbKinds())("uplink over JetStream on %s", (kind) => {
  let nats: JetStreamServer;
  let nc: NatsConnection;
  let community: Side;
  let county: Side;
  let stopping: Array<{ stop(): Promise<void> }> = [];
  let county_n = 0;

  beforeAll(async () => {
    nats = await JetStreamServer.start();
  });
  afterAll(async () => {
    await nats?.destroy();
  });
  beforeEach(async () => {
    community = await communitySide(kind);
    county = await countySide(kind);
    nc = await connect({ servers: nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 200 });
  });
  afterEach(async () => {
    for (const s of stopping) await s.stop();
    stopping = [];
    await nc.close();
    await dropSide(community);
    await dropSide(county);
  });

  // Each test its own county code: its own stream and consumer on the shared server.
  const countyCode = () => `${COUNTY}${kind === "mysql" ? "m" : "s"}${++county_n}`;
  const relayFor = (code: string, community_ = COMMUNITY, ds = community.ds) => {
    const r = new OutboxRelay({ ds, nc, countyCode: code, communityCode: community_, pollMs: 50, backoffMaxMs: 500 });
    stopping.push(r);
    return r;
  };
  const consumerFor = (code: string, members = [COMMUNITY]) => {
    const c = new InboxConsumer({ ds: county.ds, nc, countyCode: code, inSubtree: subtreeOf(members), backoffMaxMs: 500 });
    stopping.push(c);
    return c;
  };

  it("the relay prunes sent rows older than the retention (7 days by default) and never an unsent one", async () => {
    const code = countyCode();
    await enqueue(community.ds, records(5));
    const tenDaysAgo = Date.now() - 10 * 24 * 3600_000;
    await community.ds.query(`UPDATE ${UplinkTables.outbox} SET sent_at = ? WHERE seq <= 3`, [tenDaysAgo]);
    const r = new OutboxRelay({ ds: community.ds, nc, countyCode: code, communityCode: COMMUNITY, pollMs: 50, backoffMaxMs: 500, pruneEveryMs: 50 });
    stopping.push(r);
    r.start();
    const seqs = async () => ((await community.ds.query(`SELECT seq, sent_at FROM ${UplinkTables.outbox} ORDER BY seq`)) as Array<{ seq: unknown; sent_at: unknown }>);
    await waitFor("old sent rows pruned, the rest sent", async () => {
      const rows = await seqs();
      return rows.length === 2 && rows.every((x) => x.sent_at !== null) ? rows : null;
    }, 20_000);
    expect((await seqs()).map((x) => Number(x.seq))).toEqual([4, 5]);
    expect(r.stats.pruned).toBe(3);
    expect(r.stats.lastPrunedAt).not.toBeNull();
    // Recently sent rows stay.
    await r.stop();
    stopping = stopping.filter((s) => s !== r);
    const again = new OutboxRelay({ ds: community.ds, nc, countyCode: code, communityCode: COMMUNITY, pollMs: 50, pruneEveryMs: 50 });
    stopping.push(again);
    again.start();
    await waitFor("pruned once more", async () => (again.stats.lastPrunedAt !== null ? true : null), 20_000);
    expect((await seqs()).map((x) => Number(x.seq))).toEqual([4, 5]);
  });

  it("Y2: rows the relay sends again after a crash (before it marked them sent) are stored once and counted", async () => {
    const code = countyCode();
    // One kind, so the second relay's 120-record cut gives message ids the broker has not seen.
    await enqueue(community.ds, records(500).map((r) => ({ ...r, kind: "reading" })));
    const relay = relayFor(code);
    relay.start();
    await waitFor("all sent", async () => (await outboxCounters(community.ds)).pending === 0);
    await relay.stop();
    // As if the relay had died between the publish ack and its UPDATE: the rows look unsent.
    await community.ds.query(`UPDATE ${UplinkTables.outbox} SET sent_at = NULL WHERE seq > 250`);
    const again = new OutboxRelay({ ds: community.ds, nc, countyCode: code, communityCode: COMMUNITY, pollMs: 50, recordsPerMessage: 120 });
    stopping.push(again);
    again.start();
    await waitFor("re-sent", async () => (await outboxCounters(community.ds)).pending === 0);
    const consumer = consumerFor(code);
    consumer.start();
    await waitFor("county has everything", async () => (await inboxCounters(county.ds)).duplicates === 250, 15_000);
    const c = await inboxCounters(county.ds);
    expect(c).toMatchObject({ acked: 500, stored: 500, duplicates: 250, rejected: 0, parked: 0 });
    const [n] = (await county.ds.query(`SELECT COUNT(*) AS n, COUNT(DISTINCT seq) AS d FROM ${UplinkTables.record}`)) as Array<{ n: unknown; d: unknown }>;
    expect([Number(n.n), Number(n.d)]).toEqual([500, 500]);
  });

  it("Y2: the same message id within the broker's window is dropped by JetStream itself", async () => {
    const code = countyCode();
    await enqueue(community.ds, records(300));
    const relay = relayFor(code);
    relay.start();
    await waitFor("all sent", async () => (await outboxCounters(community.ds)).pending === 0);
    await relay.stop();
    await community.ds.query(`UPDATE ${UplinkTables.outbox} SET sent_at = NULL`);
    const again = relayFor(code);
    again.start();
    await waitFor("re-sent", async () => (await outboxCounters(community.ds)).pending === 0);
    expect(again.stats.brokerDuplicates).toBe(again.stats.messages);
    const jsm = await nc.jetstreamManager();
    expect((await jsm.streams.info(streamName(code))).state.messages).toBe(relay.stats.messages);
  });

  it("Y2: a community outside the county's subtree is acknowledged, recorded as rejected and never stored", async () => {
    const code = countyCode();
    const stranger = await communitySide(kind);
    try {
      await enqueue(stranger.ds, records(50));
      await enqueue(community.ds, records(20));
      relayFor(code, "360982777", stranger.ds).start();
      relayFor(code).start();
      consumerFor(code).start();
      await waitFor("both handled", async () => {
        const c = await inboxCounters(county.ds);
        return c.stored === 20 && c.rejected > 0;
      }, 15_000);
      const jsm = await nc.jetstreamManager();
      await waitFor("stream drained (work queue: acked messages leave)", async () => (await jsm.streams.info(streamName(code))).state.messages === 0);
      const c = await inboxCounters(county.ds);
      expect(c.rejectedByReason).toEqual({ outside_subtree: c.rejected });
      const rej = (await county.ds.query(`SELECT SUM(records) AS n FROM ${UplinkTables.rejected}`)) as Array<{ n: unknown }>;
      expect(Number(rej[0].n)).toBe(50);
      const foreign = (await county.ds.query(`SELECT COUNT(*) AS n FROM ${UplinkTables.record} WHERE community_code = '360982777'`)) as Array<{ n: unknown }>;
      expect(Number(foreign[0].n)).toBe(0);
      for (const s of stopping) await s.stop();
      stopping = [];
    } finally {
      await dropSide(stranger);
    }
  });

  it("Y1: with the stream missing (county not set up yet) rows wait in the outbox, then go once it exists", async () => {
    const code = countyCode();
    await enqueue(community.ds, records(40));
    // As when the community's NATS account may publish but not manage streams.
    const relay = new OutboxRelay({ ds: community.ds, nc, countyCode: code, communityCode: COMMUNITY, pollMs: 50, backoffMaxMs: 500, createStream: false });
    stopping.push(relay);
    relay.start();
    await waitFor("two failed publishes", () => relay.stats.failures > 1, 15_000);
    expect((await outboxCounters(community.ds)).pending).toBe(40);
    await ensureStream(await nc.jetstreamManager(), code);
    await waitFor("sent", async () => (await outboxCounters(community.ds)).pending === 0, 15_000);
    consumerFor(code).start();
    await waitFor("stored", async () => (await inboxCounters(county.ds)).stored === 40, 15_000);
  });

  it("H11: a sealed record is ciphertext in the outbox and in the county's inbox (each node its own key), arrives intact; a tampered row is refused with UPLINK_SEALED_INVALID, counted, and the rest still go", async () => {
    const code = countyCode();
    installUplinkSeal(community.ds, "community-node-host-secret-0123456789abcdef");
    installUplinkSeal(county.ds, "county-node-host-secret-0123456789abcdef-xyz");
    const holder = { holderName: "王建国", holderIdNo: "361126199001010028", plate: "赣E12345" };
    await enqueue(community.ds, [
      { kind: "authorisation", deviceCode: "authorisation-1", ts: Date.now(), data: { id: 1, revision: 1, ...holder }, sealed: true },
      { kind: "authorisation", deviceCode: "authorisation-2", ts: Date.now(), data: { id: 2, revision: 1, ...holder, holderName: "李四" }, sealed: true },
      { kind: "reading", deviceCode: "dev-1", ts: Date.now(), data: { n: 1 } },
      { kind: "authorisation", deviceCode: "authorisation-3", ts: Date.now(), data: { id: 3, revision: 1, ...holder }, sealed: true },
    ]);
    const outbox = (await community.ds.query(`SELECT seq, kind, data FROM ${UplinkTables.outbox} ORDER BY seq`)) as Array<{ seq: unknown; kind: string; data: string }>;
    for (const r of outbox.filter((x) => x.kind === "authorisation")) {
      expect(r.data).toMatch(/^s1:/);
      expect(r.data).not.toMatch(/王建国|李四|361126199001010028|赣E12345/);
    }
    // Unsealed records are stored as they were: JSON text.
    expect(JSON.parse(outbox[2].data)).toEqual({ n: 1 });
    // Tampering: authorisation-1's ciphertext put into authorisation-2's row (a valid seal, the wrong row).
    await community.ds.query(`UPDATE ${UplinkTables.outbox} SET data = ? WHERE seq = ?`, [outbox[0].data, Number(outbox[1].seq)]);

    const errors: Array<{ anjuCode?: string; message: string }> = [];
    const relay = new OutboxRelay({ ds: community.ds, nc, countyCode: code, communityCode: COMMUNITY, pollMs: 50, backoffMaxMs: 500, onError: (e) => errors.push(e as never) });
    stopping.push(relay);
    const got: StoredRecord[] = [];
    const consumer = new InboxConsumer({
      ds: county.ds, nc, countyCode: code, inSubtree: subtreeOf([COMMUNITY]), backoffMaxMs: 500, onRecords: async (_tx, list) => { got.push(...list); },
    });
    stopping.push(consumer);
    relay.start();
    consumer.start();
    await waitFor("the county stores the three good records", async () => ((await inboxCounters(county.ds)).stored === 3 ? true : null), 20_000);
    expect(relay.stats.sealedRefused).toBe(1);
    expect(await outboxCounters(community.ds)).toMatchObject({ pending: 0, refused: 1, sent: 3 });
    expect(errors.map((e) => e.anjuCode)).toContain("UPLINK_SEALED_INVALID");
    // The county's projection gets the records intact.
    expect(got.map((r) => [r.deviceCode, r.data])).toEqual([
      ["authorisation-1", { id: 1, revision: 1, ...holder }],
      ["dev-1", { n: 1 }],
      ["authorisation-3", { id: 3, revision: 1, ...holder }],
    ]);
    // At rest on the county: sealed again, with the county's own key (not the community's ciphertext).
    const inbox = (await county.ds.query(`SELECT device_code, data FROM ${UplinkTables.record} ORDER BY id`)) as Array<{ device_code: string; data: string }>;
    const sealedOut = new Set(outbox.map((r) => r.data));
    for (const r of inbox.filter((x) => x.device_code.startsWith("authorisation-"))) {
      expect(r.data).toMatch(/^s1:/);
      expect(r.data).not.toMatch(/王建国|361126199001010028|赣E12345/);
      expect(r.data.split(":")[1]).not.toBe(outbox[0].data.split(":")[1]);
      expect(sealedOut.has(r.data)).toBe(false);
    }
    expect(JSON.parse(inbox.find((r) => r.device_code === "dev-1")!.data)).toEqual({ n: 1 });
  });

  it("H11: a sealed record on a node without a sealing key is refused (UPLINK_SEAL_KEY_MISSING) and nothing of the batch is written", async () => {
    const bare = await communitySide(kind);
    try {
      await expect(enqueue(bare.ds, [
        { kind: "reading", deviceCode: "dev-1", ts: Date.now(), data: { n: 1 } },
        { kind: "authorisation", deviceCode: "authorisation-1", ts: Date.now(), data: { holderName: "王建国" }, sealed: true },
      ])).rejects.toMatchObject({ anjuCode: "UPLINK_SEAL_KEY_MISSING" });
      expect((await outboxCounters(bare.ds)).lastSeq).toBe(0);
    } finally {
      await dropSide(bare);
    }
  });
});
