/**
 * `AuditLog`: one per host (database). Appends go through a per-process queue: while one
 * transaction is writing, later events wait and go together in the next one (a batch), so a
 * burst costs one lock round-trip per batch rather than per event, and a single event waits for
 * nothing. Every `record()` resolves only once its row is committed, and rejects (with a coded
 * error) when it is not: an event is either stored or its caller knows.
 */
import type { DataSource } from "typeorm";
import type { AnjuError, Locale } from "@anju/errors";
import { AuditActions, AUDIT_RESULTS, LIMITS, META_HEAD, MIN_RETENTION_DAYS, type AuditResult } from "./constants.js";
import { parseHead } from "./chain.js";
import { csvHeader, csvRow, CSV_BOM } from "./csv.js";
import { AuditErrors } from "./errors.js";
import type { AuditKeyring } from "./keys.js";
import { migrateAudit } from "./migrations.js";
import { appendSteps, purgeSteps, type PreparedEvent } from "./ops.js";
import { buildWhere, countEntries, findEntries, toEntry, type AuditEntry, type AuditFilter, type AuditScope } from "./query.js";
import { cleanColumn, serialiseDetail } from "./sanitise.js";
import { runChainTx } from "./tx.js";
import { verifyChain, type VerifyOptions, type VerifyReport } from "./verify.js";

/** What callers hand in. Time is always set here (UTC). */
export interface AuditEventInput {
  action: string;
  object?: string | null;
  result: AuditResult;
  userId?: string | null;
  jurisdiction?: string | null;
  ip?: string | null;
  /** Anything JSON-like: secrets and PI are removed, size is capped. */
  detail?: unknown;
}

export interface AuditLogOptions {
  keyring: AuditKeyring;
  /** ≥ 180 (Cybersecurity Law art. 21). */
  retentionDays: number;
  clock: () => Date;
  /** Events per append transaction. */
  batchSize: number;
  /** Most rows one CSV export may hold. */
  exportLimit: number;
}

export interface RecordReceipt { seq: number; hash: string }

export interface PurgeReport {
  before: string;
  deleted: number;
  /** First retained seq. */
  boundarySeq: number;
  /** Seq of the purge's own audit record. */
  seq: number;
}

export interface QueryPage { total: number; page: number; pageSize: number; items: AuditEntry[] }

interface Pending { event: PreparedEvent; resolve(r: RecordReceipt): void; reject(e: unknown): void }

const DAY_MS = 86_400_000;

function isAnjuError(err: unknown): err is AnjuError {
  return typeof (err as { anjuCode?: unknown })?.anjuCode === "string";
}

export class AuditLog {
  private readyPromise: Promise<void> | null = null;
  private readonly pending: Pending[] = [];
  private flushing = false;

  constructor(readonly ds: DataSource, readonly options: AuditLogOptions) {
    if (!Number.isInteger(options.retentionDays) || options.retentionDays < MIN_RETENTION_DAYS) {
      throw AuditErrors.AUDIT_CONFIG_INVALID({ reason: `retentionDays ≥ ${MIN_RETENTION_DAYS}` });
    }
  }

  /** Migrate, and refuse to run with a key the chain was not written with. */
  ready(): Promise<void> {
    this.readyPromise ??= (async () => {
      await migrateAudit(this.ds);
      const rows: Array<{ value: string }> = await this.ds.query("SELECT value FROM anju_meta WHERE `key` = ?", [META_HEAD]);
      const head = parseHead(rows[0]?.value);
      if (head?.keyId && !this.options.keyring.byId.has(head.keyId)) {
        throw AuditErrors.AUDIT_KEY_MISMATCH({ chainKey: head.keyId, nodeKey: this.options.keyring.current.id });
      }
    })().catch((err) => {
      this.readyPromise = null;
      throw err;
    });
    return this.readyPromise;
  }

  /** Sanitise an event into the exact column values to store. */
  prepare(input: AuditEventInput): PreparedEvent {
    const action = cleanColumn(input.action, LIMITS.action);
    if (!action || !AUDIT_RESULTS.includes(input.result)) {
      throw AuditErrors.AUDIT_WRITE_FAILED({ action: String(input.action).slice(0, 100), reason: "action / result" });
    }
    return {
      at: this.options.clock().toISOString(),
      userId: cleanColumn(input.userId, LIMITS.userId),
      jurisdiction: cleanColumn(input.jurisdiction, LIMITS.jurisdiction),
      action,
      object: cleanColumn(input.object, LIMITS.object),
      result: input.result,
      ip: cleanColumn(input.ip, LIMITS.ip),
      detail: serialiseDetail(input.detail),
    };
  }

