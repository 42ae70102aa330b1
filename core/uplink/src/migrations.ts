/**
 * Uplink tables, recorded in anju_migration like every other owner's. Two owners so that a
 * community database carries only the outbox and a county database only the inbox (a node
 * that is both — a county relaying to the city — runs both). Times are epoch milliseconds in
 * BIGINT: they cross machines whose clocks and time zones differ, and are compared as numbers.
 */
import { Table, TableColumn, type DataSource, type TableColumnOptions } from "typeorm";
import { kindOf, longTextType, runMigrations, type Migration, type MigrationReport } from "@anju/data";
import { INBOX_OWNER, OUTBOX_OWNER, Tables } from "./constants.js";

/** SQLite allows AUTOINCREMENT only on INTEGER; MariaDB's INT would run out. */
function serial(ds: DataSource, name: string): TableColumnOptions {
  return { name, type: kindOf(ds) === "mysql" ? "bigint" : "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" };
}
const big = (name: string, nullable = false): TableColumnOptions => ({ name, type: "bigint", isNullable: nullable });
const int = (name: string): TableColumnOptions => ({ name, type: "integer" });
/** Codes compare byte for byte on MariaDB (its default collation folds case). */
function code(ds: DataSource, name: string, length: number, extra: Partial<TableColumnOptions> = {}): TableColumnOptions {
  const col: TableColumnOptions = { name, type: "varchar", length: String(length), ...extra };
  return kindOf(ds) === "mysql" ? { ...col, charset: "utf8mb4", collation: "utf8mb4_bin" } : col;
}
const text = (ds: DataSource, name: string, nullable = false): TableColumnOptions => ({ name, type: longTextType(ds), isNullable: nullable });

export const OUTBOX_MIGRATIONS: Migration[] = [
  {
    name: "0001-outbox",
    async up(qr, ds) {
      await qr.createTable(new Table({
        name: Tables.outbox,
        columns: [
          serial(ds, "seq"), code(ds, "kind", 64), code(ds, "device_code", 128), big("device_seq"),
          big("ts"), text(ds, "data"), big("created_at"), big("sent_at", true),
        ],
        indices: [
          { name: "idx_anju_uplink_outbox_pending", columnNames: ["sent_at", "seq"] },
          { name: "idx_anju_uplink_outbox_device", columnNames: ["device_code", "device_seq"] },
        ],
      }));
      await qr.createTable(new Table({
        name: Tables.deviceSeq,
        columns: [code(ds, "device_code", 128, { isPrimary: true }), big("last_seq")],
      }));
    },
    async down(qr) {
      await qr.dropTable(Tables.outbox, true);
      await qr.dropTable(Tables.deviceSeq, true);
    },
  },
  {
    // Sealed rows the relay cannot open (seal.ts) leave the queue marked, never published.
    name: "0002-outbox-refused",
    async up(qr) {
      await qr.addColumn(Tables.outbox, new TableColumn(big("refused_at", true)));
    },
    async down(qr) {
      const t = await qr.getTable(Tables.outbox);
      if (t?.findColumnByName("refused_at")) await qr.dropColumn(Tables.outbox, "refused_at");
    },
  },
];

export const INBOX_MIGRATIONS: Migration[] = [
  {
    name: "0001-inbox",
    async up(qr, ds) {
      await qr.createTable(new Table({
        name: Tables.record,
        columns: [
          serial(ds, "id"), code(ds, "community_code", 64), big("seq"), code(ds, "kind", 64),
          code(ds, "device_code", 128), big("device_seq"), big("ts"), big("sent_at"), big("received_at"),
          big("stream_seq"), text(ds, "data"),
        ],
        indices: [
          // The dedupe key: one row per community sequence number, whatever JetStream redelivers.
          { name: "uq_anju_uplink_record_seq", columnNames: ["community_code", "seq"], isUnique: true },
          { name: "idx_anju_uplink_record_device", columnNames: ["community_code", "device_code", "device_seq"] },
          { name: "idx_anju_uplink_record_kind", columnNames: ["kind", "received_at"] },
        ],
      }));
      // Records that arrived ahead of an earlier one of the same device wait here until the gap
      // fills (or the hold time passes); readers of anju_uplink_record never see a device's
      // records out of order.
      await qr.createTable(new Table({
        name: Tables.parked,
        columns: [
          code(ds, "community_code", 64), big("seq"), code(ds, "kind", 64), code(ds, "device_code", 128), big("device_seq"),
          big("ts"), big("sent_at"), big("received_at"), big("stream_seq"), text(ds, "data"),
        ],
        indices: [
          { name: "uq_anju_uplink_parked_seq", columnNames: ["community_code", "seq"], isUnique: true },
          { name: "idx_anju_uplink_parked_device", columnNames: ["community_code", "device_code", "device_seq"] },
          { name: "idx_anju_uplink_parked_age", columnNames: ["received_at"] },
        ],
      }));
      await qr.createTable(new Table({
        name: Tables.source,
        columns: [
          code(ds, "community_code", 64, { isPrimary: true }), big("records"), big("messages"), big("duplicates"),
          big("out_of_order"), big("gaps"), big("skewed"), big("last_seq"), big("last_skew_ms"), big("first_received_at"), big("last_received_at"),
        ],
      }));
      await qr.createTable(new Table({
        name: Tables.device,
        columns: [code(ds, "community_code", 64, { isPrimary: true }), code(ds, "device_code", 128, { isPrimary: true }), big("last_device_seq")],
      }));
      await qr.createTable(new Table({
        name: Tables.rejected,
        columns: [
          serial(ds, "id"), code(ds, "community_code", 64, { isNullable: true }), { name: "subject", type: "varchar", length: "255" },
          { name: "reason", type: "varchar", length: "32" }, big("first_seq", true), big("last_seq", true), int("records"),
          { name: "detail", type: "varchar", length: "500" }, big("stream_seq"), big("received_at"),
        ],
        indices: [{ name: "idx_anju_uplink_rejected_reason", columnNames: ["reason"] }],
      }));
    },
    async down(qr) {
      for (const t of [Tables.record, Tables.parked, Tables.source, Tables.device, Tables.rejected]) await qr.dropTable(t, true);
    },
  },
];

/** Create or upgrade the community side's tables (idempotent). */
export function migrateOutbox(ds: DataSource): Promise<MigrationReport> {
  return runMigrations(ds, OUTBOX_OWNER, OUTBOX_MIGRATIONS);
}

/** Create or upgrade the county side's tables (idempotent). */
export function migrateInbox(ds: DataSource): Promise<MigrationReport> {
  return runMigrations(ds, INBOX_OWNER, INBOX_MIGRATIONS);
}
