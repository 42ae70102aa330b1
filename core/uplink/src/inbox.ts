/**
 * The county side's apply step, one transaction per batch of messages: check where each
 * message comes from, drop records already stored (unique key on community + seq, so a
 * redelivery after a crash, or a copy past the broker's duplicate window, never counts twice),
 * store the rest with the county's own receive time, note per-device order and clock skew,
 * and keep the counters in the same transaction as the data they count.
 */
import type { EntityManager } from "typeorm";
import { CODE_PATTERN, KIND_PATTERN, DEVICE_CODE_MAX, RejectReasons, Tables, type RejectReason } from "./constants.js";
import type { UplinkMessage, WireRecord } from "./record.js";
import { num, rows, tuples, type Db } from "./sql.js";
import { upsertRows } from "./upsert.js";
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
    const one = await applyOne(tx, policy, m, doc, receivedAt);
    result.stored += one.stored;
    result.duplicates += one.duplicates;
    result.outOfOrder += one.outOfOrder;
    result.skewed += one.skewed;
  }
  return result;
}

async function applyOne(tx: EntityManager, policy: InboxPolicy, m: InboundMessage, doc: UplinkMessage, receivedAt: number) {
  const community = doc.community;
  // Within one message a seq may appear once; a repeated one is a duplicate like any other.
  const unique = new Map<number, WireRecord>();
  for (const r of doc.records) if (!unique.has(r.seq)) unique.set(r.seq, r);
  const seqs = [...unique.keys()];
  const present = new Set<number>();
  for (let i = 0; i < seqs.length; i += CHUNK) {
    const part = seqs.slice(i, i + CHUNK);
    const got = await rows<{ seq: unknown }>(tx, `SELECT seq FROM ${Tables.record} WHERE community_code = ? AND seq IN (${part.map(() => "?").join(", ")})`, [community, ...part]);
    for (const g of got) present.add(num(g.seq));
  }
  const fresh = [...unique.values()].filter((r) => !present.has(r.seq));
  const duplicates = doc.records.length - fresh.length;

  // Per-device order: a record whose device seq is not past the highest already stored for
  // that device arrived late. It is stored all the same (with its device seq, which is what
  // readers order by) and counted.
  const devices = [...new Set(fresh.map((r) => r.dev))];
  const last = new Map<string, number>();
  for (let i = 0; i < devices.length; i += CHUNK) {
    const part = devices.slice(i, i + CHUNK);
    const got = await rows<{ device_code: string; last_device_seq: unknown }>(tx,
      `SELECT device_code, last_device_seq FROM ${Tables.device} WHERE community_code = ? AND device_code IN (${part.map(() => "?").join(", ")})`, [community, ...part]);
    for (const g of got) last.set(g.device_code, num(g.last_device_seq));
  }
  let outOfOrder = 0;
  for (const r of fresh) {
    const prev = last.get(r.dev) ?? 0;
    if (r.dseq <= prev) outOfOrder++;
    else last.set(r.dev, r.dseq);
  }

  for (let i = 0; i < fresh.length; i += CHUNK) {
    const part = fresh.slice(i, i + CHUNK);
    const values: unknown[] = [];
    for (const r of part) values.push(community, r.seq, doc.kind, r.dev, r.dseq, r.ts, doc.sentAt, receivedAt, m.streamSeq, JSON.stringify(r.data ?? null));
    await tx.query(`INSERT INTO ${Tables.record} (community_code, seq, kind, device_code, device_seq, ts, sent_at, received_at, stream_seq, data) VALUES ${tuples(part.length, 10)}`, values);
  }
  await upsertRows(tx, Tables.device, ["community_code", "device_code"], { last_device_seq: "max" }, devices.map((d) => [community, d, last.get(d) ?? 0]));

  // Skew: the community's clock at publish against the broker's when it stored the message
  // (a few milliseconds apart on a working link). Receive time is not used: a message may
  // legitimately wait in the stream for hours while the county is down.
  const skewMs = doc.sentAt - m.storedAt;
  const skewed = Math.abs(skewMs) > policy.skewThresholdMs ? 1 : 0;
  const maxSeq = seqs.reduce((a, b) => Math.max(a, b), 0);
  await upsertRows(tx, Tables.source, ["community_code"], {
    records: "add", messages: "add", duplicates: "add", out_of_order: "add", skewed: "add",
    last_seq: "max", last_skew_ms: "replace", first_received_at: "keep", last_received_at: "replace",
  }, [[community, fresh.length, 1, duplicates, outOfOrder, skewed, maxSeq, Math.round(skewMs), receivedAt, receivedAt]]);

  if (policy.onRecords && fresh.length) {
    await policy.onRecords(tx, fresh.map((r) => ({
      community, seq: r.seq, kind: doc.kind, deviceCode: r.dev, deviceSeq: r.dseq, ts: r.ts, receivedAt, data: r.data,
    })));
  }
  return { stored: fresh.length, duplicates, outOfOrder, skewed };
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
  /** Records stored (and so acknowledged). */
  acked: number;
  messages: number;
  duplicates: number;
  outOfOrder: number;
  skewed: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
  communities: Array<{ community: string; records: number; duplicates: number; outOfOrder: number; skewed: number; lastSeq: number; lastSkewMs: number; lastReceivedAt: number }>;
}

export async function inboxCounters(db: Db): Promise<InboxCounters> {
  const src = await rows<Record<string, unknown>>(db, `SELECT * FROM ${Tables.source} ORDER BY community_code`);
  const rej = await rows<{ reason: string; n: unknown }>(db, `SELECT reason, COUNT(*) AS n FROM ${Tables.rejected} GROUP BY reason`);
  const communities = src.map((s) => ({
    community: String(s.community_code), records: num(s.records), duplicates: num(s.duplicates), outOfOrder: num(s.out_of_order),
    skewed: num(s.skewed), lastSeq: num(s.last_seq), lastSkewMs: num(s.last_skew_ms), lastReceivedAt: num(s.last_received_at),
  }));
  const sum = (k: "records" | "duplicates" | "outOfOrder" | "skewed") => communities.reduce((a, c) => a + c[k], 0);
  const rejectedByReason = Object.fromEntries(rej.map((r) => [r.reason, num(r.n)]));
  return {
    acked: sum("records"), messages: src.reduce((a, s) => a + num(s.messages), 0), duplicates: sum("duplicates"), outOfOrder: sum("outOfOrder"),
    skewed: sum("skewed"), rejected: Object.values(rejectedByReason).reduce((a, b) => a + b, 0), rejectedByReason, communities,
  };
}
