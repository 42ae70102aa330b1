/**
 * Recorded migrations for the host and every plugin. Each migration runs once per database;
 * the record (`anju_migration`: owner, name) is written in the same transaction as the change.
 * MySQL commits DDL implicitly, so a caller that must undo a failed batch calls `revert`
 * with what `run` reports as applied (SQLite rolls back DDL on its own).
 */
import { Table, type DataSource, type QueryRunner } from "typeorm";
import { DataErrors } from "./errors.js";
import { asSystem } from "./tenant/scope.js";
import { kindOf } from "./datasource.js";
import { runInTransaction } from "./transactions.js";

export interface Migration {
  /** Sortable and unique within its owner, e.g. `20260101-0001-create-community`. */
  name: string;
  up(qr: QueryRunner, ds: DataSource): Promise<void>;
  /** Also run (on MySQL) to undo a half-applied `up`, so it should tolerate missing objects. */
  down?(qr: QueryRunner, ds: DataSource): Promise<void>;
}

export const MIGRATION_TABLE = "anju_migration";

export async function ensureMigrationTable(ds: DataSource): Promise<void> {
  const qr = ds.createQueryRunner();
  try {
    if (await qr.hasTable(MIGRATION_TABLE)) return;
    await qr.createTable(new Table({
      name: MIGRATION_TABLE,
      columns: [
        { name: "owner", type: "varchar", length: "64", isPrimary: true },
        { name: "name", type: "varchar", length: "191", isPrimary: true },
        { name: "applied_at", type: "datetime" },
      ],
    }), true);
  } finally {
    await qr.release();
  }
}

export async function appliedMigrations(ds: DataSource, owner: string): Promise<string[]> {
  await ensureMigrationTable(ds);
  const rows: Array<{ name: string }> = await ds.query(
    `SELECT name FROM ${MIGRATION_TABLE} WHERE owner = ? ORDER BY name`, [owner]);
  return rows.map((r) => r.name);
}

export interface MigrationReport { owner: string; applied: string[] }

/**
 * Migration runs on one DataSource are serialised as a whole (each migration's own transaction
 * also goes through the DataSource's transaction queue, see transactions.ts).
 */
const queues = new WeakMap<DataSource, Promise<unknown>>();

function serialised<T>(ds: DataSource, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(ds) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(work);
  queues.set(ds, next);
  return next;
}

/** Run the owner's pending migrations in name order, each in its own transaction. */
export function runMigrations(ds: DataSource, owner: string, migrations: Migration[]): Promise<MigrationReport> {
  return serialised(ds, () => runMigrationsNow(ds, owner, migrations));
}

async function runMigrationsNow(ds: DataSource, owner: string, migrations: Migration[]): Promise<MigrationReport> {
  const done = new Set(await appliedMigrations(ds, owner));
  const pending = [...migrations].sort((a, b) => a.name.localeCompare(b.name)).filter((m) => !done.has(m.name));
  const applied: string[] = [];
  for (const m of pending) {
    try {
      await runInTransaction(ds, (manager) => asSystem(`migration ${owner}/${m.name}`, async () => {
        const qr = manager.queryRunner!;
        await m.up(qr, ds);
        await qr.query(`INSERT INTO ${MIGRATION_TABLE} (owner, name, applied_at) VALUES (?, ?, ?)`, [owner, m.name, dbTimestamp()]);
      }));
      applied.push(m.name);
    } catch (err) {
      // MySQL has already committed the DDL this migration ran before failing; its own `down`
      // is the only undo there is. Best effort: part of what `down` removes may not exist.
      if (kindOf(ds) === "mysql" && m.down) {
        const qr = ds.createQueryRunner();
        await asSystem(`undo ${owner}/${m.name}`, () => m.down!(qr, ds)).catch(() => undefined).finally(() => qr.release());
      }
      const error = DataErrors.MIGRATION_FAILED({ owner, name: m.name, reason: (err as Error).message });
      (error as unknown as { applied: string[] }).applied = applied;
      throw error;
    }
  }
  return { owner, applied };
}

/** Undo the named migrations (newest first) and drop their records. */
export async function revertMigrations(ds: DataSource, owner: string, migrations: Migration[], names?: string[]): Promise<string[]> {
  const done = new Set(await appliedMigrations(ds, owner));
  const targets = [...migrations]
    .filter((m) => done.has(m.name) && (!names || names.includes(m.name)))
    .sort((a, b) => b.name.localeCompare(a.name));
  const reverted: string[] = [];
  for (const m of targets) {
    try {
      await runInTransaction(ds, (manager) => asSystem(`revert ${owner}/${m.name}`, async () => {
        const qr = manager.queryRunner!;
        if (m.down) await m.down(qr, ds);
        await qr.query(`DELETE FROM ${MIGRATION_TABLE} WHERE owner = ? AND name = ?`, [owner, m.name]);
      }));
      reverted.push(m.name);
    } catch (err) {
      throw DataErrors.MIGRATION_FAILED({ owner, name: m.name, reason: (err as Error).message });
    }
  }
  return reverted;
}

/** Column type for large text (JSON documents): MySQL's TEXT stops at 64 KiB. */
export function longTextType(ds: DataSource): string {
  return kindOf(ds) === "mysql" ? "mediumtext" : "text";
}

/** A UTC timestamp both MySQL DATETIME and SQLite accept as a bound parameter (SQLite cannot bind Date). */
export function dbTimestamp(d: Date = new Date()): string {
  return d.toISOString().replace("T", " ").replace("Z", "").slice(0, 23);
}
