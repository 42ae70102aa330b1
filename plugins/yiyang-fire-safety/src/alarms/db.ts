/** Small SQL helpers: both drivers take `?` placeholders and report affected rows in TypeORM's structured result. */
import type { DataSource, QueryRunner } from "typeorm";
import { asSystem } from "@anju/data";

export async function affected(qr: QueryRunner, sql: string, params: unknown[]): Promise<number> {
  const result = (await qr.query(sql, params, true)) as { affected?: number };
  return result.affected ?? 0;
}

export function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } };
  const code = e.driverError?.code ?? e.code ?? "";
  return code === "ER_DUP_ENTRY" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

/** BIGINT comes back as a string from mysql2, booleans as 0/1 from both. */
export const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
export const bool = (v: unknown): boolean | null => (v === null || v === undefined ? null : Boolean(Number(v)));

const queues = new WeakMap<DataSource, Promise<unknown>>();

/**
 * better-sqlite3 gives every caller the same query runner: two transactions open at once nest as
 * savepoints and end in the wrong order ("transaction is not started"). This plugin's own
 * transactions (event handlers and steps run concurrently) therefore queue per DataSource.
 */
function serialised<T>(ds: DataSource, work: () => Promise<T>): Promise<T> {
  if (ds.options.type !== "better-sqlite3") return work();
  const previous = queues.get(ds) ?? Promise.resolve();
  const next = previous.then(work, work);
  queues.set(ds, next.catch(() => undefined));
  return next;
}

/** One transaction as the system (the work spans the plugin's tenant tables and the uplink's outbox). */
export function systemTransaction<T>(ds: DataSource, reason: string, fn: (qr: QueryRunner) => Promise<T>): Promise<T> {
  return serialised(ds, () => asSystem(reason, async () => {
    const qr = ds.createQueryRunner();
    await qr.connect();
    try {
      await qr.startTransaction();
      const out = await fn(qr);
      await qr.commitTransaction();
      return out;
    } catch (err) {
      if (qr.isTransactionActive) await qr.rollbackTransaction();
      throw err;
    } finally {
      await qr.release();
    }
  }));
}
