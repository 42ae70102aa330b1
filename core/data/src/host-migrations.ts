import { Table, TableColumn, TableIndex } from "typeorm";
import { longTextType, type Migration } from "./migrations.js";

const timestamps = [
  { name: "created_at", type: "datetime" },
  { name: "updated_at", type: "datetime" },
];

export const HOST_MIGRATIONS: Migration[] = [
  {
    name: "0001-host-tables",
    async up(qr, ds) {
      await qr.createTable(new Table({
        name: "anju_jurisdiction",
        columns: [
          { name: "code", type: "varchar", length: "32", isPrimary: true },
          { name: "name", type: "varchar", length: "100" },
          { name: "level", type: "varchar", length: "16" },
          { name: "parent_code", type: "varchar", length: "32", isNullable: true },
          { name: "path", type: "varchar", length: "400" },
          ...timestamps,
        ],
      }));
      await qr.createIndex("anju_jurisdiction", new TableIndex({ name: "idx_jur_parent", columnNames: ["parent_code"] }));
      await qr.createIndex("anju_jurisdiction", new TableIndex({ name: "idx_jur_path", columnNames: ["path"] }));
      await qr.createTable(new Table({
        name: "anju_plugin",
        columns: [
          { name: "id", type: "varchar", length: "64", isPrimary: true },
          { name: "version", type: "varchar", length: "64" },
          { name: "kind", type: "varchar", length: "16" },
          { name: "state", type: "varchar", length: "16" },
          { name: "error", type: "text", isNullable: true },
          { name: "manifest", type: longTextType(ds) },
          { name: "source", type: "varchar", length: "1024" },
          { name: "installed_at", type: "datetime" },
          { name: "updated_at", type: "datetime" },
        ],
      }));
      await qr.createTable(new Table({
        name: "anju_plugin_jurisdiction",
        columns: [
          { name: "plugin_id", type: "varchar", length: "64", isPrimary: true },
          { name: "jurisdiction_code", type: "varchar", length: "32", isPrimary: true },
          { name: "enabled", type: "boolean" },
          { name: "updated_at", type: "datetime" },
        ],
      }));
      await qr.createTable(new Table({
        name: "anju_plugin_setting",
        columns: [
          { name: "plugin_id", type: "varchar", length: "64", isPrimary: true },
          { name: "jurisdiction_code", type: "varchar", length: "32", isPrimary: true },
          { name: "value", type: longTextType(ds) },
          { name: "updated_at", type: "datetime" },
        ],
      }));
      await qr.createTable(new Table({
        name: "anju_meta",
        columns: [
          { name: "key", type: "varchar", length: "64", isPrimary: true },
          { name: "value", type: "varchar", length: "255" },
        ],
      }));
    },
    async down(qr) {
      for (const t of ["anju_meta", "anju_plugin_setting", "anju_plugin_jurisdiction", "anju_plugin", "anju_jurisdiction"]) await qr.dropTable(t, true);
    },
  },
  {
    // Where each installed plugin's package came from: verified signature (vendor, key),
    // built-in folder, or the development override (JSON, see PackageSignature in the kernel).
    name: "0002-plugin-signature",
    async up(qr) {
      await qr.addColumn("anju_plugin", new TableColumn({ name: "signature", type: "text", isNullable: true }));
    },
    async down(qr) {
      await qr.dropColumn("anju_plugin", "signature");
    },
  },
];
