/**
 * The batch writer: readings in multi-row INSERTs (≤ batchRows per statement), the latest value
 * per device and resource (coalesced under load, see latestFor), link state, and the alarms the
 * batch raised or cleared — all in one transaction. A batch whose transaction fails stays at the head of the queue and is tried
 * again with the alarm transitions it got the first time (nothing is dropped or judged twice).
 * A reading already stored (same device, resource and time) is ignored by the key and counted
 * as a replay.
 */
import type { DataSource, QueryRunner } from "typeorm";
import { asSystem, runInTransaction } from "@anju/data";
import { RejectReasons, Tables, type DevicesLimits } from "../constants.js";
import type { Reading } from "../contract.js";
import { affected, isMysql, tuples } from "../db.js";
import { applyTransitions, type AlarmChange } from "../alarms/store.js";
import type { AlarmHost } from "../alarms/engine-host.js";
import type { Device } from "../registry/store.js";
import type { RejectionCounters } from "./counters.js";

export interface WriteItem { reading: Reading; device: Device; receivedAt: number }

/** INSERT statements (of ≤ batchRows rows each) one transaction may carry when the queue is deep. */
const STATEMENTS_PER_TRANSACTION = 4;

/** Under load the latest values are written at most this often. */
const LATEST_EVERY_MS = 1000;

/** last_seen_at is written at most this often per device while it stays online. */
const LAST_SEEN_EVERY_MS = 30_000;

function valueColumns(v: Reading["value"]): [string, number | null, string | null] {
  if (typeof v === "number") return ["n", v, null];
  if (typeof v === "boolean") return ["b", v ? 1 : 0, null];
  return ["s", null, String(v).slice(0, 255)];
}

export class BatchWriter {
  private readonly queue: WriteItem[] = [];
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private idle: Array<() => void> = [];
  private readonly seenWritten = new Map<string, number>();
  /** Newest readings per device+resource not yet in the latest table (see latestFor). */
  private latestPending = new Map<string, WriteItem>();
  private latestWrittenAt = 0;
  /** The head batch's alarm judgement, kept while its transaction is retried. */
  private judgedHead: { size: number; judged: ReturnType<AlarmHost["evaluate"]> } | null = null;
  /** Batches written and their sizes (for stats). */
  batches = 0;

  constructor(
    private readonly ds: DataSource,
    private readonly limits: DevicesLimits,
    private readonly alarms: AlarmHost,
    private readonly counters: RejectionCounters,
    private readonly onCommitted: (changes: AlarmChange[], devices: Array<{ device: Device; online: boolean; at: number }>) => void,
    private readonly log: { warn(msg: string): void },
  ) {}

  get pending(): number {
    return this.queue.length;
  }

  push(items: WriteItem[]): void {
    for (const it of items) this.queue.push(it);
    this.schedule();
  }

  private schedule(): void {
    if (this.running || this.stopped || !this.queue.length) return;
    if (this.queue.length >= this.limits.batchRows) {
      void this.run();
    } else if (!this.timer) {
      this.timer = setTimeout(() => { this.timer = null; void this.run(); }, this.limits.flushMs);
    }
  }

