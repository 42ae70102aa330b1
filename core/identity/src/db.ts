/**
 * Raw SQL helpers (identity's tables are not TypeORM entities: the host's DataSource is built
 * before identity loads). Timestamps go in as `dbTimestamp()` strings (UTC) and come back as a
 * Date (MariaDB) or a string (SQLite); `toDate` reads both. Booleans come back as 0/1.
 */
import type { DataSource, EntityManager } from "typeorm";
import { dbTimestamp } from "@anju/data";

export type Db = DataSource | EntityManager;

export function ts(d: Date): string {
  return dbTimestamp(d);
}

export function toDate(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v;
  const s = String(v);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s.replace(" ", "T")}Z`);
}

export function toBool(v: unknown): boolean {
  return v === true || Number(v) === 1;
}

export async function rows<T = Record<string, unknown>>(db: Db, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.query(sql, params)) as T[];
}

export async function one<T = Record<string, unknown>>(db: Db, sql: string, params: unknown[] = []): Promise<T | null> {
  const r = await rows<T>(db, sql, params);
  return r[0] ?? null;
}

/** Run a write and return the number of rows it changed (both drivers report it in a structured result). */
export async function exec(db: Db, sql: string, params: unknown[] = []): Promise<number> {
  const manager = "manager" in db ? (db as DataSource).manager : (db as EntityManager);
  const own = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const result = (await own.query(sql, params, true)) as { affected?: number };
    return result.affected ?? 0;
  } finally {
    if (!manager.queryRunner) await own.release();
  }
}

export function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } };
  const code = e.driverError?.code ?? e.code ?? "";
  return code === "ER_DUP_ENTRY" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}
