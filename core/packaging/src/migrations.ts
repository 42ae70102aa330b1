/**
 * The trust store's table, owner "@packaging" in anju_migration. A removed key is kept with its
 * revocation time, so a package signed by it is refused as "revoked" (not "unknown") and the
 * history of who trusted what stays readable.
 */
import { Table, type DataSource } from "typeorm";
import { kindOf, longTextType, runMigrations, type Migration, type MigrationReport } from "@anju/data";
import { MIGRATION_OWNER, TRUST_TABLE } from "./constants.js";

export const PACKAGING_MIGRATIONS: Migration[] = [
  {
    name: "0001-trusted-keys",
    async up(qr, ds) {
      // Fingerprints compare byte for byte on MariaDB too (its default collation folds case).
      const bin = kindOf(ds) === "mysql" ? { charset: "utf8mb4", collation: "utf8mb4_bin" } : {};
      await qr.createTable(new Table({
        name: TRUST_TABLE,
        columns: [
          { name: "fingerprint", type: "varchar", length: "64", isPrimary: true, ...bin },
          { name: "vendor", type: "varchar", length: "64", ...bin },
          { name: "public_key", type: longTextType(ds) },
          { name: "added_by", type: "varchar", length: "64" },
          { name: "added_at", type: "datetime" },
          { name: "revoked_by", type: "varchar", length: "64", isNullable: true },
          { name: "revoked_at", type: "datetime", isNullable: true },
        ],
        indices: [{ name: "idx_anju_trusted_key_vendor", columnNames: ["vendor"] }],
      }));
    },
    async down(qr) {
      await qr.dropTable(TRUST_TABLE, true);
    },
  },
];

export function migratePackaging(ds: DataSource): Promise<MigrationReport> {
  return runMigrations(ds, MIGRATION_OWNER, PACKAGING_MIGRATIONS);
}
