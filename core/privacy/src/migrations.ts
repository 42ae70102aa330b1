/** Tables of the privacy package (owner "@privacy"): consent records and breach records. */
import { Table, TableIndex } from "typeorm";
import type { Migration } from "@anju/data";

const jurisdiction = { name: "jurisdiction_code", type: "varchar", length: "32" };
const id = { name: "id", type: "varchar", length: "36", isPrimary: true };

export const PRIVACY_MIGRATIONS: Migration[] = [
  {
    name: "20261123-0001-consent",
    async up(qr) {
      await qr.createTable(new Table({
        name: "anju_consent",
        columns: [
          id,
          jurisdiction,
          { name: "subject_id", type: "varchar", length: "64" },
          { name: "purpose", type: "varchar", length: "64" },
          { name: "purpose_text", type: "varchar", length: "500", isNullable: true },
          { name: "kinds", type: "varchar", length: "200" },
          { name: "evidence", type: "varchar", length: "200", isNullable: true },
          { name: "granted_at", type: "datetime" },
          { name: "recorded_by", type: "varchar", length: "64" },
          { name: "withdrawn_at", type: "datetime", isNullable: true },
          { name: "withdrawn_by", type: "varchar", length: "64", isNullable: true },
          { name: "erased_rows", type: "integer", isNullable: true },
          { name: "created_at", type: "datetime" },
        ],
        indices: [
          new TableIndex({ name: "idx_anju_consent_subject", columnNames: ["jurisdiction_code", "subject_id"] }),
          new TableIndex({ name: "idx_anju_consent_jur", columnNames: ["jurisdiction_code"] }),
        ],
      }), true);
    },
    async down(qr) {
      await qr.dropTable("anju_consent", true);
    },
  },
  {
    name: "20261123-0002-breach",
    async up(qr) {
      await qr.createTable(new Table({
        name: "anju_breach",
        columns: [
          id,
          jurisdiction,
          { name: "title", type: "varchar", length: "200" },
          { name: "occurred_at", type: "datetime", isNullable: true },
          { name: "discovered_at", type: "datetime" },
          { name: "discovered_by", type: "varchar", length: "100" },
          { name: "data_kinds", type: "varchar", length: "200" },
          { name: "other_data", type: "varchar", length: "500", isNullable: true },
          { name: "cause", type: "text" },
          { name: "scale", type: "integer" },
          { name: "harm", type: "text", isNullable: true },
          { name: "remedies", type: "text", isNullable: true },
          { name: "advice", type: "text", isNullable: true },
          { name: "contact", type: "varchar", length: "200", isNullable: true },
          { name: "state", type: "varchar", length: "16" },
          { name: "notified_at", type: "datetime", isNullable: true },
          { name: "closed_at", type: "datetime", isNullable: true },
          { name: "closing_note", type: "text", isNullable: true },
          { name: "created_by", type: "varchar", length: "64" },
          { name: "created_at", type: "datetime" },
          { name: "updated_at", type: "datetime" },
        ],
        indices: [new TableIndex({ name: "idx_anju_breach_jur", columnNames: ["jurisdiction_code"] })],
      }), true);
      await qr.createTable(new Table({
        name: "anju_breach_subject",
        columns: [
          { name: "breach_id", type: "varchar", length: "36", isPrimary: true },
          { name: "subject_id", type: "varchar", length: "64", isPrimary: true },
          jurisdiction,
          { name: "kinds", type: "varchar", length: "200", isNullable: true },
          { name: "added_at", type: "datetime" },
        ],
        indices: [new TableIndex({ name: "idx_anju_breach_subject_jur", columnNames: ["jurisdiction_code"] })],
      }), true);
    },
    async down(qr) {
      await qr.dropTable("anju_breach_subject", true);
      await qr.dropTable("anju_breach", true);
    },
  },
];
