import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Table, type DataSource, type EntityManager } from "typeorm";
import { createDataSource, createTestDatabase, HOST_ENTITIES, inTransactionContext, runInTransaction, runMigrations, type TestDatabase } from "../src/index.js";

const kinds = (process.env.ANJU_TEST_SKIP_MYSQL ? ["sqlite"] : ["sqlite", "mysql"]) as Array<"sqlite" | "mysql">;

/** Let other async work run between two statements (what a real module does when it awaits I/O). */
const yieldALittle = () => new Promise((r) => setTimeout(r, 3));

describe.each(kinds)("transactions on %s", (kind) => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    ds = await createDataSource({ url: db.url, entities: [...HOST_ENTITIES] });
    await runMigrations(ds, "test", [{
      name: "0001", async up(qr) {
        await qr.createTable(new Table({ name: "tx_note", columns: [
          { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          { name: "module", type: "varchar", length: "32" },
          { name: "n", type: "integer" },
        ] }));
      },
    }]);
  });
  afterAll(async () => { await ds?.destroy(); await db?.drop(); });
  afterEach(async () => { await ds.query("DELETE FROM tx_note"); });

  const insert = (db: DataSource | EntityManager, module: string, n: number) => db.query("INSERT INTO tx_note (module, n) VALUES (?, ?)", [module, n]);
  const rowsOf = async (module: string) =>
    ((await ds.query("SELECT n FROM tx_note WHERE module = ? ORDER BY n", [module])) as Array<{ n: number | string }>).map((r) => Number(r.n));

  it("two modules' concurrent transactions: the failing one leaves no row, the other keeps all of its rows", async () => {
    const alarms = ds.transaction(async (m) => {
      for (let n = 1; n <= 4; n++) {
        await insert(m, "alarms", n);
        await yieldALittle();
      }
    });
    const forms = ds.transaction(async (m) => {
      await insert(m, "forms", 1);
      await yieldALittle();
      await insert(m, "forms", 2);
      await yieldALittle();
      throw new Error("表单校验失败");
    });
    const uplink = ds.manager.transaction(async (m) => {
      await yieldALittle();
      await insert(m, "uplink", 1);
      await yieldALittle();
      await insert(m, "uplink", 2);
    });
    const [a, f, u] = await Promise.allSettled([alarms, forms, uplink]);
    expect(a.status).toBe("fulfilled");
    expect(f).toMatchObject({ status: "rejected", reason: { message: "表单校验失败" } });
    expect(u.status).toBe("fulfilled");
    expect(await rowsOf("alarms")).toEqual([1, 2, 3, 4]);
    expect(await rowsOf("forms")).toEqual([]);
    expect(await rowsOf("uplink")).toEqual([1, 2]);
  });

  it("a hand-driven query-runner transaction and a ds.transaction do not undo each other", async () => {
    const raw = (async () => {
      const qr = ds.createQueryRunner();
      try {
        await qr.startTransaction();
        await qr.query("INSERT INTO tx_note (module, n) VALUES (?, ?)", ["raw", 1]);
        await yieldALittle();
        await qr.query("INSERT INTO tx_note (module, n) VALUES (?, ?)", ["raw", 2]);
        await yieldALittle();
        throw new Error("raw fails");
      } catch (err) {
        await qr.rollbackTransaction();
        throw err;
      } finally {
        await qr.release();
      }
    })();
    const queued = runInTransaction(ds, async (m) => {
      await insert(m, "queued", 1);
      await yieldALittle();
      await insert(m, "queued", 2);
    });
    const [r, q] = await Promise.allSettled([raw, queued]);
    expect(r.status).toBe("rejected");
    expect(q.status).toBe("fulfilled");
    expect(await rowsOf("raw")).toEqual([]);
    expect(await rowsOf("queued")).toEqual([1, 2]);
  });

  it("a transaction opened inside a transaction joins it: the inner one's failure undoes only its own rows", async () => {
    await ds.transaction(async (m) => {
      expect(inTransactionContext(ds)).toBe(true);
      await insert(m, "outer", 1);
      // Through the DataSource, not the manager: still part of the open transaction (no deadlock).
      await ds.transaction(async (inner) => { await insert(inner, "inner", 1); });
      await expect(runInTransaction(ds, async (inner) => {
        await insert(inner, "inner", 2);
        throw new Error("inner fails");
      })).rejects.toThrow("inner fails");
      // Two side by side inside the transaction take turns.
      await Promise.all([
        runInTransaction(ds, async (x) => { await insert(x, "sibling", 1); await yieldALittle(); await insert(x, "sibling", 2); }),
        runInTransaction(ds, async (x) => { await insert(x, "sibling", 3); await yieldALittle(); await insert(x, "sibling", 4); }),
      ]);
      // A query runner started inside joins as well.
      const qr = ds.createQueryRunner();
      if (kind === "sqlite") {
        await qr.startTransaction();
        await qr.query("INSERT INTO tx_note (module, n) VALUES (?, ?)", ["inner", 3]);
        await qr.commitTransaction();
      }
      await qr.release();
      await insert(m, "outer", 2);
    });
    expect(inTransactionContext(ds)).toBe(false);
    expect(await rowsOf("outer")).toEqual([1, 2]);
    expect(await rowsOf("inner")).toEqual(kind === "sqlite" ? [1, 3] : [1]);
    expect(await rowsOf("sibling")).toEqual([1, 2, 3, 4]);
  });

  it("an outer transaction that fails takes its nested transactions with it", async () => {
    await expect(ds.transaction(async (m) => {
      await insert(m, "outer", 1);
      await runInTransaction(ds, async (inner) => { await insert(inner, "inner", 1); });
      throw new Error("outer fails");
    })).rejects.toThrow("outer fails");
    expect(await rowsOf("outer")).toEqual([]);
    expect(await rowsOf("inner")).toEqual([]);
    // The DataSource is usable afterwards.
    await ds.transaction((m) => insert(m, "after", 1));
    expect(await rowsOf("after")).toEqual([1]);
  });

  it("a plain read from outside while a transaction is open does not wait for it, nor does one inside it", async () => {
    let readDone!: () => void;
    const outsideRead = new Promise<void>((r) => { readDone = r; });
    const tx = ds.transaction(async (m) => {
      await insert(m, "tx", 1);
      // The callback waits for a read made outside the transaction: if that read queued behind
      // this transaction, neither would ever finish.
      setTimeout(() => {
        void ds.query("SELECT COUNT(*) AS n FROM anju_migration").then(() => readDone());
      }, 0);
      await outsideRead;
      const inside = (await ds.query("SELECT COUNT(*) AS n FROM anju_migration")) as Array<{ n: number | string }>;
      expect(Number(inside[0].n)).toBeGreaterThan(0);
      await insert(m, "tx", 2);
    });
    await tx;
    expect(await rowsOf("tx")).toEqual([1, 2]);
  });

  it("many concurrent transactions, every other one failing, keep exactly the successful ones' rows", async () => {
    const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => ds.transaction(async (m) => {
      await insert(m, `m${i}`, 1);
      await yieldALittle();
      await insert(m, `m${i}`, 2);
      if (i % 2) throw new Error(`m${i} fails`);
    })));
    for (let i = 0; i < 12; i++) {
      expect(results[i].status).toBe(i % 2 ? "rejected" : "fulfilled");
      expect(await rowsOf(`m${i}`)).toEqual(i % 2 ? [] : [1, 2]);
    }
  });
});
