/**
 * The outbox and the inbox against real databases, without a broker: what the community
 * commits, in which order, and what the county stores, drops and counts (Yiyang Y1, Y2).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDbKinds } from "@anju/kernel/testing";
import { dbTimestamp, HOST_MIGRATIONS, runMigrations } from "@anju/data";
import type { AnjuError } from "@anju/errors";
import type { EntityManager } from "typeorm";
import {
  applyMessages, enqueue, inboxCounters, releaseHeld, subtreeFromJurisdictions, markSent, outboxCounters, pendingRows, pruneSent, subtreeOf, UplinkTables,
  type InboundMessage, type InboxPolicy, type UplinkRecord,
} from "../src/index.js";
import { packRows, patchSentAt, type Outgoing } from "../src/relay.js";
import { communitySide, countySide, dropSide, type Side } from "./helpers.js";

const COUNTY = "360981";
const COMMUNITY = "360981001";

const readings = (device: string, n: number, from = 0): UplinkRecord[] =>
  Array.from({ length: n }, (_, i) => ({ kind: "reading", deviceCode: device, ts: 1_700_000_000_000 + from + i, data: { v: from + i } }));

describe.each(testDbKinds())("uplink outbox and inbox on %s", (kind) => {
  let community: Side;
  let county: Side;
  let stream = 0;

  beforeEach(async () => {
    community = await communitySide(kind);
    county = await countySide(kind);
  });
  afterEach(async () => {
    await dropSide(community);
    await dropSide(county);
  });

  const policy = (over: Partial<InboxPolicy> = {}): InboxPolicy => ({ countyCode: COUNTY, inSubtree: subtreeOf([COMMUNITY]), skewThresholdMs: 5000, ...over });
  const inbound = (m: Outgoing, sentAt: number, storedAt = sentAt): InboundMessage => ({ subject: m.subject, data: patchSentAt(m.body, sentAt), streamSeq: ++stream, storedAt });
  const pack = async (per = 200) => packRows(COUNTY, COMMUNITY, await pendingRows(community.ds, 100_000), { recordsPerMessage: per, maxMessageBytes: 512 * 1024 });
  const apply = (msgs: InboundMessage[], p = policy(), at?: number) => county.ds.transaction((tx) => applyMessages(tx, p, msgs, at));
  const stored = async () => (await county.ds.query(`SELECT seq, device_code, device_seq, ts, received_at, data FROM ${UplinkTables.record} ORDER BY id`)) as Array<Record<string, unknown>>;

  it("Y1: an outbox row commits with the business write and rolls back with it", async () => {
    await community.ds.query("CREATE TABLE biz_alarm (id INTEGER PRIMARY KEY, note VARCHAR(40))");
    await community.ds.transaction(async (tx) => {
      await tx.query("INSERT INTO biz_alarm (id, note) VALUES (1, 'smoke')");
      await enqueue(tx, [{ kind: "alarm", deviceCode: "smoke-1", ts: new Date(), data: { alarm: 1 } }]);
    });
    await expect(community.ds.transaction(async (tx) => {
      await tx.query("INSERT INTO biz_alarm (id, note) VALUES (2, 'smoke')");
      await enqueue(tx, [{ kind: "alarm", deviceCode: "smoke-1", ts: new Date(), data: { alarm: 2 } }]);
      throw new Error("business rule failed after the enqueue");
    })).rejects.toThrow("business rule failed");
    expect(await community.ds.query("SELECT id FROM biz_alarm")).toHaveLength(1);
    const rows = await pendingRows(community.ds, 10);
    expect(rows.map((r) => JSON.parse(r.data))).toEqual([{ alarm: 1 }]);
  });

  it("Y2: source and per-device sequence numbers continue across transactions in commit order", async () => {
    await enqueue(community.ds, [...readings("A", 3), ...readings("B", 2)]);
    await enqueue(community.ds, readings("A", 2, 3));
    const rows = await pendingRows(community.ds, 100);
    expect(rows.map((r) => r.seq)).toEqual([...rows.map((r) => r.seq)].sort((a, b) => a - b));
    expect(new Set(rows.map((r) => r.seq)).size).toBe(7);
    expect(rows.filter((r) => r.deviceCode === "A").map((r) => r.deviceSeq)).toEqual([1, 2, 3, 4, 5]);
    expect(rows.filter((r) => r.deviceCode === "B").map((r) => r.deviceSeq)).toEqual([1, 2]);
  });

  it("a bad record is refused with UPLINK_RECORD_INVALID and nothing of the batch is written", async () => {
    const bad = [...readings("A", 2), { kind: "reading.x", deviceCode: "A", ts: 1, data: {} }];
    const err = (await enqueue(community.ds, bad).catch((e: unknown) => e)) as AnjuError;
    expect(err.anjuCode).toBe("UPLINK_RECORD_INVALID");
    expect(err.status).toBe(422);
    expect(err.messages.en).toContain("#2 kind");
    expect(err.messages["zh-CN"]).toContain("上行记录无效：第 2 条 kind");
    const err2 = (await enqueue(community.ds, [{ kind: "reading", deviceCode: "A", ts: "yesterday", data: {} }]).catch((e: unknown) => e)) as AnjuError;
    expect(err2.anjuCode).toBe("UPLINK_RECORD_INVALID");
    expect((await outboxCounters(community.ds)).pending).toBe(0);
  });

  it("enqueue on a database without the outbox tables says so (UPLINK_NOT_MIGRATED), in both languages", async () => {
    const err = (await enqueue(county.ds, readings("A", 1)).catch((e: unknown) => e)) as AnjuError;
    expect(err.anjuCode).toBe("UPLINK_NOT_MIGRATED");
    expect(err.messages["zh-CN"]).toContain("上行数据表尚未创建");
    expect(err.messages.en).toContain("anju_uplink_outbox");
  });

  it("marking sent and pruning never touch unsent rows", async () => {
    await enqueue(community.ds, readings("A", 10));
    const rows = await pendingRows(community.ds, 4);
    await markSent(community.ds, rows.map((r) => r.seq), 1000);
    expect(await outboxCounters(community.ds, 2000)).toMatchObject({ pending: 6, sent: 4 });
    expect(await pruneSent(community.ds, 0, Date.now())).toBe(4);
    expect(await outboxCounters(community.ds)).toMatchObject({ pending: 6, sent: 0 });
    expect((await pendingRows(community.ds, 100)).map((r) => r.deviceSeq)).toEqual([5, 6, 7, 8, 9, 10]);
  });

  it("Y2: a redelivered message is stored once and counted as duplicates", async () => {
    await enqueue(community.ds, readings("A", 250));
    const msgs = (await pack()).map((m) => inbound(m, Date.now()));
    expect(msgs).toHaveLength(2);
    expect(await apply(msgs)).toMatchObject({ stored: 250, duplicates: 0 });
    expect(await apply([msgs[1], msgs[0]])).toMatchObject({ stored: 0, duplicates: 250 });
    expect(await stored()).toHaveLength(250);
    expect(await inboxCounters(county.ds)).toMatchObject({ acked: 250, duplicates: 250, outOfOrder: 0, rejected: 0 });
  });

  it("Y2: a re-sent batch cut differently (past the broker's window) only adds what is new", async () => {
    await enqueue(community.ds, readings("A", 300));
    const small = (await pack(100)).map((m) => inbound(m, Date.now()));
    await apply([small[0]]);
    const large = (await pack(250)).map((m) => inbound(m, Date.now()));
    expect(await apply(large)).toMatchObject({ stored: 200, duplicates: 100 });
    const rows = await stored();
    expect(rows.map((r) => Number(r.device_seq))).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
  });

  it("Y2: records arriving ahead of earlier ones of their device wait, then are stored in device order", async () => {
    await enqueue(community.ds, [...readings("A", 100), ...readings("B", 50)]);
    // 60 a message: A1–60 | A61–100 + B1–20 | B21–50
    const msgs = (await pack(60)).map((m) => inbound(m, Date.now()));
    expect(await apply([msgs[1], msgs[2]])).toMatchObject({ stored: 50, outOfOrder: 40 });
    expect(await inboxCounters(county.ds)).toMatchObject({ acked: 90, stored: 50, parked: 40, outOfOrder: 40 });
    expect(await apply([msgs[1]])).toMatchObject({ stored: 0, duplicates: 60 });
    expect(await apply([msgs[0]])).toMatchObject({ stored: 100, outOfOrder: 0 });
    const a = (await county.ds.query(`SELECT device_seq FROM ${UplinkTables.record} WHERE device_code = 'A' ORDER BY id`)) as Array<{ device_seq: unknown }>;
    expect(a.map((r) => Number(r.device_seq))).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(await inboxCounters(county.ds)).toMatchObject({ acked: 150, stored: 150, parked: 0, outOfOrder: 40, duplicates: 60, gaps: 0 });
  });

  it("records held past the hold time go through with the gap counted; the missing ones are still stored when they come", async () => {
    await enqueue(community.ds, readings("A", 100));
    const msgs = (await pack(60)).map((m) => inbound(m, Date.now()));
    await apply([msgs[1]]);
    expect(await county.ds.transaction((tx) => releaseHeld(tx, {}, 60_000, Date.now() + 1000))).toBe(0);
    expect(await county.ds.transaction((tx) => releaseHeld(tx, {}, 60_000, Date.now() + 61_000))).toBe(40);
    expect(await apply([msgs[0]])).toMatchObject({ stored: 60, outOfOrder: 60 });
    expect(await inboxCounters(county.ds)).toMatchObject({ stored: 100, parked: 0, gaps: 60, outOfOrder: 100 });
    const a = (await county.ds.query(`SELECT device_seq FROM ${UplinkTables.record} ORDER BY device_seq`)) as Array<{ device_seq: unknown }>;
    expect(a.map((r) => Number(r.device_seq))).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });

  it("Y2: a community outside the county's subtree is rejected and counted, nothing stored", async () => {
    await enqueue(community.ds, readings("A", 5));
    const msgs = (await pack()).map((m) => inbound(m, Date.now()));
    const r = await apply(msgs, policy({ inSubtree: subtreeOf(["360981002"]) }));
    expect(r).toMatchObject({ stored: 0, rejected: [{ reason: "outside_subtree", records: 5 }] });
    expect(await stored()).toHaveLength(0);
    const c = await inboxCounters(county.ds);
    expect(c).toMatchObject({ acked: 0, rejected: 1, rejectedByReason: { outside_subtree: 1 } });
    const [rej] = (await county.ds.query(`SELECT community_code, reason, first_seq, last_seq, records FROM ${UplinkTables.rejected}`)) as Array<Record<string, unknown>>;
    expect(rej).toMatchObject({ community_code: COMMUNITY, reason: "outside_subtree", records: 5 });
  });

  it("a message for another county, a subject that contradicts its body, or garbage is rejected", async () => {
    await enqueue(community.ds, readings("A", 5));
    const [m] = await pack();
    const good = inbound(m, Date.now());
    const other = { ...good, subject: `anju.uplink.${COUNTY}.360981009.reading` };
    const garbage = { ...good, data: "{not json" };
    const r = await apply([other, garbage, good]);
    expect(r.stored).toBe(5);
    expect(r.rejected.map((x) => x.reason)).toEqual(["subject_mismatch", "malformed"]);
    const foreign = await apply([good], policy({ countyCode: "360982" }));
    expect(foreign.rejected.map((x) => x.reason)).toEqual(["subject_mismatch"]);
    expect((await inboxCounters(county.ds)).rejectedByReason).toEqual({ subject_mismatch: 2, malformed: 1 });
  });

  it("Y2: a community clock far off is counted as skewed; the county keeps its own receive time next to the community's", async () => {
    await enqueue(community.ds, readings("A", 3));
    const [m] = await pack();
    const broker = 1_800_000_000_000;
    const countyNow = broker + 20;
    await apply([inbound(m, broker + 3_600_000, broker)], policy(), countyNow);
    const rows = await stored();
    expect(rows.map((r) => Number(r.received_at))).toEqual([countyNow, countyNow, countyNow]);
    expect(rows.map((r) => Number(r.ts))).toEqual([1_700_000_000_000, 1_700_000_000_001, 1_700_000_000_002]);
    const c = await inboxCounters(county.ds);
    expect(c.skewed).toBe(1);
    expect(c.communities[0]).toMatchObject({ community: COMMUNITY, lastSkewMs: 3_600_000 });
  });

  it("Y2: the county's subtree comes from its own jurisdiction tree (materialised path), not from the message", async () => {
    await runMigrations(county.ds, "@host", HOST_MIGRATIONS);
    const at = dbTimestamp();
    const add = (code: string, level: string, parent: string | null, p: string) =>
      county.ds.query("INSERT INTO anju_jurisdiction (code, name, level, parent_code, path, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", [code, code, level, parent, p, at, at]);
    await add("410300", "city", null, "/410300/");
    await add(COUNTY, "county", "410300", `/410300/${COUNTY}/`);
    await add(COMMUNITY, "community", COUNTY, `/410300/${COUNTY}/${COMMUNITY}/`);
    await add("410302", "county", "410300", "/410300/410302/");
    await add("410302001", "community", "410302", "/410300/410302/410302001/");
    const inSubtree = subtreeFromJurisdictions(county.ds, COUNTY);
    expect(await inSubtree(COMMUNITY)).toBe(true);
    expect(await inSubtree("410302001")).toBe(false);
    expect(await inSubtree("410300")).toBe(false);
    expect(await inSubtree(COUNTY)).toBe(false);
    expect(await inSubtree("999999001")).toBe(false);
  });

  it("a failing projection rolls the whole batch back, so the redelivery stores it", async () => {
    await enqueue(community.ds, readings("A", 5));
    const msgs = (await pack()).map((m) => inbound(m, Date.now()));
    const failing = policy({ onRecords: async (_tx: EntityManager) => { throw new Error("projection down"); } });
    await expect(apply(msgs, failing)).rejects.toThrow("projection down");
    expect(await stored()).toHaveLength(0);
    const seen: number[] = [];
    await apply(msgs, policy({ onRecords: async (_tx, recs) => { seen.push(...recs.map((r) => r.deviceSeq)); } }));
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(await inboxCounters(county.ds)).toMatchObject({ acked: 5, duplicates: 0 });
  });
});
