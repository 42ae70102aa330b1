/**
 * The county side's apply step, one transaction per batch of messages: check where each
 * message comes from, drop records already stored (unique key on community + seq, so a
 * redelivery after a crash, or a copy past the broker's duplicate window, never counts twice),
 * store the rest with the county's own receive time in per-device order (a record that arrives
 * ahead of an earlier one of its device waits in anju_uplink_parked until the gap fills), note
 * clock skew, and keep the counters in the same transaction as the data they count.
 */
import type { EntityManager } from "typeorm";
import { CODE_PATTERN, KIND_PATTERN, DEVICE_CODE_MAX, RejectReasons, Tables, type RejectReason } from "./constants.js";
import type { UplinkMessage, WireRecord } from "./record.js";
import { dataSourceOf, marks, num, rows, tuples, type Db } from "./sql.js";
import { inboxContext, isSealed, sealerOf } from "./seal.js";
import { upsertRows, type Merge } from "./upsert.js";
import { subjectOf } from "./stream.js";

/** A message as JetStream delivered it, independent of the client library. */
export interface InboundMessage {
  subject: string;
  data: Uint8Array | string;
  /** Stream sequence (for the rejection record and operations). */
  streamSeq: number;
  /** When the broker stored it (broker clock, epoch ms). */
  storedAt: number;
}

/** A record as stored by the county, handed to `onRecords` inside the same transaction. */
export interface StoredRecord {
  community: string;
  seq: number;
  kind: string;
  deviceCode: string;
  deviceSeq: number;
  ts: number;
  receivedAt: number;
  data: unknown;
}

export interface InboxPolicy {
  countyCode: string;
  /** Is this community inside the county's subtree? Asked once per message. */
  inSubtree: (communityCode: string) => boolean | Promise<boolean>;
  skewThresholdMs: number;
  /** Project stored records into the plugin's own tables, in the same transaction. */
  onRecords?: (manager: EntityManager, records: StoredRecord[]) => Promise<void>;
}

export interface ApplyResult { stored: number; duplicates: number; outOfOrder: number; skewed: number; rejected: Array<{ reason: RejectReason; records: number }> }

const decoder = new TextDecoder();
const CHUNK = 200;
/** Rows per INSERT statement (10 parameters each). */
const INSERT_CHUNK = 500;

class Reject extends Error {
  constructor(readonly reason: RejectReason, detail: string) {
    super(detail);
  }
}

function isPositiveInt(v: unknown): v is number {
  return typeof v === "number" && Number.isSafeInteger(v) && v > 0;
}

function parse(m: InboundMessage): UplinkMessage {
  let doc: UplinkMessage;
  try {
    doc = JSON.parse(typeof m.data === "string" ? m.data : decoder.decode(m.data)) as UplinkMessage;
  } catch (err) {
    throw new Reject(RejectReasons.malformed, `not JSON: ${(err as Error).message}`);
  }
  const bad = (what: string) => new Reject(RejectReasons.malformed, what);
  if (!doc || typeof doc !== "object" || doc.v !== 1) throw bad("unknown message version");
  if (typeof doc.community !== "string" || !CODE_PATTERN.test(doc.community)) throw bad("community code missing or invalid");
  if (typeof doc.kind !== "string" || !KIND_PATTERN.test(doc.kind)) throw bad("kind missing or invalid");
  if (typeof doc.sentAt !== "number" || !Number.isFinite(doc.sentAt)) throw bad("sentAt missing");
  if (!Array.isArray(doc.records) || !doc.records.length) throw bad("no records");
  for (const r of doc.records) {
    if (!r || !isPositiveInt(r.seq) || !isPositiveInt(r.dseq) || typeof r.dev !== "string" || !r.dev || r.dev.length > DEVICE_CODE_MAX
      || typeof r.ts !== "number" || !Number.isFinite(r.ts)) throw bad("record without seq, dseq, dev or ts");
  }
  return doc;
}

