/**
 * The community side's durable outbox. `enqueue` writes inside the caller's transaction, so a
 * business write and what must go upward commit or roll back together. Each row gets the next
 * source sequence number (AUTOINCREMENT: never reused, so the county's dedupe key stays unique
 * for ever) and the next per-device sequence number, drawn from a counter row that the
 * transaction holds locked until commit — two writers for one device therefore commit in
 * device order.
 */
import type { DataSource, EntityManager, QueryRunner } from "typeorm";
import { Tables } from "./constants.js";
import { normaliseRecords, type UplinkRecord } from "./record.js";
import { dataSourceOf, isMissingTable, num, rows, tuples, type Db } from "./sql.js";
import { isSealed, outboxContext, sealerOf, type UplinkSealer } from "./seal.js";
import { UplinkErrors } from "./errors.js";
import { upsertRows } from "./upsert.js";

export interface OutboxRow {
  seq: number;
  kind: string;
  deviceCode: string;
  deviceSeq: number;
  ts: number;
  /**
   * The record's data: JSON text, sent on as is — as stored by pendingRows (a sealed record's
   * is `s1:…` ciphertext), as JSON once openSealed has opened it.
   */
  data: string;
  /** A sealed record (its data is ciphertext until openSealed; the wire flags it for the county). */
  sealed?: boolean;
}

const CHUNK = 400;
const MARK_CHUNK = 5000;

function inTransaction(db: DataSource | EntityManager | QueryRunner): boolean {
  if ("isTransactionActive" in db && typeof (db as QueryRunner).startTransaction === "function") return (db as QueryRunner).isTransactionActive;
  if ("queryRunner" in db) return Boolean((db as EntityManager).queryRunner?.isTransactionActive);
  return false;
}

/**
 * Add records to the outbox. Pass the manager or query runner of your own transaction; given a
 * DataSource (or a manager outside a transaction) it opens one so the batch is all or nothing.
 * Throws UPLINK_RECORD_INVALID before writing anything if one record is bad.
 */
export async function enqueue(db: DataSource | EntityManager | QueryRunner, records: UplinkRecord[]): Promise<number> {
  try {
    return await enqueueNow(db, records);
  } catch (err) {
    throw isMissingTable(err) ? UplinkErrors.UPLINK_NOT_MIGRATED({ table: Tables.outbox }) : err;
  }
}

async function enqueueNow(db: DataSource | EntityManager | QueryRunner, records: UplinkRecord[]): Promise<number> {
  const normal = normaliseRecords(records);
  if (!normal.length) return 0;
  if (!inTransaction(db)) {
    const ds = "connection" in db ? db.connection : db;
    return ds.transaction((m) => enqueueNow(m, records));
  }
  // Lock the device counters in a fixed order so two writers cannot deadlock on them.
  const perDevice = new Map<string, number>();
  for (const r of normal) perDevice.set(r.deviceCode, (perDevice.get(r.deviceCode) ?? 0) + 1);
  const devices = [...perDevice.keys()].sort();
  const next = new Map<string, number>();
  for (let i = 0; i < devices.length; i += CHUNK) {
    const part = devices.slice(i, i + CHUNK);
    await upsertRows(db, Tables.deviceSeq, ["device_code"], { last_seq: "add" }, part.map((d) => [d, perDevice.get(d)]));
    const got = await rows<{ device_code: string; last_seq: unknown }>(
      db, `SELECT device_code, last_seq FROM ${Tables.deviceSeq} WHERE device_code IN (${part.map(() => "?").join(", ")})`, part);
    for (const g of got) next.set(g.device_code, num(g.last_seq) - perDevice.get(g.device_code)! + 1);
  }
  // Only a batch with a sealed record asks for the key: unsealed ones work on any node.
  const sealer: UplinkSealer | null = normal.some((r) => r.sealed) ? sealerOf(dataSourceOf(db)) : null;
  const now = Date.now();
  for (let i = 0; i < normal.length; i += CHUNK) {
    const part = normal.slice(i, i + CHUNK);
    const values: unknown[] = [];
    for (const r of part) {
      const dseq = next.get(r.deviceCode)!;
      next.set(r.deviceCode, dseq + 1);
      values.push(r.kind, r.deviceCode, dseq, r.ts, r.sealed ? sealer!.seal(r.data, outboxContext(r.kind, r.deviceCode, dseq, r.ts)) : r.data, now);
    }
    await db.query(
      `INSERT INTO ${Tables.outbox} (kind, device_code, device_seq, ts, data, created_at) VALUES ${tuples(part.length, 6)}`, values);
  }
  return normal.length;
}

/** The oldest unsent rows, in source order. */
export async function pendingRows(db: Db, limit: number): Promise<OutboxRow[]> {
  const got = await rows<Record<string, unknown>>(db,
    `SELECT seq, kind, device_code, device_seq, ts, data FROM ${Tables.outbox} WHERE sent_at IS NULL ORDER BY seq LIMIT ${Math.max(1, Math.trunc(limit))}`);
  return got.map((r) => {
    const data = String(r.data);
    return { seq: num(r.seq), kind: String(r.kind), deviceCode: String(r.device_code), deviceSeq: num(r.device_seq), ts: num(r.ts), data, ...(isSealed(data) ? { sealed: true } : {}) };
  });
}

export interface OpenedRows {
  /** Every row that can go: unsealed ones as they were, sealed ones opened (data is JSON again). */
  rows: OutboxRow[];
  /** Sealed rows that failed to open (altered, moved, or sealed under another host secret). */
  refused: Array<{ seq: number; error: Error }>;
}

