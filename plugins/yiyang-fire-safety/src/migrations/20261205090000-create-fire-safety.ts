/**
 * The plugin's tables, with TypeORM's `Table` API so one migration serves SQLite and MariaDB.
 * Tenant tables carry `jurisdiction_code` and an index on it; the rental table's personal
 * information columns come from its PiFieldSet (ciphertext widths, the ID number's blind index).
 */
import { Table, type TableColumnOptions, type TableIndexOptions } from "typeorm";
import type { Migration } from "@anju/data";
import { RentalPi } from "../entities/index.js";

const id: TableColumnOptions = { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" };
const jurisdiction: TableColumnOptions = { name: "jurisdiction_code", type: "varchar", length: "32" };
const varchar = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: "varchar", length: String(length), isNullable: nullable });
const int = (name: string, nullable = false): TableColumnOptions => ({ name, type: "integer", isNullable: nullable });
const datetime = (name: string, nullable = false): TableColumnOptions => ({ name, type: "datetime", isNullable: nullable });
const index = (table: string, suffix: string, columnNames: string[]): TableIndexOptions => ({ name: `idx_${table}_${suffix}`, columnNames });

function tables(): Table[] {
  return [
    new Table({
      name: "yiyang_declaration",
      columns: [
        id, jurisdiction, int("community_id"), varchar("item", 32), int("quantity"), varchar("evidence_ref", 200), varchar("note", 500, true),
        varchar("declared_by", 64), datetime("declared_at"), datetime("revoked_at", true), varchar("revoked_by", 64, true),
      ],
      indices: [index("yiyang_declaration", "jur", ["jurisdiction_code"]), index("yiyang_declaration", "community_item", ["community_id", "item"])],
    }),
    new Table({
      name: "yiyang_notice",
      columns: [
        id, jurisdiction, int("community_id"), varchar("community_name", 100), varchar("title", 100), varchar("content", 2000), varchar("level", 16),
        datetime("valid_until"), varchar("published_by", 64), datetime("published_at"), datetime("withdrawn_at", true),
        varchar("withdrawn_by", 64, true), varchar("withdraw_reason", 200, true),
      ],
      indices: [index("yiyang_notice", "jur", ["jurisdiction_code"]), index("yiyang_notice", "community_valid", ["community_id", "valid_until"])],
    }),
    new Table({
      name: "yiyang_rental",
      columns: [
        id, jurisdiction, int("community_id"), int("building_id", true), int("unit_id", true), ...RentalPi.tableColumns(),
        varchar("starts_on", 10), varchar("ends_on", 10), varchar("registered_by", 64), datetime("created_at"), datetime("updated_at"),
      ],
      indices: [index("yiyang_rental", "jur", ["jurisdiction_code"]), index("yiyang_rental", "community", ["community_id"]), ...RentalPi.tableIndices("yiyang_rental")],
    }),
  ];
}

export const createFireSafety: Migration = {
  name: "20261205090000-create-fire-safety",
  async up(qr) {
    for (const t of tables()) await qr.createTable(t);
  },
  async down(qr) {
    for (const t of tables().reverse()) await qr.dropTable(t.name, true);
  },
};
