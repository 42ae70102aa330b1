/**
 * Raw SQL helpers. The tables are not TypeORM entities (the host's DataSource exists before
 * modules load). Table names are written in backticks, which both MariaDB and SQLite read as
 * quoted identifiers: that is how the tenant guard recognises them.
 */
import type { DataSource, EntityManager, QueryRunner } from "typeorm";
import { kindOf, registerTenantTable } from "@anju/data";
import { Tables } from "./constants.js";

export type Db = DataSource | EntityManager;

for (const t of [Tables.device, Tables.reading, Tables.latest, Tables.alarm, Tables.engineState]) registerTenantTable(t);

export async function rows<T = Record<string, unknown>>(db: Db | QueryRunner, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.query(sql, params)) as T[];
}

export async function one<T = Record<string, unknown>>(db: Db | QueryRunner, sql: string, params: unknown[] = []): Promise<T | null> {
  return (await rows<T>(db, sql, params))[0] ?? null;
}

/** Rows a write changed (both drivers report it in TypeORM's structured result). */
export async function affected(qr: QueryRunner, sql: string, params: unknown[]): Promise<number> {
  const result = (await qr.query(sql, params, true)) as { affected?: number };
  return result.affected ?? 0;
}

export function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } };
  const code = e.driverError?.code ?? e.code ?? "";
  return code === "ER_DUP_ENTRY" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

export function isMysql(ds: DataSource): boolean {
  return kindOf(ds) === "mysql";
}

/** `(?, ?, …), (?, ?, …)` for a multi-row VALUES list. */
export function tuples(rowsCount: number, width: number): string {
  const one = `(${new Array(width).fill("?").join(", ")})`;
  return new Array(rowsCount).fill(one).join(", ");
}

/** BIGINT columns come back as strings from mysql2. */
export function num(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}
