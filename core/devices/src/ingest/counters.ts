/**
 * Rejections by reason: counted in memory on the hot path, added to the database table on each
 * sweep, logged at most once per reason per interval (a flood of garbage must not flood the log).
 */
import type { DataSource } from "typeorm";
import { Tables } from "../constants.js";
import { isMysql, rows } from "../db.js";

interface Tally { count: number; lastAt: number; lastDetail: string }

const LOG_EVERY_MS = 10_000;

export class RejectionCounters {
  /** Since this node started. */
  private readonly totals = new Map<string, Tally>();
  /** Not yet added to the table. */
  private readonly pending = new Map<string, Tally>();
  private readonly loggedAt = new Map<string, number>();
  accepted = 0;
  stored = 0;

  constructor(private readonly log: (msg: string) => void) {}

  reject(reason: string, detail: string, n = 1): void {
    const now = Date.now();
    const short = detail.slice(0, 300);
    for (const map of [this.totals, this.pending]) {
      const t = map.get(reason);
      if (t) { t.count += n; t.lastAt = now; t.lastDetail = short; } else map.set(reason, { count: n, lastAt: now, lastDetail: short });
    }
    if ((this.loggedAt.get(reason) ?? 0) + LOG_EVERY_MS <= now) {
      this.loggedAt.set(reason, now);
      this.log(`设备数据被拒绝 / device data rejected: ${reason} ×${this.totals.get(reason)!.count} (${short})`);
    }
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.totals].map(([k, v]) => [k, v.count]));
  }

  async flush(ds: DataSource): Promise<void> {
    if (!this.pending.size) return;
    const batch = [...this.pending];
    this.pending.clear();
    try {
      for (const [reason, t] of batch) {
        await ds.query(isMysql(ds)
          ? `INSERT INTO \`${Tables.rejection}\` (reason, count, last_at, last_detail) VALUES (?, ?, ?, ?)
             ON DUPLICATE KEY UPDATE count = count + VALUES(count), last_at = VALUES(last_at), last_detail = VALUES(last_detail)`
          : `INSERT INTO \`${Tables.rejection}\` (reason, count, last_at, last_detail) VALUES (?, ?, ?, ?)
             ON CONFLICT(reason) DO UPDATE SET count = count + excluded.count, last_at = excluded.last_at, last_detail = excluded.last_detail`,
        [reason, t.count, t.lastAt, t.lastDetail]);
      }
    } catch (err) {
      // Put them back: the next sweep tries again.
      for (const [reason, t] of batch) {
        const p = this.pending.get(reason);
        if (p) p.count += t.count; else this.pending.set(reason, t);
      }
      throw err;
    }
  }

  static async stored(ds: DataSource): Promise<Record<string, { count: number; lastAt: number; lastDetail: string | null }>> {
    const out: Record<string, { count: number; lastAt: number; lastDetail: string | null }> = {};
    for (const r of await rows<{ reason: string; count: unknown; last_at: unknown; last_detail: string | null }>(ds, `SELECT reason, count, last_at, last_detail FROM \`${Tables.rejection}\``)) {
      out[r.reason] = { count: Number(r.count), lastAt: Number(r.last_at), lastDetail: r.last_detail };
    }
    return out;
  }
}
