/**
 * Y4 intrusion and the rest of Y2 (authorisations, access events):
 * - `yiyang_intrusion`: one row per intrusion (forced passage) or intrusion attempt (N denials by
 *   unregistered credentials within M minutes) Yiyang detected; `alarm_id` is the device
 *   platform's alarm it raised on the event's device, or Yiyang's own handling record
 *   (`intrusion-<id>`) when the event has no registered device. NULL while the raise is pending
 *   (the sweep retries it).
 * - `yiyang_access_denial`: denials by unregistered credentials, the window the attempt rule counts.
 * - `yiyang_cursor`: how far the catch-up sweep over `community.accessEvents.since` has read.
 * - `yiyang_county_authorisation` / `yiyang_county_access_event`: on the county node, what the
 *   communities sent. The holder's name, ID number and credential are encrypted at rest (the
 *   node's PI keys) and masked in every answer; capture images never travel, only their reference.
 */
import { Table, type TableColumnOptions } from "typeorm";
import type { Migration } from "@anju/data";

const id: TableColumnOptions = { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" };
const jurisdiction: TableColumnOptions = { name: "jurisdiction_code", type: "varchar", length: "32" };
const varchar = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: "varchar", length: String(length), isNullable: nullable });
const ms = (name: string, nullable = true): TableColumnOptions => ({ name, type: "bigint", isNullable: nullable });
const int = (name: string, nullable = true): TableColumnOptions => ({ name, type: "integer", isNullable: nullable });
const flag = (name: string): TableColumnOptions => ({ name, type: "boolean", isNullable: true });

function tables(): Table[] {
  return [
    new Table({
      name: "yiyang_intrusion",
      columns: [
        id, jurisdiction, int("community_id", false), varchar("rule_id", 32), varchar("severity", 16), varchar("scope_key", 140), varchar("device_code", 64, true),
        int("access_point_id"), ms("access_event_id", false), int("occurrences", false), ms("occurred_at", false), ms("last_occurred_at", false),
        varchar("alarm_id", 64, true), ms("created_at", false),
      ],
      indices: [
        { name: "uq_yiyang_intrusion_event", columnNames: ["access_event_id", "rule_id"], isUnique: true },
        { name: "idx_yiyang_intrusion_scope", columnNames: ["scope_key", "rule_id"] },
        { name: "idx_yiyang_intrusion_jur", columnNames: ["jurisdiction_code"] },
      ],
    }),
    new Table({
      name: "yiyang_access_denial",
      columns: [id, jurisdiction, varchar("scope_key", 140), ms("access_event_id", false), ms("occurred_at", false)],
      indices: [
        { name: "uq_yiyang_access_denial_event", columnNames: ["access_event_id"], isUnique: true },
        { name: "idx_yiyang_access_denial_scope", columnNames: ["scope_key", "occurred_at"] },
      ],
    }),
    new Table({
      name: "yiyang_cursor",
      columns: [{ name: "name", type: "varchar", length: "64", isPrimary: true }, ms("position", false)],
    }),
    new Table({
      name: "yiyang_county_authorisation",
      columns: [
        id, jurisdiction, varchar("community_code", 32), ms("authorisation_id", false), int("community_id", false), int("unit_id"), int("revision", false),
        varchar("change_kind", 16), varchar("subject", 16), varchar("credential", 16), varchar("holder_name", 512), varchar("holder_id_no", 512, true),
        varchar("credential_ref", 512, true), ms("valid_from"), ms("valid_to"), varchar("status", 16), ms("changed_at", false), ms("received_at", false),
      ],
      indices: [
        { name: "uq_yiyang_county_auth", columnNames: ["community_code", "authorisation_id"], isUnique: true },
        { name: "idx_yiyang_county_auth_jur", columnNames: ["jurisdiction_code"] },
      ],
    }),
    new Table({
      name: "yiyang_county_access_event",
      columns: [
        id, jurisdiction, varchar("community_code", 32), ms("event_id", false), int("community_id", false), int("access_point_id"), varchar("device_code", 64, true),
        varchar("kind", 16), varchar("subject", 16), varchar("direction", 8, true), varchar("method", 16), varchar("outcome", 16), flag("registered"),
        varchar("capture_ref", 500, true), ms("occurred_at", false), ms("received_at", false),
      ],
      indices: [
        { name: "uq_yiyang_county_access", columnNames: ["community_code", "event_id"], isUnique: true },
        { name: "idx_yiyang_county_access_jur", columnNames: ["jurisdiction_code", "occurred_at"] },
      ],
    }),
  ];
}

export const createAccessUplink: Migration = {
  name: "20261207090000-access-uplink",
  async up(qr) {
    for (const t of tables()) await qr.createTable(t);
  },
  async down(qr) {
    for (const t of tables().reverse()) await qr.dropTable(t.name, true);
  },
};