/**
 * Open the sealed rows among `list` (the relay, just before publishing; the plaintext lives only
 * in memory). A row that does not open is handed back as refused rather than thrown, so one bad
 * row neither crashes the relay nor holds up the rows behind it. Without a sealing key on this
 * node it throws UPLINK_SEAL_KEY_MISSING: the rows are intact and wait for the key.
 */
export function openSealed(ds: DataSource, list: OutboxRow[]): OpenedRows {
  if (!list.some((r) => r.sealed)) return { rows: list, refused: [] };
  const sealer = sealerOf(ds);
  const out: OutboxRow[] = [];
  const refused: OpenedRows["refused"] = [];
  for (const r of list) {
    if (!r.sealed) {
      out.push(r);
      continue;
    }
    try {
      out.push({ ...r, data: sealer.open(r.data, outboxContext(r.kind, r.deviceCode, r.deviceSeq, r.ts)) });
    } catch (err) {
      const reason = (err as { data?: { reason?: string } }).data?.reason ?? (err as Error).message;
      refused.push({ seq: r.seq, error: UplinkErrors.UPLINK_SEALED_INVALID({ reason: `outbox #${r.seq}: ${reason}` }) });
    }
  }
  return { rows: out, refused };
}

/**
 * Sealed rows that cannot be opened leave the pending queue (sent_at set, so they are pruned
 * with the sent ones after the retention) with `refused_at` saying they were never published.
 */
export async function markRefused(db: Db, seqs: number[], at = Date.now()): Promise<void> {
  for (let i = 0; i < seqs.length; i += MARK_CHUNK) {
    const part = seqs.slice(i, i + MARK_CHUNK);
    await db.query(`UPDATE ${Tables.outbox} SET sent_at = ?, refused_at = ? WHERE seq IN (${part.map(() => "?").join(", ")}) AND sent_at IS NULL`, [at, at, ...part]);
  }
}

/**
 * Only after JetStream acknowledged them; rows are never deleted here. Exact numbers, never a
 * range: a row with a number inside the range may have committed after the relay read, and was
 * not in the message. One statement per relay round (one commit, one fsync on MariaDB).
 */
export async function markSent(db: Db, seqs: number[], at = Date.now()): Promise<void> {
  for (let i = 0; i < seqs.length; i += MARK_CHUNK) {
    const part = seqs.slice(i, i + MARK_CHUNK);
    await db.query(`UPDATE ${Tables.outbox} SET sent_at = ? WHERE seq IN (${part.map(() => "?").join(", ")}) AND sent_at IS NULL`, [at, ...part]);
  }
}

export interface OutboxCounters {
  /** Rows waiting for a JetStream ack. */
  pending: number;
  /** Rows JetStream has acknowledged. */
  sent: number;
  /** Sealed rows the relay could not open and never published (UPLINK_SEALED_INVALID). */
  refused: number;
  /** The highest sequence number handed out (0 when empty). */
  lastSeq: number;
  /** Age of the oldest unsent row by this node's clock, or null. */
  oldestPendingMs: number | null;
}

export async function outboxCounters(db: Db, now = Date.now()): Promise<OutboxCounters> {
  // Pending rows counted on the (sent_at, seq) index alone; the oldest is the first of them
  // (one row read, not a lookup per pending row — those add up during a long outage).
  const [p] = await rows<Record<string, unknown>>(db, `SELECT COUNT(*) AS pending FROM ${Tables.outbox} WHERE sent_at IS NULL`);
  const [o] = await rows<Record<string, unknown>>(db, `SELECT created_at FROM ${Tables.outbox} WHERE sent_at IS NULL ORDER BY seq LIMIT 1`);
  const [t] = await rows<Record<string, unknown>>(db, `SELECT COUNT(*) AS total, MAX(seq) AS last_seq FROM ${Tables.outbox}`);
  const [r] = await rows<Record<string, unknown>>(db, `SELECT COUNT(*) AS n FROM ${Tables.outbox} WHERE refused_at IS NOT NULL`);
  const pending = num(p.pending);
  const refused = num(r.n);
  return { pending, sent: num(t.total) - pending - refused, refused, lastSeq: num(t.last_seq), oldestPendingMs: o ? now - num(o.created_at) : null };
}

/**
 * Delete sent rows older than `olderThanMs` (by sent time). Unsent rows are never touched, and
 * AUTOINCREMENT never hands a deleted number out again, so the county's dedupe key stays valid.
 */
export async function pruneSent(db: Db, olderThanMs: number, now = Date.now()): Promise<number> {
  const cutoff = now - olderThanMs;
  // The newest row stays whatever its age: an empty table would let SQLite without the
  // sqlite_sequence row, or an old MariaDB restarting, start numbering again from 1.
  const [m] = await rows<{ s: unknown }>(db, `SELECT MAX(seq) AS s FROM ${Tables.outbox}`);
  const keep = num(m.s);
  const [c] = await rows<{ n: unknown }>(db, `SELECT COUNT(*) AS n FROM ${Tables.outbox} WHERE sent_at IS NOT NULL AND sent_at < ? AND seq < ?`, [cutoff, keep]);
  await db.query(`DELETE FROM ${Tables.outbox} WHERE sent_at IS NOT NULL AND sent_at < ? AND seq < ?`, [cutoff, keep]);
  return num(c.n);
}