  async record(input: AuditEventInput): Promise<RecordReceipt> {
    const event = this.prepare(input);
    await this.ready().catch((err) => { throw this.writeError(event.action, err); });
    return new Promise<RecordReceipt>((resolve, reject) => {
      this.pending.push({ event, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private writeError(action: string, err: unknown): AnjuError {
    return isAnjuError(err) ? err : AuditErrors.AUDIT_WRITE_FAILED({ action, reason: (err as Error).message });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, this.options.batchSize);
        try {
          const rows = await runChainTx(this.ds, () => appendSteps(batch.map((p) => p.event), this.options.keyring));
          batch.forEach((p, i) => p.resolve({ seq: rows[i].seq, hash: rows[i].hash }));
        } catch (err) {
          batch.forEach((p) => p.reject(this.writeError(p.event.action, err)));
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  /** The newest moment a purge may reach: now − retentionDays. */
  retentionCutoff(): Date {
    return new Date(this.options.clock().getTime() - this.options.retentionDays * DAY_MS);
  }

  /**
   * Delete records older than `before`. Refused (and the refusal recorded) when `before` is
   * later than now − retentionDays. The purge is recorded in the same transaction.
   */
  async purge(before: Date, actor: Pick<AuditEventInput, "userId" | "jurisdiction" | "ip">): Promise<PurgeReport> {
    await this.ready();
    const cutoff = this.retentionCutoff();
    const beforeIso = before.toISOString();
    if (Number.isNaN(before.getTime()) || before.getTime() > cutoff.getTime()) {
      await this.record({ ...actor, action: AuditActions.purge, result: "failure", detail: { before: beforeIso, reason: "retention", retentionDays: this.options.retentionDays } });
      throw AuditErrors.AUDIT_RETENTION_VIOLATION({ days: this.options.retentionDays, latest: cutoff.toISOString() });
    }
    const out = await runChainTx(this.ds, () => purgeSteps(beforeIso, ({ deleted, base }) => this.prepare({
      ...actor,
      action: AuditActions.purge,
      result: "success",
      detail: { before: beforeIso, deleted, retentionDays: this.options.retentionDays, boundarySeq: base.seq, boundaryPrevHash: base.prevHash },
    }), this.options.keyring)).catch((err) => { throw this.writeError(AuditActions.purge, err); });
    return { before: beforeIso, deleted: out.deleted, boundarySeq: out.base.seq, seq: out.row.seq };
  }

  async verify(options: VerifyOptions = {}): Promise<VerifyReport> {
    await this.ready();
    return verifyChain(this.ds, this.options.keyring, options);
  }

  async query(filter: AuditFilter, scope: AuditScope, page = 1, pageSize = 50): Promise<QueryPage> {
    await this.ready();
    const where = await buildWhere(this.ds, filter, scope);
    const total = await countEntries(this.ds, where);
    const rows = await findEntries(this.ds, where, pageSize, (page - 1) * pageSize);
    return { total, page, pageSize, items: rows.map(toEntry) };
  }

  /** The whole filtered set as one CSV document (BOM + header + rows), newest first. */
  async exportCsv(filter: AuditFilter, scope: AuditScope, locale: Locale): Promise<{ csv: string; rows: number }> {
    await this.ready();
    const where = await buildWhere(this.ds, filter, scope);
    const total = await countEntries(this.ds, where);
    if (total > this.options.exportLimit) throw AuditErrors.AUDIT_EXPORT_TOO_LARGE({ count: total, limit: this.options.exportLimit });
    const parts = [CSV_BOM, csvHeader(locale)];
    let rows = 0;
    let beforeSeq: number | undefined;
    for (;;) {
      const batch = await findEntries(this.ds, where, 1000, 0, beforeSeq);
      for (const r of batch) parts.push(csvRow(toEntry(r)));
      rows += batch.length;
      if (batch.length < 1000 || rows >= this.options.exportLimit) break;
      beforeSeq = batch[batch.length - 1].seq;
    }
    return { csv: parts.join(""), rows };
  }
}

/** A verify report and whether the verification itself made it into the trail. */
export type RecordedVerifyReport = VerifyReport & { recorded: boolean; recordError?: { code: string; message: string } };

/**
 * Verify and record the run. A chain broken badly enough to refuse appends (a forged row where
 * the next seq should go, a missing head) must still produce its report: the failure to record
 * is returned with it instead of replacing it.
 */
export async function recordVerify(log: AuditLog, options: VerifyOptions, actor: Pick<AuditEventInput, "userId" | "jurisdiction" | "ip">, via: string): Promise<RecordedVerifyReport> {
  const report = await log.verify(options);
  try {
    await log.record({
      ...actor, action: AuditActions.verify, result: report.ok ? "success" : "failure",
      detail: { via, checked: report.checked, head: report.head?.seq ?? null, ...(report.since ? { since: report.since.seq } : {}), problems: report.problems.slice(0, 10).map((p) => ({ seq: p.seq, kind: p.kind })) },
    });
    return { ...report, recorded: true };
  } catch (err) {
    const e = err as { type?: string; message: string };
    return { ...report, recorded: false, recordError: { code: e.type ?? "AUDIT_WRITE_FAILED", message: e.message } };
  }
}