/** Apply a batch of messages in the caller's transaction (the consumer acks them after commit). */
export async function applyMessages(tx: EntityManager, policy: InboxPolicy, messages: InboundMessage[], receivedAt = Date.now()): Promise<ApplyResult> {
  const result: ApplyResult = { stored: 0, duplicates: 0, outOfOrder: 0, skewed: 0, rejected: [] };
  // Accepted messages are applied per community, all of one community's together: one dedupe
  // query, one device query and multi-row inserts for the lot instead of per message.
  const accepted = new Map<string, Array<{ m: InboundMessage; doc: UplinkMessage }>>();
  for (const m of messages) {
    let doc: UplinkMessage | null = null;
    try {
      doc = parse(m);
      if (doc.county !== policy.countyCode || m.subject !== subjectOf(policy.countyCode, doc.community, doc.kind)) {
        throw new Reject(RejectReasons.subjectMismatch, `subject ${m.subject} does not match county ${doc.county}, community ${doc.community}, kind ${doc.kind}`);
      }
      if (!(await policy.inSubtree(doc.community))) {
        throw new Reject(RejectReasons.outsideSubtree, `community ${doc.community} is not under ${policy.countyCode}`);
      }
    } catch (err) {
      if (!(err instanceof Reject)) throw err;
      await recordRejection(tx, m, err, doc, receivedAt);
      result.rejected.push({ reason: err.reason, records: Array.isArray(doc?.records) ? doc!.records.length : 0 });
      continue;
    }
    accepted.set(doc.community, [...(accepted.get(doc.community) ?? []), { m, doc }]);
  }
  for (const [community, items] of accepted) {
    const one = await applyCommunity(tx, policy, community, items, receivedAt);
    result.stored += one.stored;
    result.duplicates += one.duplicates;
    result.outOfOrder += one.outOfOrder;
    result.skewed += one.skewed;
  }
  return result;
}

/**
 * A record on its way into anju_uplink_record or anju_uplink_parked. `data` is JSON text in
 * memory; a sealed record's is sealed with the county node's key on the way into a table and
 * opened on the way out (seal.ts), so the holder's identity is never at rest in clear here either.
 */
interface Row { seq: number; kind: string; dev: string; dseq: number; ts: number; sentAt: number; receivedAt: number; streamSeq: number; data: string; sealed: boolean }

const COLUMNS = "community_code, seq, kind, device_code, device_seq, ts, sent_at, received_at, stream_seq, data";

async function insertRows(tx: Db, table: string, community: string, list: Row[]): Promise<void> {
  const sealer = list.some((r) => r.sealed) ? sealerOf(dataSourceOf(tx)) : null;
  for (let i = 0; i < list.length; i += INSERT_CHUNK) {
    const part = list.slice(i, i + INSERT_CHUNK);
    const values: unknown[] = [];
    for (const r of part) {
      const data = r.sealed ? sealer!.seal(r.data, inboxContext(community, r.seq, r.kind, r.dev, r.dseq)) : r.data;
      values.push(community, r.seq, r.kind, r.dev, r.dseq, r.ts, r.sentAt, r.receivedAt, r.streamSeq, data);
    }
    await tx.query(`INSERT INTO ${table} (${COLUMNS}) VALUES ${tuples(part.length, 10)}`, values);
  }
}

/** A parked row read back (sealed data opened with this node's key; UPLINK_SEALED_INVALID if it does not open). */
function rowOf(tx: Db, community: string, r: Record<string, unknown>): Row {
  const row: Row = {
    seq: num(r.seq), kind: String(r.kind), dev: String(r.device_code), dseq: num(r.device_seq), ts: num(r.ts), sentAt: num(r.sent_at),
    receivedAt: num(r.received_at), streamSeq: num(r.stream_seq), data: String(r.data), sealed: false,
  };
  if (isSealed(row.data)) {
    row.data = sealerOf(dataSourceOf(tx)).open(row.data, inboxContext(community, row.seq, row.kind, row.dev, row.dseq));
    row.sealed = true;
  }
  return row;
}

