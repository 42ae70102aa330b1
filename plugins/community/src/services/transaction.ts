/**
 * One transaction in a jurisdiction's tenant scope. Every statement inside must name
 * `jurisdiction_code` (the tenant guard checks); the work sees its own writes through `qr`.
 *
 * better-sqlite3 hands every caller the same connection: two transactions open at once would
 * nest as savepoints and end in the wrong order, so this plugin's transactions queue per
 * DataSource there (MariaDB gives each query runner its own connection).
 */
import type { DataSource, QueryRunner } from "typeorm";
import { withTenantScope } from "@anju/data";

const queues = new WeakMap<DataSource, Promise<unknown>>();

function serialised<T>(ds: DataSource, work: () => Promise<T>): Promise<T> {
  if (ds.options.type !== "better-sqlite3") return work();
  const previous = queues.get(ds) ?? Promise.resolve();
  const next = previous.then(work, work);
  queues.set(ds, next.catch(() => undefined));
  return next;
}

export function tenantTransaction<T>(ds: DataSource, jurisdiction: string, fn: (qr: QueryRunner) => Promise<T>): Promise<T> {
  return serialised(ds, () => withTenantScope(jurisdiction, async () => {
    const qr = ds.createQueryRunner();
    await qr.connect();
    try {
      await qr.startTransaction();
      const out = await fn(qr);
      await qr.commitTransaction();
      return out;
    } catch (err) {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      await qr.release();
    }
  }));
}