  /** Resolves once everything queued so far is stored. */
  drained(): Promise<void> {
    if (!this.queue.length && !this.running) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length && !this.stopped) {
        // Under load several statements share one transaction (one commit, one fsync on MariaDB).
        // A retried batch is the same rows again (its alarm judgement belongs to exactly those).
        const batch = this.queue.slice(0, this.judgedHead?.size ?? this.limits.batchRows * STATEMENTS_PER_TRANSACTION);
        try {
          await this.write(batch);
          this.judgedHead = null;
          this.queue.splice(0, batch.length);
          this.batches++;
        } catch (err) {
          this.log.warn(`读数批量写入失败，稍后重试 / writing a batch of ${batch.length} readings failed, retrying: ${(err as Error).message}`);
          await new Promise((r) => setTimeout(r, this.limits.retryMs));
        }
        if (this.queue.length < this.limits.batchRows && this.queue.length) {
          // A short wait lets a partial batch fill up under load without delaying a lone reading long.
          await new Promise((r) => setTimeout(r, this.limits.flushMs));
        }
      }
    } finally {
      this.running = false;
      if (!this.queue.length) for (const f of this.idle.splice(0)) f();
      else this.schedule();
    }
  }

  private async write(batch: WriteItem[]): Promise<void> {
    // A retried batch keeps the judgement it got the first time (the engine has moved on).
    if (!this.judgedHead) {
      this.judgedHead = { size: batch.length, judged: this.alarms.evaluate(batch) };
    }
    const judged = this.judgedHead.judged;
    const jurisdictionOf = (code: string) => batch.find((b) => b.device.code === code)?.device.jurisdiction ?? "";
    const now = Date.now();
    const links = this.linkChanges(batch, now);
    const latest = this.latestFor(batch, now);
    let stored = 0;
    let changes: AlarmChange[] = [];
    // The host's transaction queue (@anju/data) keeps this batch from interleaving with other
    // modules' transactions on SQLite's single connection.
    await runInTransaction(this.ds, (m) => asSystem("devices: write readings", async () => {
      const qr = m.queryRunner!;
      stored = await this.insertReadings(qr, batch);
      if (latest.write) await this.upsertLatest(qr, [...latest.merged.values()]);
      // One statement for all of them: a round trip per device would stall MariaDB when many come online.
      for (let i = 0; i < links.length; i += 500) {
        const chunk = links.slice(i, i + 500);
        await qr.query(`UPDATE \`${Tables.device}\` SET state = 'online', last_seen_at = ? WHERE jurisdiction_code IS NOT NULL AND code IN (${chunk.map(() => "?").join(", ")})`,
          [now, ...chunk.map((l) => l.device.code)]);
      }
      if (judged.transitions.length) {
        changes = await applyTransitions(qr, judged.transitions, jurisdictionOf);
        const withAlarms = new Set(judged.transitions.map((t) => t.deviceCode));
        await this.alarms.save(qr, withAlarms, jurisdictionOf);
      }
    }));
    this.alarms.markDirty([...judged.touched].filter((c) => !judged.transitions.some((t) => t.deviceCode === c)), jurisdictionOf);
    for (const l of links) this.seenWritten.set(l.device.code, l.at);
    if (latest.write) this.latestPending = new Map();
    if (latest.write) this.latestWrittenAt = now;
    // The registry cache holds these same objects: the offline sweep reads them.
    for (const b of batch) { b.device.lastSeenAt = now; b.device.state = "online"; }
    if (stored < batch.length) this.counters.reject(RejectReasons.replay, "already stored (database key)", batch.length - stored);
    this.counters.stored += stored;
    this.onCommitted(changes, links.map((l) => ({ device: l.device, online: true, at: l.at })));
  }

  /** Devices that come online with this batch, and those whose last_seen_at is due. */
  private linkChanges(batch: WriteItem[], now: number): Array<{ device: Device; at: number }> {
    const out = new Map<string, { device: Device; at: number }>();
    for (const b of batch) {
      const d = b.device;
      if (out.has(d.code)) continue;
      if (d.state !== "online" || (this.seenWritten.get(d.code) ?? 0) + LAST_SEEN_EVERY_MS <= now) out.set(d.code, { device: d, at: now });
    }
    return [...out.values()];
  }

  private async insertReadings(qr: QueryRunner, batch: WriteItem[]): Promise<number> {
    const cols = "(device_code, resource, ts, jurisdiction_code, kind, value_num, value_text, quality, unit, received_at)";
    const verb = isMysql(this.ds) ? "INSERT IGNORE" : "INSERT OR IGNORE";
    let stored = 0;
    for (let i = 0; i < batch.length; i += this.limits.batchRows) {
      const chunk = batch.slice(i, i + this.limits.batchRows);
      const params: unknown[] = [];
      for (const { reading: r, device, receivedAt } of chunk) {
        const [kind, n, s] = valueColumns(r.value);
        params.push(r.deviceCode, r.resource, r.ts, device.jurisdiction, kind, n, s, r.quality, r.unit ?? null, receivedAt);
      }
      stored += await affected(qr, `${verb} INTO \`${Tables.reading}\` ${cols} VALUES ${tuples(chunk.length, 10)}`, params);
    }
    return stored;
  }

  /**
   * The newest reading per device and resource, from this batch and any not yet written. They
   * are written with this batch when the queue is short (a quiet node: dashboards see every
   * value at once) or a second has passed since the last write; under load they ride along at
   * most once a second, which halves the rows a busy node writes (a burst of readings touches
   * the same latest rows over and over). So a dashboard lags by at most a second under load.
   */
  private latestFor(batch: WriteItem[], now: number): { merged: Map<string, WriteItem>; write: boolean } {
    // Merged in place: a retried batch merges the same readings again, which changes nothing.
    const merged = this.latestPending;
    for (const b of batch) {
      const key = `${b.reading.deviceCode}|${b.reading.resource}`;
      const prev = merged.get(key);
      if (!prev || prev.reading.ts <= b.reading.ts) merged.set(key, b);
    }
    const write = this.queue.length <= batch.length || now - this.latestWrittenAt >= LATEST_EVERY_MS;
    return { merged, write };
  }

  private async upsertLatest(qr: QueryRunner, newestItems: WriteItem[]): Promise<void> {
    const T = `\`${Tables.latest}\``;
    const cols = "(device_code, resource, jurisdiction_code, ts, kind, value_num, value_text, quality, unit)";
    const all = newestItems;
    for (let i = 0; i < all.length; i += this.limits.batchRows) {
      const chunk = all.slice(i, i + this.limits.batchRows);
      const params: unknown[] = [];
      for (const { reading: r, device } of chunk) {
        const [kind, n, s] = valueColumns(r.value);
        params.push(r.deviceCode, r.resource, device.jurisdiction, r.ts, kind, n, s, r.quality, r.unit ?? null);
      }
      // Only a newer reading replaces the latest value (late readings still go to history).
      const sql = isMysql(this.ds)
        ? `INSERT INTO ${T} ${cols} VALUES ${tuples(chunk.length, 9)} ON DUPLICATE KEY UPDATE
           kind = IF(VALUES(ts) >= ts, VALUES(kind), kind), value_num = IF(VALUES(ts) >= ts, VALUES(value_num), value_num),
           value_text = IF(VALUES(ts) >= ts, VALUES(value_text), value_text), quality = IF(VALUES(ts) >= ts, VALUES(quality), quality),
           unit = IF(VALUES(ts) >= ts, VALUES(unit), unit), jurisdiction_code = VALUES(jurisdiction_code), ts = GREATEST(ts, VALUES(ts))`
        : `INSERT INTO ${T} ${cols} VALUES ${tuples(chunk.length, 9)} ON CONFLICT(device_code, resource) DO UPDATE SET
           kind = excluded.kind, value_num = excluded.value_num, value_text = excluded.value_text, quality = excluded.quality,
           unit = excluded.unit, jurisdiction_code = excluded.jurisdiction_code, ts = excluded.ts WHERE excluded.ts >= ${T}.ts`;
      await qr.query(sql, params);
    }
  }
}
