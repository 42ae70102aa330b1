/** Small database helpers shared by the services and the scheduler (both dialects). */
import type { DataSource } from "typeorm";
import { kindOf } from "@anju/data";

/** A unique-index violation from either database. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string }; message?: string };
  const code = e.driverError?.code ?? e.code;
  return code === "ER_DUP_ENTRY" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY" || /UNIQUE constraint failed|Duplicate entry/i.test(e.message ?? "");
}

/** Run a write and report how many rows it changed (the lease claims depend on it). */
export async function execute(ds: DataSource, sql: string, params: unknown[]): Promise<number> {
  const qr = ds.createQueryRunner();
  try {
    const result = await qr.query(sql, params, true);
    return Number(result.affected ?? 0);
  } finally {
    await qr.release();
  }
}

/** `INSERT ... ` that does nothing when a unique key already holds the row. */
export function insertIgnore(ds: DataSource): string {
  return kindOf(ds) === "mysql" ? "INSERT IGNORE INTO" : "INSERT OR IGNORE INTO";
}

/** JSON text columns parse back to objects; a broken document reads as empty (never throws at a user). */
export function parseJson<T = Record<string, unknown>>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** Datetime columns come back as Date (TypeORM) or text (raw SQL on SQLite): one shape out. */
export function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  const s = String(value);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s.replace(" ", "T")}Z`);
}
