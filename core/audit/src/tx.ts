/**
 * One chain operation (append a batch, purge) is written once, as a generator of SQL steps, and
 * run by one of two drivers:
 *  - SQLite: synchronously on better-sqlite3's own handle inside `BEGIN IMMEDIATE`. TypeORM's
 *    SQLite driver shares one connection between all query runners, so an async transaction
 *    there would swallow unrelated queries issued by other requests in between (and roll them
 *    back with ours). Run synchronously, nothing can interleave; another process holding the
 *    write lock is waited for by busy_timeout and retried here.
 *  - MySQL/MariaDB: a pooled connection, `START TRANSACTION`, and the chain-head row read
 *    `FOR UPDATE`, which serialises appends of every node sharing the database. Deadlocks and
 *    lock-wait timeouts are retried.
 */
import type { DataSource } from "typeorm";
import { kindOf } from "@anju/data";

export type Op =
  | { kind: "all"; sql: string; params: unknown[]; lock?: boolean }
  | { kind: "run"; sql: string; params: unknown[] };

export type Steps<T> = Generator<Op, T, unknown>;

/** `const rows = yield* all<Row>(sql, params)`; `lock` adds FOR UPDATE on MySQL (SQLite already holds the write lock). */
export function* all<R>(sql: string, params: unknown[] = [], lock = false): Generator<Op, R[], unknown> {
  return (yield { kind: "all", sql, params, lock }) as R[];
}

/** Rows changed. */
export function* run(sql: string, params: unknown[] = []): Generator<Op, number, unknown> {
  return (yield { kind: "run", sql, params }) as number;
}

interface SqliteStatement {
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): { changes: number };
}
interface SqliteDb {
  prepare(sql: string): SqliteStatement;
  transaction<F extends () => unknown>(fn: F): { immediate(): ReturnType<F> };
  inTransaction: boolean;
}

const statements = new WeakMap<SqliteDb, Map<string, SqliteStatement>>();

function prepared(db: SqliteDb, sql: string): SqliteStatement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let st = cache.get(sql);
  if (!st) cache.set(sql, (st = db.prepare(sql)));
  return st;
}

function driveSync<T>(db: SqliteDb, steps: Steps<T>): T {
  let r = steps.next();
  while (!r.done) {
    const op = r.value;
    const value = op.kind === "all" ? prepared(db, op.sql).all(...op.params) : prepared(db, op.sql).run(...op.params).changes;
    r = steps.next(value);
  }
  return r.value;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class ChainBusyError extends Error {}

function isSqliteBusy(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === "string" && (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"));
}

async function runSqlite<T>(ds: DataSource, make: () => Steps<T>, waitMs: number): Promise<T> {
  const db = (ds.driver as unknown as { databaseConnection: SqliteDb }).databaseConnection;
  const deadline = Date.now() + waitMs;
  for (;;) {
    // A TypeORM transaction is open on the shared connection: joining it would make our rows
    // vanish if it rolls back, so wait for it to end.
    if (!db.inTransaction) {
      try {
        return db.transaction(() => driveSync(db, make())).immediate();
      } catch (err) {
        if (!isSqliteBusy(err) || Date.now() > deadline) throw err;
      }
    } else if (Date.now() > deadline) {
      throw new ChainBusyError("the SQLite connection stayed inside another transaction");
    }
    await sleep(2);
  }
}

function isMysqlRetryable(err: unknown): boolean {
  const e = err as { errno?: number; driverError?: { errno?: number } };
  const errno = e.driverError?.errno ?? e.errno;
  return errno === 1213 || errno === 1205; // deadlock, lock wait timeout
}

async function runMysql<T>(ds: DataSource, make: () => Steps<T>, attempts: number): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const qr = ds.createQueryRunner("master");
    try {
      await qr.connect();
      await qr.startTransaction();
      const steps = make();
      let r = steps.next();
      while (!r.done) {
        const op = r.value;
        const sql = op.kind === "all" && op.lock ? `${op.sql} FOR UPDATE` : op.sql;
        const res = await qr.query(sql, op.params, true) as { records: unknown[]; affected?: number };
        r = steps.next(op.kind === "all" ? res.records : (res.affected ?? 0));
      }
      await qr.commitTransaction();
      return r.value;
    } catch (err) {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      if (!isMysqlRetryable(err) || attempt >= attempts) throw err;
      await sleep(5 * attempt);
    } finally {
      await qr.release();
    }
  }
}

/** Run the steps atomically with the chain lock semantics of the database kind. */
export function runChainTx<T>(ds: DataSource, make: () => Steps<T>): Promise<T> {
  return kindOf(ds) === "sqlite" ? runSqlite(ds, make, 10_000) : runMysql(ds, make, 5);
}
