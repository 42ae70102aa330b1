/**
 * The policy table (Casbin's `ptype, v0..v5` layout, plus the domain for filtered loads and
 * the source so a plugin's rules can be told from an administrator's) and the generation
 * counter other nodes poll. Owner "@rbac".
 */
import { Table, TableIndex } from "typeorm";
import type { DataSource } from "typeorm";
import { kindOf, runMigrations, type Migration, type MigrationReport } from "@anju/data";
import { GENERATION_KEY } from "./generation.js";

export const POLICY_TABLE = "anju_policy";
export const MIGRATION_OWNER = "@rbac";

const vcol = (name: string, length: string) => ({ name, type: "varchar", length, isNullable: false, default: "''" });

export const RBAC_MIGRATIONS: Migration[] = [
  {
    name: "0001-policy-table",
    async up(qr, ds) {
      await qr.createTable(new Table({
        name: POLICY_TABLE,
        columns: [
          { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          { name: "ptype", type: "varchar", length: "8" },
          // v0..v2 hold user ids, role and permission codes, jurisdiction codes; v3..v5 are spare.
          vcol("v0", "128"), vcol("v1", "128"), vcol("v2", "128"),
          vcol("v3", "64"), vcol("v4", "64"), vcol("v5", "64"),
          { name: "domain", type: "varchar", length: "32" },
          { name: "source", type: "varchar", length: "80", default: "'admin'" },
          { name: "created_at", type: "datetime" },
        ],
      }));
      // A rule exists once: two nodes adding it at the same time leave one row.
      await qr.createIndex(POLICY_TABLE, new TableIndex({ name: "uq_policy_rule", columnNames: ["ptype", "v0", "v1", "v2", "v3", "v4", "v5"], isUnique: true }));
      await qr.createIndex(POLICY_TABLE, new TableIndex({ name: "idx_policy_domain", columnNames: ["domain"] }));
      await qr.createIndex(POLICY_TABLE, new TableIndex({ name: "idx_policy_subject", columnNames: ["ptype", "v0"] }));
      const q = kindOf(ds) === "mysql" ? "`" : '"';
      await qr.query(`DELETE FROM anju_meta WHERE ${q}key${q} = ?`, [GENERATION_KEY]);
      await qr.query(`INSERT INTO anju_meta (${q}key${q}, value) VALUES (?, ?)`, [GENERATION_KEY, "0"]);
    },
    async down(qr, ds) {
      await qr.dropTable(POLICY_TABLE, true);
      const q = kindOf(ds) === "mysql" ? "`" : '"';
      await qr.query(`DELETE FROM anju_meta WHERE ${q}key${q} = ?`, [GENERATION_KEY]);
    },
  },
];

/** Create or update the RBAC tables. Idempotent; called by `install(host)` and the service's start. */
export function migrate(ds: DataSource): Promise<MigrationReport> {
  return runMigrations(ds, MIGRATION_OWNER, RBAC_MIGRATIONS);
}
