/** Small SQL helpers: both drivers take `?` placeholders and report affected rows in TypeORM's structured result. */
import type { DataSource, QueryRunner } from "typeorm";
import { asSystem, runInTransaction } from "@anju/data";

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

/**
 * One transaction as the system (the work spans the plugin's tenant tables and the uplink's
 * outbox), through the host's transaction queue (@anju/data runInTransaction): on SQLite the one
 * shared connection takes transactions in turn — this plugin's event handlers and steps run
 * concurrently, and nested async transactions would otherwise end in the wrong order — and a
 * transaction opened inside another joins it as a savepoint.
 */
export function systemTransaction<T>(ds: DataSource, reason: string, fn: (qr: QueryRunner) => Promise<T>): Promise<T> {
  return asSystem(reason, () => runInTransaction(ds, (manager) => fn(manager.queryRunner!)));
}
