/**
 * Identity tables, owner "@identity". Users are host-level rows (not tenant tables): a user's
 * home jurisdiction is an attribute, what they may do where is RBAC's business. Users are never
 * deleted — they are disabled or offboarded — so audit records keep pointing at a row.
 * Lookup keys that must compare byte-for-byte (username key, digests) use utf8mb4_bin on
 * MariaDB; its default collation would treat `a` and `á` as one value.
 */
import { Table, type DataSource, type TableColumnOptions, type TableForeignKeyOptions } from "typeorm";
import { kindOf, runMigrations, type Migration, type MigrationReport } from "@anju/data";

export const IDENTITY_OWNER = "@identity";

const uuid = (name: string, primary = false): TableColumnOptions => ({ name, type: "varchar", length: "36", isPrimary: primary });
const varchar = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: "varchar", length: String(length), isNullable: nullable });
const datetime = (name: string, nullable = false): TableColumnOptions => ({ name, type: "datetime", isNullable: nullable });
const bool = (name: string): TableColumnOptions => ({ name, type: "boolean", default: 0 });
const int = (name: string, nullable = false): TableColumnOptions => ({ name, type: "integer", isNullable: nullable });
const serial: TableColumnOptions = { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" };

function binary(ds: DataSource, column: TableColumnOptions): TableColumnOptions {
  return kindOf(ds) === "mysql" ? { ...column, charset: "utf8mb4", collation: "utf8mb4_bin" } : column;
}

function userFk(table: string, onDelete: "RESTRICT" | "CASCADE" = "RESTRICT"): TableForeignKeyOptions {
  return { name: `fk_${table}_user`, columnNames: ["user_id"], referencedTableName: "anju_user", referencedColumnNames: ["id"], onDelete };
}

const TABLES = [
  "anju_staff_training", "anju_staff_pledge", "anju_offboarding", "anju_api_key", "anju_totp_recovery",
  "anju_session", "anju_password_history", "anju_login_throttle", "anju_user",
];

export const IDENTITY_MIGRATIONS: Migration[] = [
  {
    name: "0001-identity-tables",
    async up(qr, ds) {
      await qr.createTable(new Table({
        name: "anju_user",
        columns: [
          uuid("id", true),
          varchar("username", 64),
          binary(ds, varchar("username_key", 191)),
          varchar("display_name", 100, true),
          varchar("home_jurisdiction", 32, true),
          varchar("password_hash", 255),
          datetime("password_changed_at"),
          bool("must_change_password"),
          bool("disabled"),
          datetime("disabled_at", true),
          varchar("totp_secret", 255, true),
          varchar("totp_pending", 255, true),
          int("totp_last_step", true),
          datetime("created_at"),
          datetime("updated_at"),
        ],
        indices: [{ name: "uq_anju_user_key", columnNames: ["username_key"], isUnique: true }],
      }));
      // Keyed by username, not by user row: unknown names lock exactly like real ones, so a
      // lock reveals nothing about which accounts exist.
      await qr.createTable(new Table({
        name: "anju_login_throttle",
        columns: [
          { ...binary(ds, varchar("username_key", 191)), isPrimary: true },
          int("failures"),
          datetime("window_start", true),
          datetime("locked_until", true),
          datetime("updated_at"),
        ],
      }));
      await qr.createTable(new Table({
        name: "anju_password_history",
        columns: [serial, uuid("user_id"), varchar("password_hash", 255), datetime("created_at")],
        indices: [{ name: "idx_anju_pwhist_user", columnNames: ["user_id"] }],
        foreignKeys: [userFk("anju_password_history")],
      }));
      await qr.createTable(new Table({
        name: "anju_session",
        columns: [
          uuid("id", true),
          binary(ds, varchar("token_hash", 64)),
          uuid("user_id"),
          varchar("jurisdiction", 32, true),
          bool("needs_totp"),
          datetime("created_at"),
          datetime("last_seen_at"),
          datetime("expires_at"),
          varchar("ip", 64, true),
          varchar("user_agent", 255, true),
        ],
        indices: [
          { name: "uq_anju_session_token", columnNames: ["token_hash"], isUnique: true },
          { name: "idx_anju_session_user", columnNames: ["user_id"] },
        ],
        foreignKeys: [userFk("anju_session", "CASCADE")],
      }));
      await qr.createTable(new Table({
        name: "anju_totp_recovery",
        columns: [serial, uuid("user_id"), binary(ds, varchar("code_hash", 64)), datetime("used_at", true), datetime("created_at")],
        indices: [{ name: "idx_anju_totp_rec_user", columnNames: ["user_id"] }],
        foreignKeys: [userFk("anju_totp_recovery", "CASCADE")],
      }));
      await qr.createTable(new Table({
        name: "anju_api_key",
        columns: [
          uuid("id", true),
          uuid("user_id"),
          varchar("name", 100),
          varchar("prefix", 16),
          binary(ds, varchar("key_hash", 64)),
          datetime("created_at"),
          datetime("expires_at", true),
          datetime("last_used_at", true),
          datetime("revoked_at", true),
          varchar("revoked_by", 64, true),
        ],
        indices: [
          { name: "uq_anju_api_key_hash", columnNames: ["key_hash"], isUnique: true },
          { name: "idx_anju_api_key_user", columnNames: ["user_id"] },
        ],
        foreignKeys: [userFk("anju_api_key")],
      }));
      await qr.createTable(new Table({
        name: "anju_offboarding",
        columns: [
          uuid("id", true),
          uuid("user_id"),
          { name: "returned_keys", type: "text" },
          { name: "usb_keys", type: "text" },
          bool("pledge_signed"),
          varchar("note", 1000, true),
          int("api_keys_revoked"),
          int("sessions_ended"),
          varchar("performed_by", 64),
          datetime("performed_at"),
        ],
        indices: [{ name: "idx_anju_offboard_user", columnNames: ["user_id"] }],
        foreignKeys: [userFk("anju_offboarding")],
      }));
      await qr.createTable(new Table({
        name: "anju_staff_pledge",
        columns: [
          uuid("id", true), uuid("user_id"), varchar("kind", 32), varchar("signed_on", 10),
          varchar("document_ref", 200, true), varchar("note", 1000, true), varchar("recorded_by", 64), datetime("created_at"),
        ],
        indices: [{ name: "idx_anju_pledge_user", columnNames: ["user_id"] }],
        foreignKeys: [userFk("anju_staff_pledge")],
      }));
      await qr.createTable(new Table({
        name: "anju_staff_training",
        columns: [
          uuid("id", true), uuid("user_id"), varchar("course", 200), varchar("completed_on", 10), varchar("assessment", 16),
          int("score", true), varchar("note", 1000, true), varchar("recorded_by", 64), datetime("created_at"),
        ],
        indices: [{ name: "idx_anju_training_user", columnNames: ["user_id"] }],
        foreignKeys: [userFk("anju_staff_training")],
      }));
    },
    async down(qr) {
      for (const t of TABLES) await qr.dropTable(t, true, true, true);
    },
  },
];

/** Create or upgrade the identity tables (idempotent; recorded in anju_migration). */
export function migrateIdentity(ds: DataSource): Promise<MigrationReport> {
  return runMigrations(ds, IDENTITY_OWNER, IDENTITY_MIGRATIONS);
}
