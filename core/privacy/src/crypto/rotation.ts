/**
 * Key rotation: every PI column of every registered entity is re-encrypted under the current
 * key, in batches, each batch in its own transaction. Values still in plaintext (a column that
 * became a PI field after data existed) are encrypted and indexed on the way: rotation doubles
 * as the migration into encryption. Runs as the system: it spans every jurisdiction.
 */
import type { DataSource } from "typeorm";
import { asSystem } from "@anju/data";
import { piFieldSets } from "../fields/pi-fields.js";
import type { PiKind } from "../kinds.js";
import { addKey, removeKey } from "./keyring.js";
import { CIPHER_VERSION, isCiphertext, type PiCodec } from "./codec.js";
import { PrivacyErrors } from "../errors.js";

interface ColumnTarget { entity: string; field: string; kind: PiKind; table: string; column: string; indexColumn: string | null; primary: string[] }

function targets(ds: DataSource): ColumnTarget[] {
  const out: ColumnTarget[] = [];
  for (const set of piFieldSets()) {
    if (!ds.hasMetadata(set.entity)) continue;
    const md = ds.getMetadata(set.entity);
    for (const f of set.fields) {
      out.push({
        entity: set.entity, field: f.property, kind: f.kind, table: md.tableName,
        column: md.findColumnWithPropertyName(f.property)?.databaseName ?? f.column,
        indexColumn: f.indexProperty ? (md.findColumnWithPropertyName(f.indexProperty)?.databaseName ?? f.indexColumn) : null,
        primary: md.primaryColumns.map((c) => c.databaseName),
      });
    }
  }
  return out;
}

export interface ReencryptReport { keyId: string; fields: Array<{ entity: string; field: string; rows: number }>; total: number }

export async function reencryptAll(ds: DataSource, codec: PiCodec, options: { batchSize?: number } = {}): Promise<ReencryptReport> {
  const batch = options.batchSize ?? 500;
  const prefix = `${CIPHER_VERSION}:${codec.currentKeyId}:`;
  const q = (name: string) => ds.driver.escape(name);
  const report: ReencryptReport = { keyId: codec.currentKeyId, fields: [], total: 0 };
  for (const t of targets(ds)) {
    let rows = 0;
    const seen = new Set<string>();
    const select = `SELECT ${t.primary.map(q).join(", ")}, ${q(t.column)} AS anju_value FROM ${q(t.table)} WHERE ${q(t.column)} IS NOT NULL AND SUBSTR(${q(t.column)}, 1, ${prefix.length}) <> ? LIMIT ${batch}`;
    const where = t.primary.map((p) => `${q(p)} = ?`).join(" AND ");
    const updateValue = `UPDATE ${q(t.table)} SET ${q(t.column)} = ? WHERE ${where}`;
    const updateWithIndex = t.indexColumn ? `UPDATE ${q(t.table)} SET ${q(t.column)} = ?, ${q(t.indexColumn)} = ? WHERE ${where}` : null;
    for (;;) {
      const found: Array<Record<string, unknown>> = await asSystem("pi re-encryption", () => ds.query(select, [prefix]));
      if (found.length === 0) break;
      await ds.transaction((manager) => asSystem("pi re-encryption", async () => {
        for (const row of found) {
          const key = t.primary.map((p) => String(row[p])).join("\u0000");
          // A row that does not change would be selected forever: stop instead of looping.
          if (seen.has(key)) throw PrivacyErrors.PI_CIPHERTEXT_INVALID({ reason: `${t.table}.${t.column} did not take the re-encrypted value` });
          seen.add(key);
          const stored = String(row.anju_value);
          const value = codec.reencrypt(t.kind, stored);
          const pk = t.primary.map((p) => row[p]);
          // An index never depends on the encryption key: only a legacy plaintext value needs one.
          if (updateWithIndex && !isCiphertext(stored)) await manager.query(updateWithIndex, [value, codec.blindIndex(t.kind, stored), ...pk]);
          else await manager.query(updateValue, [value, ...pk]);
        }
      }));
      rows += found.length;
    }
    report.fields.push({ entity: t.entity, field: t.field, rows });
    report.total += rows;
  }
  return report;
}

/** How many stored values a key still encrypts. */
export async function valuesUsingKey(ds: DataSource, keyId: string): Promise<number> {
  const prefix = `${CIPHER_VERSION}:${keyId}:`;
  const q = (name: string) => ds.driver.escape(name);
  let total = 0;
  for (const t of targets(ds)) {
    const rows: Array<{ n: number | string }> = await asSystem("pi key usage", () =>
      ds.query(`SELECT COUNT(*) AS n FROM ${q(t.table)} WHERE SUBSTR(${q(t.column)}, 1, ${prefix.length}) = ?`, [prefix]));
    total += Number(rows[0]?.n ?? 0);
  }
  return total;
}

/** New key (key file only), then every value re-encrypted under it. */
export async function rotateKeys(ds: DataSource, codec: PiCodec, options: { newKey?: boolean; batchSize?: number } = {}): Promise<ReencryptReport & { previousKeyId: string }> {
  const previousKeyId = codec.currentKeyId;
  if (options.newKey !== false) codec.replaceKeyring(addKey(codec.keyring));
  return { previousKeyId, ...(await reencryptAll(ds, codec, options)) };
}

/** Drop an old key from the key file once no value uses it. */
export async function retireKey(ds: DataSource, codec: PiCodec, keyId: string): Promise<{ retired: string }> {
  if (!codec.keyring.keys.has(keyId)) throw PrivacyErrors.PI_KEY_UNKNOWN({ keyId });
  const count = keyId === codec.currentKeyId ? 1 : await valuesUsingKey(ds, keyId);
  if (count > 0) throw PrivacyErrors.PI_KEY_IN_USE({ keyId, count });
  codec.replaceKeyring(removeKey(codec.keyring, keyId));
  return { retired: keyId };
}
