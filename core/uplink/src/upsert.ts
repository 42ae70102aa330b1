/** Multi-row "insert or add to" in both dialects (MariaDB ON DUPLICATE KEY, SQLite ON CONFLICT). */
import { isMysql, tuples, type Db } from "./sql.js";

export type Merge = "add" | "replace" | "max" | "keep";

export async function upsertRows(
  db: Db, table: string, keys: string[], columns: Record<string, Merge>, values: unknown[][],
): Promise<void> {
  if (!values.length) return;
  const names = [...keys, ...Object.keys(columns)];
  const mysql = isMysql(db);
  const incoming = (c: string) => (mysql ? `VALUES(${c})` : `excluded.${c}`);
  const sets = Object.entries(columns)
    .filter(([, how]) => how !== "keep")
    .map(([c, how]) => {
      if (how === "add") return `${c} = ${c} + ${incoming(c)}`;
      if (how === "max") return mysql ? `${c} = GREATEST(${c}, ${incoming(c)})` : `${c} = MAX(${c}, ${incoming(c)})`;
      return `${c} = ${incoming(c)}`;
    });
  const head = `INSERT INTO ${table} (${names.join(", ")}) VALUES ${tuples(values.length, names.length)}`;
  const tail = mysql ? ` ON DUPLICATE KEY UPDATE ${sets.join(", ")}` : ` ON CONFLICT(${keys.join(", ")}) DO UPDATE SET ${sets.join(", ")}`;
  await db.query(head + tail, values.flat());
}
