/**
 * The plugin's tables, with TypeORM's `Table` API so one migration serves SQLite and MariaDB.
 * Tenant tables carry `jurisdiction_code` and an index on it. JSON documents use the database's
 * large text type (MariaDB's TEXT stops at 64 KiB; a draft may hold attachments).
 */
import { Table, type TableColumnOptions, type TableIndexOptions } from "typeorm";
import { longTextType, type Migration } from "@anju/data";

const id: TableColumnOptions = { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" };
const jurisdiction: TableColumnOptions = { name: "jurisdiction_code", type: "varchar", length: "32" };
const varchar = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: "varchar", length: String(length), isNullable: nullable });
const int = (name: string, nullable = false): TableColumnOptions => ({ name, type: "integer", isNullable: nullable });
const datetime = (name: string, nullable = false): TableColumnOptions => ({ name, type: "datetime", isNullable: nullable });
const index = (table: string, suffix: string, columnNames: string[], isUnique = false): TableIndexOptions =>
  ({ name: `${isUnique ? "uq" : "idx"}_${table}_${suffix}`, columnNames, isUnique });

function tables(json: string): Table[] {
  const doc = (name: string, nullable = false): TableColumnOptions => ({ name, type: json, isNullable: nullable });
  return [
    new Table({
      name: "tongling_report",
      columns: [
        id, jurisdiction, varchar("period", 7), varchar("status", 16), doc("data_json"), doc("progress_json"), varchar("form_key", 100),
        int("form_version", true), varchar("submission_id", 64, true), int("revision"), varchar("timeliness", 8, true),
        datetime("first_submitted_at", true), datetime("submitted_at", true), varchar("submitted_by", 64, true),
        datetime("reviewed_at", true), varchar("reviewed_by", 64, true), varchar("review_comment", 2000, true),
        varchar("created_by", 64), datetime("created_at"), datetime("updated_at"), int("lock_version"),
      ],
      indices: [
        index("tongling_report", "jur", ["jurisdiction_code"]),
        // T4: one report per county and month; a concurrent second create fails here.
        index("tongling_report", "jur_period", ["jurisdiction_code", "period"], true),
        index("tongling_report", "period_status", ["period", "status"]),
      ],
    }),
    new Table({
      name: "tongling_report_event",
      columns: [
        id, jurisdiction, int("report_id"), varchar("action", 16), varchar("from_status", 16, true), varchar("to_status", 16),
        varchar("actor", 64), datetime("at"), varchar("comment", 2000, true), varchar("submission_id", 64, true), doc("snapshot_json", true),
      ],
      indices: [index("tongling_report_event", "jur", ["jurisdiction_code"]), index("tongling_report_event", "report", ["report_id"])],
    }),
    new Table({
      name: "tongling_attestation",
      columns: [
        id, jurisdiction, int("community_id"), varchar("item", 32), varchar("attested_by", 64), datetime("attested_at"),
        varchar("evidence_ref", 200), varchar("note", 500, true), datetime("revoked_at", true), varchar("revoked_by", 64, true),
      ],
      indices: [index("tongling_attestation", "jur", ["jurisdiction_code"]), index("tongling_attestation", "community_item", ["community_id", "item"])],
    }),
    new Table({
      name: "tongling_finding",
      columns: [
        id, jurisdiction, varchar("rule", 8), int("community_id"), varchar("community_name", 100), int("access_point_id"),
        varchar("access_point_name", 100), varchar("credentials", 100), varchar("status", 16), varchar("open_key", 64, true),
        datetime("detected_at"), datetime("resolved_at", true), varchar("resolution", 200, true),
      ],
      indices: [
        index("tongling_finding", "jur", ["jurisdiction_code"]),
        index("tongling_finding", "jur_status", ["jurisdiction_code", "status"]),
        // One open finding per rule and access point (NULL once resolved: many may share that).
        index("tongling_finding", "open_key", ["open_key"], true),
      ],
    }),
    new Table({
      name: "tongling_notification",
      columns: [
        id, jurisdiction, varchar("audience", 16), varchar("kind", 16), varchar("period", 7), varchar("county_code", 32),
        varchar("dedupe_key", 191), varchar("title_zh", 200), varchar("title_en", 200), varchar("body_zh", 500), varchar("body_en", 500),
        datetime("created_at"), varchar("delivery_state", 16), varchar("delivery_url", 500, true), int("delivery_attempts"),
        datetime("delivery_next_at", true), varchar("delivery_lease_owner", 100, true), datetime("delivery_lease_until", true),
        datetime("delivered_at", true), varchar("delivery_error", 500, true),
      ],
      indices: [
        index("tongling_notification", "jur", ["jurisdiction_code"]),
        // A job that runs twice (a lease expired mid-run) still writes each notification once.
        index("tongling_notification", "dedupe", ["dedupe_key"], true),
        index("tongling_notification", "delivery", ["delivery_state", "delivery_next_at"]),
      ],
    }),
    new Table({
      name: "tongling_notification_read",
      columns: [
        { name: "notification_id", type: "integer", isPrimary: true },
        { name: "user_id", type: "varchar", length: "64", isPrimary: true },
        datetime("read_at"),
      ],
    }),
    new Table({
      name: "tongling_job",
      columns: [
        id, varchar("job_key", 191), varchar("kind", 32), varchar("jurisdiction_code", 32), varchar("period", 10),
        datetime("due_at"), varchar("state", 16), int("attempts"), varchar("lease_owner", 100, true), datetime("lease_until", true),
        datetime("done_at", true), varchar("outcome", 200, true), varchar("last_error", 500, true), datetime("created_at"),
      ],
      indices: [
        // Idempotency per (job, period): planning the same job on two nodes writes one row.
        index("tongling_job", "key", ["job_key"], true),
        index("tongling_job", "state_due", ["state", "due_at"]),
      ],
    }),
  ];
}

export const createReporting: Migration = {
  name: "20261201090000-create-reporting",
  async up(qr, ds) {
    for (const t of tables(longTextType(ds))) await qr.createTable(t);
  },
  async down(qr, ds) {
    for (const t of tables(longTextType(ds)).reverse()) await qr.dropTable(t.name, true);
  },
};
