/**
 * Access control (issue #8): access points name their registered device (`device_code`, a
 * core/devices code); devices get a building/unit placement; resident authorisations and
 * access events get their tables. PI columns (encrypted, with blind indexes) come from the
 * entities' PiFieldSets, so the migration and the entity cannot disagree. Device codes compare
 * byte for byte on MariaDB, as in `anju_device` (its default collation would fold A1 and a1).
 */
import { Table, TableColumn, TableIndex, type TableColumnOptions, type TableForeignKeyOptions } from "typeorm";
import { kindOf, type Migration } from "@anju/data";
import { AccessEventPi } from "../entities/access-event.entity.js";
import { AuthorisationPi } from "../entities/authorisation.entity.js";

const id: TableColumnOptions = { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" };
const jurisdiction: TableColumnOptions = { name: "jurisdiction_code", type: "varchar", length: "32" };
const varchar = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: "varchar", length: String(length), isNullable: nullable });
const int = (name: string, nullable = false): TableColumnOptions => ({ name, type: "integer", isNullable: nullable });
const ms = (name: string, nullable = false): TableColumnOptions => ({ name, type: "bigint", isNullable: nullable });
const timestamps: TableColumnOptions[] = [{ name: "created_at", type: "datetime" }, { name: "updated_at", type: "datetime" }];

function fk(table: string, column: string, target: string): TableForeignKeyOptions {
  return { name: `fk_${table}_${column}`, columnNames: [column], referencedTableName: target, referencedColumnNames: ["id"], onDelete: "RESTRICT" };
}

const PLACEMENT = "community_device_placement";
const AUTHORISATION = "community_authorisation";
const ACCESS_EVENT = "community_access_event";
const ACCESS_POINT = "community_access_point";

export const accessControl: Migration = {
  name: "20261210090000-access-control",
  async up(qr, ds) {
    const code = (name: string, nullable: boolean, primary = false): TableColumnOptions => ({
      ...varchar(name, 64, nullable), ...(primary ? { isPrimary: true } : {}),
      ...(kindOf(ds) === "mysql" ? { charset: "utf8mb4", collation: "utf8mb4_bin" } : {}),
    });
    await qr.addColumn(ACCESS_POINT, new TableColumn(code("device_code", true)));
    await qr.createIndex(ACCESS_POINT, new TableIndex({ name: "idx_community_access_point_device", columnNames: ["device_code"] }));

    await qr.createTable(new Table({
      name: PLACEMENT,
      columns: [code("device_code", false, true), int("community_id"), int("building_id"), int("unit_id", true), jurisdiction, ...timestamps],
      indices: [
        { name: `idx_${PLACEMENT}_jur`, columnNames: ["jurisdiction_code"] },
        { name: `idx_${PLACEMENT}_community`, columnNames: ["community_id", "building_id"] },
      ],
      foreignKeys: [fk(PLACEMENT, "community_id", "community_community"), fk(PLACEMENT, "building_id", "community_building"), fk(PLACEMENT, "unit_id", "community_unit")],
    }));

    await qr.createTable(new Table({
      name: AUTHORISATION,
      columns: [
        id, int("community_id"), int("building_id", true), int("unit_id", true), ...AuthorisationPi.tableColumns(),
        varchar("subject", 16), varchar("credential", 16), ms("valid_from"), ms("valid_to", true), varchar("status", 16),
        ms("revoked_at", true), int("revision"), varchar("created_by", 64), jurisdiction, ...timestamps,
      ],
      indices: [
        { name: `idx_${AUTHORISATION}_jur`, columnNames: ["jurisdiction_code"] },
        { name: `idx_${AUTHORISATION}_community`, columnNames: ["community_id", "status"] },
        ...AuthorisationPi.tableIndices(AUTHORISATION),
      ],
      foreignKeys: [fk(AUTHORISATION, "community_id", "community_community"), fk(AUTHORISATION, "building_id", "community_building"), fk(AUTHORISATION, "unit_id", "community_unit")],
    }));

    await qr.createTable(new Table({
      name: ACCESS_EVENT,
      columns: [
        id, int("community_id"), int("access_point_id", true), code("device_code", true), varchar("kind", 16), varchar("subject", 16),
        varchar("direction", 8, true), varchar("method", 16), varchar("outcome", 16), ...AccessEventPi.tableColumns(),
        int("authorisation_id", true), { name: "registered", type: "boolean" }, varchar("capture_ref", 500, true),
        varchar("source_event_id", 128), ms("occurred_at"), ms("received_at"), jurisdiction,
      ],
      indices: [
        // Re-sent events are recognised by the vendor's id within the community.
        { name: `uq_${ACCESS_EVENT}_source`, columnNames: ["community_id", "source_event_id"], isUnique: true },
        { name: `idx_${ACCESS_EVENT}_jur_time`, columnNames: ["jurisdiction_code", "occurred_at"] },
        { name: `idx_${ACCESS_EVENT}_community_time`, columnNames: ["community_id", "occurred_at"] },
        { name: `idx_${ACCESS_EVENT}_device_time`, columnNames: ["device_code", "occurred_at"] },
        ...AccessEventPi.tableIndices(ACCESS_EVENT),
      ],
      foreignKeys: [fk(ACCESS_EVENT, "community_id", "community_community"), fk(ACCESS_EVENT, "access_point_id", ACCESS_POINT)],
    }));
  },
  async down(qr) {
    for (const t of [ACCESS_EVENT, AUTHORISATION, PLACEMENT]) await qr.dropTable(t, true);
    const points = await qr.getTable(ACCESS_POINT);
    if (points?.indices.some((i) => i.name === "idx_community_access_point_device")) await qr.dropIndex(ACCESS_POINT, "idx_community_access_point_device");
    if (points?.findColumnByName("device_code")) await qr.dropColumn(ACCESS_POINT, "device_code");
  },
};