/** Which of `seqs` the table holds; one range scan on the unique key covers a whole batch. */
async function seqsIn(tx: Db, table: string, community: string, seqs: number[], into: Set<number>): Promise<void> {
  if (!seqs.length) return;
  const lo = seqs.reduce((a, b) => Math.min(a, b));
  const hi = seqs.reduce((a, b) => Math.max(a, b));
  if (hi - lo > 4 * seqs.length) {
    // Scattered (an old redelivery next to new records): look the numbers up one list at a time.
    for (let i = 0; i < seqs.length; i += CHUNK) {
      const part = seqs.slice(i, i + CHUNK);
      const got = await rows<{ seq: unknown }>(tx, `SELECT seq FROM ${table} WHERE community_code = ? AND seq IN (${marks(part.length)})`, [community, ...part]);
      for (const g of got) into.add(num(g.seq));
    }
    return;
  }
  const wanted = new Set(seqs);
  const got = await rows<{ seq: unknown }>(tx, `SELECT seq FROM ${table} WHERE community_code = ? AND seq BETWEEN ? AND ?`, [community, lo, hi]);
  for (const g of got) if (wanted.has(num(g.seq))) into.add(num(g.seq));
}

async function byDevices<T>(tx: Db, sql: (n: number) => string, community: string, devices: string[]): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < devices.length; i += CHUNK) {
    const part = devices.slice(i, i + CHUNK);
    out.push(...(await rows<T>(tx, sql(part.length), [community, ...part])));
  }
  return out;
}

/**
 * Store what is next for each device, park what arrived ahead of a gap, release parked records
 * the gap was waiting for. Per-device sequence numbers have no gaps at the source (the counter
 * moves inside the enqueueing transaction), so "next" is always last + 1.
 */
async function applyCommunity(tx: EntityManager, policy: InboxPolicy, community: string, items: Array<{ m: InboundMessage; doc: UplinkMessage }>, receivedAt: number) {
  // A seq seen twice in the batch (or within one message) is a duplicate like any other.
  const unique = new Map<number, Row>();
  let total = 0;
  let skewed = 0;
  let lastSkewMs = 0;
  for (const { m, doc } of items) {
    total += doc.records.length;
    for (const r of doc.records) {
      if (unique.has(r.seq)) continue;
      unique.set(r.seq, {
        seq: r.seq, kind: doc.kind, dev: r.dev, dseq: r.dseq, ts: r.ts, sentAt: doc.sentAt, receivedAt, streamSeq: m.streamSeq, data: JSON.stringify(r.data ?? null), sealed: r.sealed === 1,
      });
    }
    // Skew: the community's clock at publish against the broker's when it stored the message
    // (milliseconds apart on a working link). Receive time is not used: a message may
    // legitimately wait in the stream for hours while the county is down.
    lastSkewMs = Math.round(doc.sentAt - m.storedAt);
    if (Math.abs(lastSkewMs) > policy.skewThresholdMs) skewed++;
  }
  const seqs = [...unique.keys()];
  const present = new Set<number>();
  await seqsIn(tx, Tables.record, community, seqs, present);
  await seqsIn(tx, Tables.parked, community, seqs, present);
  const fresh = [...unique.values()].filter((r) => !present.has(r.seq));
  const duplicates = total - fresh.length;

  const devices = [...new Set(fresh.map((r) => r.dev))];
  const last = new Map<string, number>();
  for (const g of await byDevices<{ device_code: string; last_device_seq: unknown }>(tx,
    (n) => `SELECT device_code, last_device_seq FROM ${Tables.device} WHERE community_code = ? AND device_code IN (${marks(n)})`, community, devices)) {
    last.set(g.device_code, num(g.last_device_seq));
  }
  const waiting = new Map<string, Row[]>();
  for (const g of await byDevices<Record<string, unknown>>(tx,
    (n) => `SELECT ${COLUMNS} FROM ${Tables.parked} WHERE community_code = ? AND device_code IN (${marks(n)})`, community, devices)) {
    const r = rowOf(tx, community, g);
    waiting.set(r.dev, [...(waiting.get(r.dev) ?? []), r]);
  }

  const store: Row[] = [];
  const park: Row[] = [];
  const released: number[] = [];
  let outOfOrder = 0;
  for (const dev of devices) {
    const held = new Set((waiting.get(dev) ?? []).map((r) => r.seq));
    const queue = [...fresh.filter((r) => r.dev === dev), ...(waiting.get(dev) ?? [])].sort((a, b) => a.dseq - b.dseq);
    let next = (last.get(dev) ?? 0) + 1;
    let i = 0;
    for (; i < queue.length; i++) {
      const r = queue[i];
      if (r.dseq > next) break;
      // Below `next` only after a hold expired and let later records through: late, kept, counted.
      if (r.dseq < next && !held.has(r.seq)) outOfOrder++;
      store.push(r);
      if (held.has(r.seq)) released.push(r.seq);
      next = Math.max(next, r.dseq + 1);
    }
    for (const r of queue.slice(i)) {
      if (held.has(r.seq)) continue;
      park.push(r);
      outOfOrder++;
    }
    last.set(dev, next - 1);
  }

  await insertRows(tx, Tables.record, community, store);
  await insertRows(tx, Tables.parked, community, park);
  for (let i = 0; i < released.length; i += CHUNK) {
    const part = released.slice(i, i + CHUNK);
    await tx.query(`DELETE FROM ${Tables.parked} WHERE community_code = ? AND seq IN (${marks(part.length)})`, [community, ...part]);
  }
  await upsertRows(tx, Tables.device, ["community_code", "device_code"], { last_device_seq: "max" }, devices.map((d) => [community, d, last.get(d) ?? 0]));

  const maxSeq = seqs.reduce((a, b) => Math.max(a, b), 0);
  await bumpSource(tx, community, { records: store.length, messages: items.length, duplicates, outOfOrder, skewed, lastSeq: maxSeq, lastSkewMs, at: receivedAt });
  await project(tx, policy, community, store);
  return { stored: store.length, duplicates, outOfOrder, skewed };
}

