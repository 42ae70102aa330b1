/**
 * Raw SQL helpers shared by the outbox and the inbox. The uplink tables are not TypeORM
 * entities: the host's DataSource is built before modules load, and the hot paths here are
 * multi-row statements an entity manager would split up.
 */
import type { DataSource, EntityManager, QueryRunner } from "typeorm";
import { kindOf } from "@anju/data";

/** Anything that can run a query: a DataSource, a transaction's manager or a query runner. */
export type Db = DataSource | EntityManager | QueryRunner;

export function dataSourceOf(db: Db): DataSource {
  return "connection" in db ? (db as EntityManager | QueryRunner).connection : (db as DataSource);
}

export function isMysql(db: Db): boolean {
  return kindOf(dataSourceOf(db)) === "mysql";
}

export async function rows<T = Record<string, unknown>>(db: Db, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.query(sql, params)) as T[];
}

/** `?, ?, ?` for an IN list or a VALUES tuple (callers never pass 0). */
export function marks(n: number): string {
  return new Array(n).fill("?").join(", ");
}

export function tuples(rowsCount: number, width: number): string {
  const one = `(${marks(width)})`;
  return new Array(rowsCount).fill(one).join(", ");
}

/** mysql2 returns BIGINT as a string once it passes 2^53; ours never do. */
export function num(v: unknown): number {
  return v === null || v === undefined ? 0 : Number(v);
}

export function isMissingTable(err: unknown): boolean {
  const e = err as { code?: string; message?: string; driverError?: { code?: string } };
  const code = e.driverError?.code ?? e.code ?? "";
  return code === "ER_NO_SUCH_TABLE" || /no such table/i.test(e.message ?? "");
}
