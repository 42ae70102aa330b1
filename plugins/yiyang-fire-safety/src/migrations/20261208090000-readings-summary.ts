/**
 * Y2 readings summaries on the county node: `yiyang_county_reading_summary`, one row per
 * (community, device, resource, hour) the communities sent — count, min/max/avg for numeric
 * readings, the last value (numeric in `last_num`, text in `last_text`, a boolean as 0/1 in
 * `last_num`) and its time — in the jurisdiction of the device's readings, so the county sees
 * its subtree. The community side needs no table of its own: its markers are in
 * `yiyang_uplinked` (`summary:<device>:<hourStartMs>`) and its cursor in `yiyang_cursor`.
 */
import { Table, type TableColumnOptions } from "typeorm";
import type { Migration } from "@anju/data";

const varchar = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: "varchar", length: String(length), isNullable: nullable });
const ms = (name: string): TableColumnOptions => ({ name, type: "bigint", isNullable: false });
const double = (name: string): TableColumnOptions => ({ name, type: "double", isNullable: true });

function table(): Table {
  return new Table({
    name: "yiyang_county_reading_summary",
    columns: [
      { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
      varchar("jurisdiction_code", 32), varchar("community_code", 32), varchar("device_code", 64), varchar("resource", 64), varchar("kind", 1), varchar("unit", 16, true),
      ms("hour_start"), { name: "reading_count", type: "integer", isNullable: false }, double("min_value"), double("max_value"), double("avg_value"),
      double("last_num"), varchar("last_text", 255, true), ms("last_ts"), ms("received_at"),
    ],
    indices: [
      { name: "uq_yiyang_county_summary", columnNames: ["community_code", "device_code", "resource", "hour_start"], isUnique: true },
      { name: "idx_yiyang_county_summary_jur", columnNames: ["jurisdiction_code", "hour_start"] },
    ],
  });
}

export const createReadingsSummary: Migration = {
  name: "20261208090000-readings-summary",
  async up(qr) {
    await qr.createTable(table());
  },
  async down(qr) {
    await qr.dropTable("yiyang_county_reading_summary", true);
  },
};