async function project(tx: EntityManager, policy: Pick<InboxPolicy, "onRecords">, community: string, list: Row[]): Promise<void> {
  if (!policy.onRecords || !list.length) return;
  await policy.onRecords(tx, list.map((r) => ({
    community, seq: r.seq, kind: r.kind, deviceCode: r.dev, deviceSeq: r.dseq, ts: r.ts, receivedAt: r.receivedAt, data: JSON.parse(r.data) as unknown,
  })));
}

interface Bump { records: number; messages: number; duplicates: number; outOfOrder: number; gaps?: number; skewed: number; lastSeq: number; lastSkewMs: number | null; at: number }

async function bumpSource(tx: Db, community: string, b: Bump): Promise<void> {
  const columns: Record<string, Merge> = {
    records: "add", messages: "add", duplicates: "add", out_of_order: "add", gaps: "add", skewed: "add",
    last_seq: "max", last_skew_ms: b.lastSkewMs === null ? "keep" : "replace", first_received_at: "keep", last_received_at: "max",
  };
  await upsertRows(tx, Tables.source, ["community_code"], columns,
    [[community, b.records, b.messages, b.duplicates, b.outOfOrder, b.gaps ?? 0, b.skewed, b.lastSeq, b.lastSkewMs ?? 0, b.at, b.at]]);
}

/**
 * Let records through that have waited longer than `holdMs` for a gap to fill: the gap is
 * taken as lost at the source (a community database restored from backup, a county database
 * started empty) and counted; a missing record that turns up later is still stored, counted
 * as out of order. Returns how many records were released.
 */
