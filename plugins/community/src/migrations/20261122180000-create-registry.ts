/**
 * The community registry's six tables. Written with TypeORM's `Table` API so one migration
 * serves SQLite and MariaDB. Every table carries `jurisdiction_code` (the community's node) and
 * an index on it; foreign keys keep children from outliving their parent (the services refuse
 * such deletes first with a coded error; the keys are the backstop).
 */
import { Table, type TableColumnOptions, type TableForeignKeyOptions, type TableIndexOptions } from "typeorm";
import type { Migration } from "@anju/data";

const id: TableColumnOptions = { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" };
const jurisdiction: TableColumnOptions = { name: "jurisdiction_code", type: "varchar", length: "32" };
const timestamps: TableColumnOptions[] = [
  { name: "created_at", type: "datetime" },
  { name: "updated_at", type: "datetime" },
];
const varchar = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: "varchar", length: String(length), isNullable: nullable });
const int = (name: string, nullable = false): TableColumnOptions => ({ name, type: "integer", isNullable: nullable });

function fk(table: string, column: string, target: string): TableForeignKeyOptions {
  return { name: `fk_${table}_${column}`, columnNames: [column], referencedTableName: target, referencedColumnNames: ["id"], onDelete: "RESTRICT" };
}

function index(table: string, suffix: string, columnNames: string[], isUnique = false): TableIndexOptions {
  return { name: `${isUnique ? "uq" : "idx"}_${table}_${suffix}`, columnNames, isUnique };
}

function table(name: string, columns: TableColumnOptions[], indices: TableIndexOptions[], foreignKeys: TableForeignKeyOptions[] = []): Table {
  return new Table({ name, columns: [id, ...columns, jurisdiction, ...timestamps], indices, foreignKeys });
}

const TABLES: Table[] = [
  table("community_community", [
    varchar("street_code", 32),
    varchar("name", 100),
    varchar("address", 200, true),
    varchar("community_class", 16),
    int("build_year", true),
    varchar("property_company", 100, true),
    varchar("custodian", 100, true),
    varchar("custodian_phone", 32, true),
    varchar("maintainer", 100, true),
    varchar("maintainer_phone", 32, true),
  ], [
    // One community row per community node.
    index("community_community", "jur", ["jurisdiction_code"], true),
    index("community_community", "street_name", ["street_code", "name"], true),
    index("community_community", "class", ["community_class"]),
  ]),
  table("community_building", [int("community_id"), varchar("name", 100), int("floors", true)], [
    index("community_building", "jur", ["jurisdiction_code"]),
    index("community_building", "community_name", ["community_id", "name"], true),
  ], [fk("community_building", "community_id", "community_community")]),
  table("community_unit", [int("community_id"), int("building_id"), varchar("name", 100), int("households", true)], [
    index("community_unit", "jur", ["jurisdiction_code"]),
    index("community_unit", "community", ["community_id"]),
    index("community_unit", "building_name", ["building_id", "name"], true),
  ], [fk("community_unit", "community_id", "community_community"), fk("community_unit", "building_id", "community_building")]),
  table("community_facility", [
    int("community_id"),
    varchar("type", 32),
    varchar("name", 100),
    varchar("location", 200, true),
    varchar("status", 16),
    varchar("installed_on", 10, true),
  ], [
    index("community_facility", "jur", ["jurisdiction_code"]),
    index("community_facility", "community", ["community_id"]),
    index("community_facility", "jur_type", ["jurisdiction_code", "type"]),
    index("community_facility", "jur_status", ["jurisdiction_code", "status"]),
  ], [fk("community_facility", "community_id", "community_community")]),
  table("community_device", [
    int("community_id"),
    int("facility_id", true),
    varchar("name", 100),
    varchar("vendor", 100),
    varchar("model", 100, true),
    varchar("serial_no", 64),
    varchar("online_state", 16),
    { name: "last_seen_at", type: "datetime", isNullable: true },
  ], [
    index("community_device", "jur", ["jurisdiction_code"]),
    index("community_device", "community_serial", ["community_id", "serial_no"], true),
    index("community_device", "facility", ["facility_id"]),
    index("community_device", "jur_online", ["jurisdiction_code", "online_state"]),
  ], [fk("community_device", "community_id", "community_community"), fk("community_device", "facility_id", "community_facility")]),
  table("community_access_point", [
    int("community_id"),
    int("building_id", true),
    int("unit_id", true),
    int("device_id", true),
    varchar("name", 100),
    varchar("kind", 32),
    varchar("credentials", 100),
  ], [
    index("community_access_point", "jur", ["jurisdiction_code"]),
    index("community_access_point", "community", ["community_id"]),
    // T3 asks "which access points accept face only": one equality on this column.
    index("community_access_point", "jur_credentials", ["jurisdiction_code", "credentials"]),
  ], [
    fk("community_access_point", "community_id", "community_community"),
    fk("community_access_point", "building_id", "community_building"),
    fk("community_access_point", "unit_id", "community_unit"),
    fk("community_access_point", "device_id", "community_device"),
  ]),
];

export const createRegistry: Migration = {
  name: "20261122180000-create-registry",
  async up(qr) {
    for (const t of TABLES) await qr.createTable(t);
  },
  async down(qr) {
    for (const t of [...TABLES].reverse()) await qr.dropTable(t.name, true);
  },
};
