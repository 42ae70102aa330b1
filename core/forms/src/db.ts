/**
 * Raw SQL helpers. The forms tables are not TypeORM entities (the host's DataSource is built
 * before modules load, as for identity). Table names are written in backticks, which both
 * MariaDB and SQLite read as quoted identifiers: the tenant guard recognises a tenant table
 * only by its quoted name, so the quoting is what lets it check the submission tables.
 */
import type { DataSource, EntityManager } from "typeorm";
import { dbTimestamp } from "@anju/data";

export type Db = DataSource | EntityManager;

export function now(): string {
  return dbTimestamp();
}

export function toIso(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  const s = String(v);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s.replace(" ", "T")}Z`).toISOString();
}

export async function rows<T = Record<string, unknown>>(db: Db, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.query(sql, params)) as T[];
}

export async function one<T = Record<string, unknown>>(db: Db, sql: string, params: unknown[] = []): Promise<T | null> {
  return (await rows<T>(db, sql, params))[0] ?? null;
}

export function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } };
  const code = e.driverError?.code ?? e.code ?? "";
  return code === "ER_DUP_ENTRY" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

/** `?, ?, ?` for an IN list (callers never pass an empty list). */
export function marks(n: number): string {
  return new Array(n).fill("?").join(", ");
}

export function parseJson<T>(text: unknown): T {
  return JSON.parse(String(text)) as T;
}