export async function releaseHeld(tx: EntityManager, policy: Pick<InboxPolicy, "onRecords">, holdMs: number, now = Date.now()): Promise<number> {
  const stale = await rows<{ community_code: string; device_code: string }>(tx,
    `SELECT DISTINCT community_code, device_code FROM ${Tables.parked} WHERE received_at < ?`, [now - holdMs]);
  let total = 0;
  for (const { community_code: community, device_code: dev } of stale) {
    const list = (await rows<Record<string, unknown>>(tx,
      `SELECT ${COLUMNS} FROM ${Tables.parked} WHERE community_code = ? AND device_code = ? ORDER BY device_seq`, [community, dev])).map((g) => rowOf(tx, community, g));
    if (!list.length) continue;
    const [d] = await rows<{ last_device_seq: unknown }>(tx, `SELECT last_device_seq FROM ${Tables.device} WHERE community_code = ? AND device_code = ?`, [community, dev]);
    let next = num(d?.last_device_seq) + 1;
    let gaps = 0;
    for (const r of list) {
      if (r.dseq > next) gaps += r.dseq - next;
      next = Math.max(next, r.dseq + 1);
    }
    await insertRows(tx, Tables.record, community, list);
    await tx.query(`DELETE FROM ${Tables.parked} WHERE community_code = ? AND device_code = ?`, [community, dev]);
    await upsertRows(tx, Tables.device, ["community_code", "device_code"], { last_device_seq: "max" }, [[community, dev, next - 1]]);
    await bumpSource(tx, community, { records: list.length, messages: 0, duplicates: 0, outOfOrder: 0, gaps, skewed: 0, lastSeq: 0, lastSkewMs: null, at: now });
    await project(tx, policy, community, list);
    total += list.length;
  }
  return total;
}

async function recordRejection(tx: EntityManager, m: InboundMessage, err: Reject, doc: UplinkMessage | null, receivedAt: number): Promise<void> {
  const recs = Array.isArray(doc?.records) ? doc!.records : [];
  const seqs = recs.map((r) => (r && isPositiveInt(r.seq) ? r.seq : 0)).filter((s) => s > 0);
  const community = typeof doc?.community === "string" ? doc.community.slice(0, 64) : null;
  await tx.query(
    `INSERT INTO ${Tables.rejected} (community_code, subject, reason, first_seq, last_seq, records, detail, stream_seq, received_at) VALUES (${tuples(1, 9).slice(1, -1)})`,
    [community, m.subject.slice(0, 255), err.reason, seqs.length ? Math.min(...seqs) : null, seqs.length ? Math.max(...seqs) : null,
      recs.length, err.message.slice(0, 500), m.streamSeq, receivedAt]);
}

export interface InboxCounters {
  /** Records committed and acknowledged to JetStream: stored plus parked. */
  acked: number;
  /** Records in anju_uplink_record. */
  stored: number;
  messages: number;
  duplicates: number;
  outOfOrder: number;
  /** Records waiting for an earlier one of their device (not yet in anju_uplink_record). */
  parked: number;
  /** Device sequence numbers given up on after the hold time. */
  gaps: number;
  skewed: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
  communities: Array<{ community: string; records: number; duplicates: number; outOfOrder: number; gaps: number; skewed: number; lastSeq: number; lastSkewMs: number; lastReceivedAt: number }>;
}

export async function inboxCounters(db: Db): Promise<InboxCounters> {
  const src = await rows<Record<string, unknown>>(db, `SELECT * FROM ${Tables.source} ORDER BY community_code`);
  const rej = await rows<{ reason: string; n: unknown }>(db, `SELECT reason, COUNT(*) AS n FROM ${Tables.rejected} GROUP BY reason`);
  const communities = src.map((s) => ({
    community: String(s.community_code), records: num(s.records), duplicates: num(s.duplicates), outOfOrder: num(s.out_of_order), gaps: num(s.gaps),
    skewed: num(s.skewed), lastSeq: num(s.last_seq), lastSkewMs: num(s.last_skew_ms), lastReceivedAt: num(s.last_received_at),
  }));
  const sum = (k: "records" | "duplicates" | "outOfOrder" | "gaps" | "skewed") => communities.reduce((a, c) => a + c[k], 0);
  const rejectedByReason = Object.fromEntries(rej.map((r) => [r.reason, num(r.n)]));
  const [p] = await rows<{ n: unknown }>(db, `SELECT COUNT(*) AS n FROM ${Tables.parked}`);
  return {
    acked: sum("records") + num(p.n), stored: sum("records"), messages: src.reduce((a, s) => a + num(s.messages), 0), duplicates: sum("duplicates"), outOfOrder: sum("outOfOrder"), parked: num(p.n), gaps: sum("gaps"),
    skewed: sum("skewed"), rejected: Object.values(rejectedByReason).reduce((a, b) => a + b, 0), rejectedByReason, communities,
  };
}
