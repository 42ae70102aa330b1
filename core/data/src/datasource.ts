/**
 * A TypeORM DataSource from one URL: `sqlite:<file>` (better-sqlite3, WAL) or
 * `mysql://user:pass@host:port/db` (mysql2, utf8mb4). `synchronize` is never used: schema
 * comes from recorded migrations only.
 */
import fs from "node:fs";
import path from "node:path";
import { DataSource, type DataSourceOptions, type EntitySchema } from "typeorm";
import { DataErrors } from "./errors.js";
import { TenantGuard } from "./tenant/guard.js";
import { installTransactionQueue } from "./transactions.js";

export type DbKind = "sqlite" | "mysql";

export interface CreateDataSourceOptions {
  url: string;
  entities: EntitySchema[];
  logging?: boolean;
}

export function dbKindOf(url: string): DbKind {
  if (url.startsWith("sqlite:")) return "sqlite";
  if (url.startsWith("mysql://") || url.startsWith("mariadb://")) return "mysql";
  throw DataErrors.DB_URL_INVALID({ url: redactUrl(url) });
}

/** Never print a password. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, "$1***@");
}

function sqliteOptions(url: string): DataSourceOptions {
  const file = url.slice("sqlite:".length);
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  return {
    type: "better-sqlite3",
    database: file,
    enableWAL: true,
    // Writers wait for each other instead of failing with SQLITE_BUSY (CLI + server on one file).
    prepareDatabase: (db: { pragma(s: string): unknown }) => {
      db.pragma("busy_timeout = 5000");
      db.pragma("foreign_keys = ON");
    },
  };
}

function mysqlOptions(url: string): DataSourceOptions {
  let parsed: URL;
  try {
    parsed = new URL(url.replace(/^mariadb:/, "mysql:"));
  } catch {
    throw DataErrors.DB_URL_INVALID({ url: redactUrl(url) });
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
  if (!database) throw DataErrors.DB_URL_INVALID({ url: redactUrl(url) });
  return {
    type: "mysql",
    host: parsed.hostname,
    port: Number(parsed.port || 3306),
    username: decodeURIComponent(parsed.username || "root"),
    password: decodeURIComponent(parsed.password),
    database,
    charset: "utf8mb4_unicode_ci",
    timezone: "Z",
    // Store and read DATETIME as UTC; the driver must not shift it.
    dateStrings: false,
    extra: { connectionLimit: 10 },
  };
}

export async function createDataSource(options: CreateDataSourceOptions): Promise<DataSource> {
  const kind = dbKindOf(options.url);
  const base = kind === "sqlite" ? sqliteOptions(options.url) : mysqlOptions(options.url);
  const ds = new DataSource({
    ...base,
    entities: options.entities,
    subscribers: [TenantGuard],
    synchronize: false,
    migrationsRun: false,
    logging: options.logging ?? false,
  } as DataSourceOptions);
  try {
    await ds.initialize();
  } catch (err) {
    throw DataErrors.DB_UNAVAILABLE({ reason: (err as Error).message });
  }
  // ds.transaction / ds.manager.transaction: queued on SQLite, re-entrant on both (transactions.ts).
  installTransactionQueue(ds);
  return ds;
}

export function kindOf(ds: DataSource): DbKind {
  return ds.options.type === "mysql" ? "mysql" : "sqlite";
}
