/**
 * Y3 alarm handling and the Y2 upward link's bookkeeping:
 * - `yiyang_alarm_handling`: one row per device alarm (unique alarm id), the four handling steps.
 * - `yiyang_uplinked`: one marker per thing sent upward (`alarm:<id>:raised`, `alarm:<id>:closed`,
 *   `device:<code>`), written in the same transaction as the outbox row; its primary key is what
 *   makes a repeated event or a catch-up sweep enqueue nothing a second time.
 * - `yiyang_county_alarm`: on the county node, the alarms the communities sent (one row per alarm
 *   and event, unique), in the community's jurisdiction so the county sees its subtree.
 * Times are epoch milliseconds in BIGINT, as the device platform and the uplink keep them.
 */
import { Table, type TableColumnOptions } from "typeorm";
import type { Migration } from "@anju/data";

const id: TableColumnOptions = { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" };
const jurisdiction: TableColumnOptions = { name: "jurisdiction_code", type: "varchar", length: "32" };
const varchar = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: "varchar", length: String(length), isNullable: nullable });
const ms = (name: string, nullable = true): TableColumnOptions => ({ name, type: "bigint", isNullable: nullable });

function tables(): Table[] {
  return [
    new Table({
      name: "yiyang_alarm_handling",
      columns: [
        id, jurisdiction, varchar("alarm_id", 64), varchar("device_code", 64), varchar("rule_id", 64), varchar("severity", 16),
        varchar("title_zh", 200), varchar("title_en", 200), varchar("alarm_status", 16), varchar("stage", 16), ms("raised_at", false), ms("cleared_at"),
        ms("acknowledged_at"), varchar("acknowledged_by", 64, true), ms("dispatched_at"), varchar("dispatched_by", 64, true), varchar("dispatched_to", 200, true),
        ms("result_at"), varchar("result_by", 64, true), varchar("result_text", 500, true), varchar("verdict", 16, true),
        { name: "hazard_removed", type: "boolean", isNullable: true }, ms("closed_at"), varchar("closed_by", 64, true),
      ],
      indices: [
        { name: "uq_yiyang_alarm_handling_alarm", columnNames: ["alarm_id"], isUnique: true },
        { name: "idx_yiyang_alarm_handling_jur", columnNames: ["jurisdiction_code", "stage"] },
      ],
    }),
    new Table({
      name: "yiyang_uplinked",
      columns: [{ name: "marker_key", type: "varchar", length: "160", isPrimary: true }, varchar("kind", 64), ms("created_at", false)],
    }),
    new Table({
      name: "yiyang_county_alarm",
      columns: [
        id, jurisdiction, varchar("community_code", 32), varchar("alarm_id", 64), varchar("event", 16), varchar("device_code", 64), varchar("rule_id", 64),
        varchar("severity", 16), varchar("title_zh", 200), ms("raised_at", false), ms("acknowledged_at"), ms("dispatched_at"), ms("result_at"), ms("closed_at"),
        varchar("verdict", 16, true), { name: "hazard_removed", type: "boolean", isNullable: true }, ms("received_at", false),
      ],
      indices: [
        { name: "uq_yiyang_county_alarm", columnNames: ["community_code", "alarm_id", "event"], isUnique: true },
        { name: "idx_yiyang_county_alarm_jur", columnNames: ["jurisdiction_code"] },
      ],
    }),
  ];
}

export const createAlarmHandling: Migration = {
  name: "20261206090000-alarm-handling",
  async up(qr) {
    for (const t of tables()) await qr.createTable(t);
  },
  async down(qr) {
    for (const t of tables().reverse()) await qr.dropTable(t.name, true);
  },
};
