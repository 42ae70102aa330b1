/**
 * The audit table and its two anchors in anju_meta. Rows are never updated; `seq` is assigned
 * by the writer under the chain-head lock (not AUTO_INCREMENT, which leaves gaps on rollback and
 * would make a deleted row indistinguishable from a skipped number).
 */
import { Table, TableIndex } from "typeorm";
import { runMigrations, type Migration, type MigrationReport } from "@anju/data";
import type { DataSource } from "typeorm";
import { AUDIT_TABLE, LIMITS, META_BASE, META_HEAD, MIGRATION_OWNER } from "./constants.js";
import { EMPTY_HEAD, formatBase, formatHead, INITIAL_BASE } from "./chain.js";

export const AUDIT_MIGRATIONS: Migration[] = [
  {
    name: "0001-audit-table",
    async up(qr) {
      await qr.createTable(new Table({
        name: AUDIT_TABLE,
        columns: [
          { name: "seq", type: "bigint", isPrimary: true },
          { name: "at", type: "datetime", precision: 3 },
          { name: "key_id", type: "varchar", length: "16" },
          { name: "user_id", type: "varchar", length: String(LIMITS.userId), isNullable: true },
          { name: "jurisdiction", type: "varchar", length: String(LIMITS.jurisdiction), isNullable: true },
          { name: "action", type: "varchar", length: String(LIMITS.action) },
          { name: "object", type: "varchar", length: String(LIMITS.object), isNullable: true },
          { name: "result", type: "varchar", length: "16" },
          { name: "ip", type: "varchar", length: String(LIMITS.ip), isNullable: true },
          // 4096 characters of JSON fit TEXT (64 KiB) even at 4 bytes per character.
          { name: "detail", type: "text", isNullable: true },
          { name: "prev_hash", type: "varchar", length: "64" },
          { name: "hash", type: "varchar", length: "64" },
        ],
      }));
      await qr.createIndex(AUDIT_TABLE, new TableIndex({ name: "idx_audit_at", columnNames: ["at"] }));
      await qr.createIndex(AUDIT_TABLE, new TableIndex({ name: "idx_audit_user", columnNames: ["user_id", "seq"] }));
      await qr.createIndex(AUDIT_TABLE, new TableIndex({ name: "idx_audit_action", columnNames: ["action", "seq"] }));
      await qr.createIndex(AUDIT_TABLE, new TableIndex({ name: "idx_audit_jur", columnNames: ["jurisdiction", "seq"] }));
      await qr.query("INSERT INTO anju_meta (`key`, value) VALUES (?, ?), (?, ?)", [
        META_HEAD, formatHead(EMPTY_HEAD), META_BASE, formatBase(INITIAL_BASE),
      ]);
    },
    async down(qr) {
      await qr.query("DELETE FROM anju_meta WHERE `key` IN (?, ?)", [META_HEAD, META_BASE]);
      await qr.dropTable(AUDIT_TABLE, true);
    },
  },
];

/** Create or upgrade the audit tables (idempotent; the service runs it at start). */
export function migrateAudit(ds: DataSource): Promise<MigrationReport> {
  return runMigrations(ds, MIGRATION_OWNER, AUDIT_MIGRATIONS);
}
