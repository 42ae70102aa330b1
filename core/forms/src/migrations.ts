/**
 * Forms tables, owner "@forms", recorded in anju_migration like every other owner's (never
 * `synchronize`). Definitions are host-level rows (a plugin's base form has no jurisdiction;
 * `scope` is `*` for it, the owning jurisdiction's code otherwise); submissions and their files
 * are tenant rows with `jurisdiction_code`. JSON documents are long text (MariaDB's TEXT stops
 * at 64 KiB, a schema may be 256 KiB).
 */
import { Table, type DataSource, type TableColumnOptions } from "typeorm";
import { kindOf, longTextType, runMigrations, type Migration, type MigrationReport } from "@anju/data";
import { MIGRATION_OWNER } from "./constants.js";

const id = (name = "id", primary = true): TableColumnOptions => ({ name, type: "varchar", length: "36", isPrimary: primary });
const varchar = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: "varchar", length: String(length), isNullable: nullable });
const int = (name: string, nullable = false): TableColumnOptions => ({ name, type: "integer", isNullable: nullable });
const datetime = (name: string, nullable = false): TableColumnOptions => ({ name, type: "datetime", isNullable: nullable });

function text(ds: DataSource, name: string, nullable = false): TableColumnOptions {
  return { name, type: longTextType(ds), isNullable: nullable };
}

/** Keys and hashes compare byte for byte on MariaDB (its default collation folds case and accents). */
function binary(ds: DataSource, column: TableColumnOptions): TableColumnOptions {
  return kindOf(ds) === "mysql" ? { ...column, charset: "utf8mb4", collation: "utf8mb4_bin" } : column;
}

const TABLES = ["anju_form_file", "anju_form_submission", "anju_form_extension_revision", "anju_form_extension", "anju_form_version", "anju_form"];

export const FORMS_MIGRATIONS: Migration[] = [
  {
    name: "0001-forms-tables",
    async up(qr, ds) {
      await qr.createTable(new Table({
        name: "anju_form",
        columns: [
          id(), binary(ds, varchar("form_key", 160)), varchar("scope", 32), varchar("plugin_id", 64, true),
          varchar("created_by", 64), datetime("created_at"), datetime("updated_at"),
        ],
        indices: [
          { name: "uq_anju_form_key_scope", columnNames: ["form_key", "scope"], isUnique: true },
          { name: "idx_anju_form_plugin", columnNames: ["plugin_id"] },
        ],
      }));
      await qr.createTable(new Table({
        name: "anju_form_version",
        columns: [
          id(), id("form_id", false), int("version"), varchar("state", 16),
          varchar("title_zh", 200), varchar("title_en", 200),
          text(ds, "schema_json"), text(ds, "uischema_json", true), varchar("content_hash", 64),
          varchar("plugin_version", 64, true),
          varchar("created_by", 64), datetime("created_at"), datetime("updated_at"),
          varchar("published_by", 64, true), datetime("published_at", true),
        ],
        indices: [{ name: "uq_anju_form_version", columnNames: ["form_id", "version"], isUnique: true }],
        foreignKeys: [{ name: "fk_anju_form_version_form", columnNames: ["form_id"], referencedTableName: "anju_form", referencedColumnNames: ["id"], onDelete: "CASCADE" }],
      }));
      await qr.createTable(new Table({
        name: "anju_form_extension",
        columns: [
          id(), id("form_id", false), varchar("jurisdiction_code", 32), int("revision"), varchar("status", 16),
          text(ds, "delta_json"), int("base_version"), varchar("parent_hash", 64),
          text(ds, "effective_schema"), text(ds, "effective_uischema", true), varchar("effective_hash", 64),
          text(ds, "conflicts_json", true), varchar("updated_by", 64), datetime("updated_at"),
        ],
        indices: [
          { name: "uq_anju_form_ext", columnNames: ["form_id", "jurisdiction_code"], isUnique: true },
          { name: "idx_anju_form_ext_status", columnNames: ["status"] },
        ],
        foreignKeys: [{ name: "fk_anju_form_ext_form", columnNames: ["form_id"], referencedTableName: "anju_form", referencedColumnNames: ["id"], onDelete: "CASCADE" }],
      }));
      await qr.createTable(new Table({
        name: "anju_form_extension_revision",
        columns: [
          id("form_id"), { ...varchar("jurisdiction_code", 32), isPrimary: true }, { ...int("revision"), isPrimary: true },
          varchar("reason", 16), text(ds, "delta_json"), int("base_version"),
          text(ds, "effective_schema"), text(ds, "effective_uischema", true), varchar("effective_hash", 64),
          varchar("created_by", 64), datetime("created_at"),
        ],
        foreignKeys: [{ name: "fk_anju_form_extrev_form", columnNames: ["form_id"], referencedTableName: "anju_form", referencedColumnNames: ["id"], onDelete: "CASCADE" }],
      }));
      await qr.createTable(new Table({
        name: "anju_form_submission",
        columns: [
          id(), id("form_id", false), varchar("form_key", 160), id("version_id", false), int("form_version"),
          varchar("extension_jurisdiction", 32, true), int("extension_revision", true), varchar("schema_hash", 64),
          varchar("jurisdiction_code", 32), text(ds, "data_json"), varchar("submitted_by", 64), datetime("created_at"),
        ],
        indices: [
          { name: "idx_anju_form_sub_jur", columnNames: ["jurisdiction_code"] },
          { name: "idx_anju_form_sub_form", columnNames: ["form_id", "created_at"] },
        ],
        foreignKeys: [
          { name: "fk_anju_form_sub_form", columnNames: ["form_id"], referencedTableName: "anju_form", referencedColumnNames: ["id"] },
          { name: "fk_anju_form_sub_version", columnNames: ["version_id"], referencedTableName: "anju_form_version", referencedColumnNames: ["id"] },
        ],
      }));
      await qr.createTable(new Table({
        name: "anju_form_file",
        columns: [
          id(), id("submission_id", false), varchar("jurisdiction_code", 32), varchar("field_path", 500),
          binary(ds, varchar("sha256", 64)), varchar("type", 16), varchar("mime", 64), int("size"), varchar("name", 255),
          datetime("created_at"),
        ],
        indices: [
          { name: "idx_anju_form_file_sub", columnNames: ["submission_id"] },
          { name: "idx_anju_form_file_sha", columnNames: ["sha256"] },
        ],
        foreignKeys: [{ name: "fk_anju_form_file_sub", columnNames: ["submission_id"], referencedTableName: "anju_form_submission", referencedColumnNames: ["id"], onDelete: "CASCADE" }],
      }));
    },
    async down(qr) {
      for (const t of TABLES) await qr.dropTable(t, true, true, true);
    },
  },
];

/** Create or upgrade the forms tables (idempotent; recorded in anju_migration). */
export function migrateForms(ds: DataSource): Promise<MigrationReport> {
  return runMigrations(ds, MIGRATION_OWNER, FORMS_MIGRATIONS);
}
