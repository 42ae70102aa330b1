/**
 * Due jobs in a database table, so they survive restarts and every node sees the same list.
 * A job is one row per (kind, jurisdiction, period): planning it again on any node inserts
 * nothing (unique `job_key`). A node runs a job only after claiming it with a conditional
 * UPDATE that sets a lease; the row changes for exactly one claimant. A node that dies
 * mid-run leaves its lease to expire, and the job is claimed again — which is why what a job
 * writes is idempotent too (notifications carry a unique dedupe key).
 */
import type { DataSource } from "typeorm";
import { dbTimestamp } from "@anju/data";
import { execute, insertIgnore, toDate } from "../db.js";
import { JOB_TABLE } from "../entities/index.js";

export const JOB_KINDS = ["reminder", "overdue", "compliance"] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export interface PlannedJob { key: string; kind: JobKind; jurisdiction: string; period: string; dueAt: Date }
export interface JobRow extends PlannedJob { id: number; state: string; attempts: number; leaseOwner: string | null; leaseUntil: Date | null; outcome: string | null; lastError: string | null }

export const LEASE_MS = 5 * 60_000;
export const MAX_ATTEMPTS = 5;

/** Insert the job unless a row with its key exists. Returns true when this call inserted it. */
export async function plan(ds: DataSource, job: PlannedJob, now: Date): Promise<boolean> {
  const inserted = await execute(ds,
    `${insertIgnore(ds)} ${JOB_TABLE} (job_key, kind, jurisdiction_code, period, due_at, state, attempts, created_at) VALUES (?, ?, ?, ?, ?, 'pending', 0, ?)`,
    [job.key, job.kind, job.jurisdiction, job.period, dbTimestamp(job.dueAt), dbTimestamp(now)]);
  return inserted === 1;
}

function toJob(r: Record<string, unknown>): JobRow {
  return {
    id: Number(r.id), key: String(r.job_key), kind: r.kind as JobKind, jurisdiction: String(r.jurisdiction_code), period: String(r.period),
    dueAt: toDate(r.due_at)!, state: String(r.state), attempts: Number(r.attempts), leaseOwner: (r.lease_owner as string | null) ?? null,
    leaseUntil: toDate(r.lease_until), outcome: (r.outcome as string | null) ?? null, lastError: (r.last_error as string | null) ?? null,
  };
}

/** Jobs due now that nobody holds (pending, or running with an expired lease). */
export async function dueJobs(ds: DataSource, now: Date, limit = 50): Promise<JobRow[]> {
  const t = dbTimestamp(now);
  const rows: Array<Record<string, unknown>> = await ds.query(
    `SELECT * FROM ${JOB_TABLE} WHERE due_at <= ? AND (state = 'pending' OR (state = 'running' AND lease_until < ?)) ORDER BY due_at, id LIMIT ${Math.trunc(limit)}`, [t, t]);
  return rows.map(toJob);
}

/** Take the job for `owner` until now + LEASE_MS; true for exactly one of any number of racing nodes. */
export async function claim(ds: DataSource, id: number, owner: string, now: Date): Promise<boolean> {
  const t = dbTimestamp(now);
  const changed = await execute(ds,
    `UPDATE ${JOB_TABLE} SET state = 'running', lease_owner = ?, lease_until = ?, attempts = attempts + 1
     WHERE id = ? AND due_at <= ? AND (state = 'pending' OR (state = 'running' AND lease_until < ?))`,
    [owner, dbTimestamp(new Date(now.getTime() + LEASE_MS)), id, t, t]);
  return changed === 1;
}

/** Finish a job this owner still holds (a lease lost to another node finishes nothing). */
export async function complete(ds: DataSource, id: number, owner: string, now: Date, outcome: string): Promise<boolean> {
  const changed = await execute(ds,
    `UPDATE ${JOB_TABLE} SET state = 'done', done_at = ?, outcome = ?, lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ? AND state = 'running'`,
    [dbTimestamp(now), outcome.slice(0, 200), id, owner]);
  return changed === 1;
}

/** A failed run goes back to pending with backoff, or to failed after MAX_ATTEMPTS. */
export async function fail(ds: DataSource, job: JobRow, owner: string, now: Date, error: string): Promise<void> {
  const attempts = job.attempts + 1;
  const retryAt = new Date(now.getTime() + 2 ** attempts * 60_000);
  await execute(ds,
    `UPDATE ${JOB_TABLE} SET state = ?, last_error = ?, due_at = ?, lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?`,
    [attempts >= MAX_ATTEMPTS ? "failed" : "pending", error.slice(0, 500), dbTimestamp(retryAt), job.id, owner]);
}

export async function listJobs(ds: DataSource, filter: { kind?: JobKind; jurisdiction?: string; state?: string }): Promise<JobRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  for (const [column, value] of [["kind", filter.kind], ["jurisdiction_code", filter.jurisdiction], ["state", filter.state]] as const) {
    if (value !== undefined) { where.push(`${column} = ?`); params.push(value); }
  }
  const rows: Array<Record<string, unknown>> = await ds.query(
    `SELECT * FROM ${JOB_TABLE}${where.length ? ` WHERE ${where.join(" AND ")}` : ""} ORDER BY due_at, id`, params);
  return rows.map(toJob);
}
