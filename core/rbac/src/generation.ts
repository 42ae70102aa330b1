/**
 * `rbac.generation` in anju_meta: bumped by every policy change. Nodes that missed the
 * broadcast notice the difference on their next poll and reload everything.
 */
import type { DataSource } from "typeorm";
import { kindOf } from "@anju/data";

export const GENERATION_KEY = "rbac.generation";

function keyColumn(ds: DataSource): string {
  return kindOf(ds) === "mysql" ? "`key`" : '"key"';
}

export async function readGeneration(ds: DataSource): Promise<number> {
  const rows: Array<{ value: string }> = await ds.query(`SELECT value FROM anju_meta WHERE ${keyColumn(ds)} = ?`, [GENERATION_KEY]);
  return Number(rows[0]?.value ?? 0);
}

/**
 * Increment in one UPDATE and return the new value. On MariaDB the read-back shares the UPDATE's
 * transaction (so it sees our own value). SQLite has one connection the whole host shares: an
 * explicit transaction there collides with any other open one, and statements already run one
 * at a time, so it reads back without one (at worst it sees a later value, and the next poll
 * reloads everything).
 */
export async function bumpGeneration(ds: DataSource): Promise<number> {
  const k = keyColumn(ds);
  const mysql = kindOf(ds) === "mysql";
  const cast = mysql ? "CAST(CAST(value AS SIGNED) + 1 AS CHAR)" : "CAST(CAST(value AS INTEGER) + 1 AS TEXT)";
  const run = async (m: Pick<DataSource, "query">): Promise<number> => {
    await m.query(`UPDATE anju_meta SET value = ${cast} WHERE ${k} = ?`, [GENERATION_KEY]);
    const rows: Array<{ value: string }> = await m.query(`SELECT value FROM anju_meta WHERE ${k} = ?`, [GENERATION_KEY]);
    if (rows.length > 0) return Number(rows[0].value);
    await m.query(`INSERT INTO anju_meta (${k}, value) VALUES (?, ?)`, [GENERATION_KEY, "1"]);
    return 1;
  };
  return mysql ? ds.transaction((m) => run(m)) : run(ds);
}

/**
 * Inside a transaction: take the policy write lock, i.e. write the generation row without
 * changing it. On MariaDB the UPDATE holds that row's exclusive lock until commit, so a grant or
 * rule change on another node waits here and then reads what this one committed; on SQLite the
 * UPDATE takes the database write lock (other processes on the file wait, busy_timeout), and the
 * host's transaction queue already orders this process's transactions. Reads made after it see
 * every change committed before it.
 */
export async function lockPolicyWrites(m: Pick<DataSource, "query">, ds: DataSource): Promise<void> {
  await m.query(`UPDATE anju_meta SET value = value WHERE ${keyColumn(ds)} = ?`, [GENERATION_KEY]);
}
