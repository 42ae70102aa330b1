/**
 * The device platform's tables, owner "@devices" (recorded in anju_migration, never
 * `synchronize`). Times the pipeline writes are ms epochs in BIGINT (readings arrive with
 * device clocks in ms; DATETIME would lose the key's precision); the registry's own changes
 * use DATETIME like the rest of the host. Every table carries `jurisdiction_code` and is a
 * tenant table: the console's reads are scoped, the pipeline writes as the system.
 */
import { Table, TableColumn, TableIndex, type DataSource, type TableColumnOptions } from "typeorm";
import { kindOf, longTextType, runMigrations, type Migration, type MigrationReport } from "@anju/data";
import { MIGRATION_OWNER, Tables as T } from "./constants.js";

const varchar = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: "varchar", length: String(length), isNullable: nullable });
const bigint = (name: string, nullable = false): TableColumnOptions => ({ name, type: "bigint", isNullable: nullable });
const int = (name: string, nullable = false): TableColumnOptions => ({ name, type: "integer", isNullable: nullable });
const double = (name: string): TableColumnOptions => ({ name, type: "double", isNullable: true });
const datetime = (name: string, nullable = false): TableColumnOptions => ({ name, type: "datetime", isNullable: nullable });
const pk = (c: TableColumnOptions): TableColumnOptions => ({ ...c, isPrimary: true });

/** Device codes compare byte for byte on MariaDB (its default collation folds case: A1 and a1 would collide). */
function binary(ds: DataSource, column: TableColumnOptions): TableColumnOptions {
  return kindOf(ds) === "mysql" ? { ...column, charset: "utf8mb4", collation: "utf8mb4_bin" } : column;
}

export const DEVICES_MIGRATIONS: Migration[] = [
  {
    name: "0001-devices-tables",
    async up(qr, ds) {
      const code = (name = "device_code") => binary(ds, varchar(name, 64));
      await qr.createTable(new Table({
        name: T.device,
        columns: [
          pk(varchar("id", 36)), code("code"), varchar("name", 100), varchar("jurisdiction_code", 32),
          varchar("driver_plugin_id", 64), varchar("profile_id", 64), varchar("state", 16), bigint("last_seen_at", true),
          varchar("created_by", 64), datetime("created_at"), varchar("updated_by", 64), datetime("updated_at"),
        ],
        indices: [
          { name: "uq_anju_device_code", columnNames: ["code"], isUnique: true },
          { name: "idx_anju_device_jur", columnNames: ["jurisdiction_code"] },
        ],
      }));
      // The key is the replay check: the same device, resource and time is one reading. Time
      // first: new readings then append at the end of the B-tree instead of landing all over it
      // (with the device first, MariaDB's inserts turned into random I/O once the table outgrew
      // the buffer pool — docs/benchmarks-devices.md).
      await qr.createTable(new Table({
        name: T.reading,
        columns: [
          pk(bigint("ts")), pk(code()), pk(varchar("resource", 64)), varchar("jurisdiction_code", 32),
          varchar("kind", 1), double("value_num"), varchar("value_text", 255, true), varchar("quality", 10),
          varchar("unit", 16, true), bigint("received_at"),
        ],
        indices: [{ name: "idx_anju_device_reading_jur_ts", columnNames: ["jurisdiction_code", "ts"] }],
      }));
      await qr.createTable(new Table({
        name: T.latest,
        columns: [
          pk(code()), pk(varchar("resource", 64)), varchar("jurisdiction_code", 32), bigint("ts"),
          varchar("kind", 1), double("value_num"), varchar("value_text", 255, true), varchar("quality", 10), varchar("unit", 16, true),
        ],
        indices: [{ name: "idx_anju_device_latest_jur", columnNames: ["jurisdiction_code"] }],
      }));
      // `open_key` is device|rule while the alarm is not closed, NULL after: the unique index
      // keeps one open alarm per device and rule (both databases allow many NULLs).
      await qr.createTable(new Table({
        name: T.alarm,
        columns: [
          pk(varchar("id", 36)), code(), varchar("jurisdiction_code", 32), varchar("rule_id", 64), varchar("kind", 16),
          varchar("severity", 10), varchar("resource", 64), varchar("title_zh", 200), varchar("title_en", 200),
          varchar("status", 16), varchar("value_json", 300, true), int("occurrences"), binary(ds, varchar("open_key", 140, true)),
          bigint("raised_at"), bigint("cleared_at", true), bigint("acknowledged_at", true), varchar("acknowledged_by", 64, true),
          bigint("escalated_at", true), int("escalation_level"), bigint("closed_at", true), varchar("closed_by", 64, true),
          varchar("close_reason", 200, true),
        ],
        indices: [
          { name: "uq_anju_device_alarm_open", columnNames: ["open_key"], isUnique: true },
          { name: "idx_anju_device_alarm_jur", columnNames: ["jurisdiction_code", "status"] },
          { name: "idx_anju_device_alarm_status", columnNames: ["status", "raised_at"] },
        ],
      }));
      await qr.createTable(new Table({
        name: T.engineState,
        columns: [pk(code()), varchar("jurisdiction_code", 32), { name: "state_json", type: longTextType(ds) }, bigint("updated_at")],
      }));
      await qr.createTable(new Table({
        name: T.rejection,
        columns: [pk(varchar("reason", 40)), bigint("count"), bigint("last_at"), varchar("last_detail", 300, true)],
      }));
    },
    async down(qr) {
      for (const t of [T.rejection, T.engineState, T.alarm, T.latest, T.reading, T.device]) await qr.dropTable(t, true, true, true);
    },
  },
  {
    // What the device is across vendors (the profile's category, @anju/sdk DEVICE_CATEGORIES),
    // copied onto the row so counts per community and category are one indexed GROUP BY.
    // Existing rows stay NULL until their driver announces its profiles (the runtime backfills).
    name: "0002-device-category",
    async up(qr) {
      await qr.addColumn(T.device, new TableColumn(varchar("category", 32, true)));
      await qr.createIndex(T.device, new TableIndex({ name: "idx_anju_device_jur_category", columnNames: ["jurisdiction_code", "category"] }));
    },
    async down(qr) {
      await qr.dropIndex(T.device, "idx_anju_device_jur_category");
      await qr.dropColumn(T.device, "category");
    },
  },
  {
    // The device's MQTT secret (mqtt.requireDeviceAuth): only a salted hash, NULL until issued.
    name: "0003-device-mqtt-credential",
    async up(qr) {
      await qr.addColumn(T.device, new TableColumn(varchar("mqtt_secret_hash", 160, true)));
      await qr.addColumn(T.device, new TableColumn(bigint("mqtt_secret_issued_at", true)));
    },
    async down(qr) {
      await qr.dropColumn(T.device, "mqtt_secret_issued_at");
      await qr.dropColumn(T.device, "mqtt_secret_hash");
    },
  },
];

export function migrateDevices(ds: DataSource): Promise<MigrationReport> {
  return runMigrations(ds, MIGRATION_OWNER, DEVICES_MIGRATIONS);
}
