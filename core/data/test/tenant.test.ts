import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Table, type DataSource } from "typeorm";
import {
  createDataSource, createTestDatabase, defineTenantEntity, HOST_ENTITIES, HOST_MIGRATIONS, runMigrations,
  tenantRepository, asSystem, dbTimestamp, type TestDatabase,
} from "../src/index.js";

interface Note { id: number; jurisdictionCode: string; text: string }
const NoteEntity = defineTenantEntity<Note>({
  name: "TestNote", tableName: "test_note",
  columns: { id: { type: "integer", primary: true, generated: "increment" }, text: { type: "varchar", length: 200 } },
});

const kinds = (process.env.ANJU_TEST_SKIP_MYSQL ? ["sqlite"] : ["sqlite", "mysql"]) as Array<"sqlite" | "mysql">;

describe.each(kinds)("tenant scoping on %s", (kind) => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    ds = await createDataSource({ url: db.url, entities: [...HOST_ENTITIES, NoteEntity] });
    await runMigrations(ds, "@host", HOST_MIGRATIONS);
    await runMigrations(ds, "test", [{
      name: "0001", async up(qr) {
        await qr.createTable(new Table({ name: "test_note", columns: [
          { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          { name: "text", type: "varchar", length: "200" },
          { name: "jurisdiction_code", type: "varchar", length: "32" },
        ] }));
      },
    }]);
    const now = dbTimestamp();
    for (const [code, parent, path] of [["340000", null, "/340000/"], ["340100", "340000", "/340000/340100/"], ["340700", "340000", "/340000/340700/"]]) {
      await ds.query("INSERT INTO anju_jurisdiction (code, name, level, parent_code, path, created_at, updated_at) VALUES (?,?,?,?,?,?,?)", [code, code, "x", parent, path, now, now]);
    }
  });
  afterAll(async () => { await ds?.destroy(); await db?.drop(); });

  it("refuses an unscoped query on a tenant table", async () => {
    await expect(ds.getRepository(NoteEntity).find()).rejects.toMatchObject({ type: "TENANT_SCOPE_REQUIRED" });
    await expect(ds.query("SELECT * FROM `test_note`".replace(/`/g, kind === "mysql" ? "`" : '"'))).rejects.toMatchObject({ type: "TENANT_SCOPE_REQUIRED" });
  });

  it("keeps refusing unscoped queries after the scope storage switches itself off, and scopes work again", async () => {
    const hefei = tenantRepository(ds, NoteEntity, { jurisdiction: "340100" });
    await hefei.count();
    // The storage switches off one second after the last scope ends (to spare Node 20's
    // promise hooks on requests that never touch a tenant table).
    await new Promise((r) => setTimeout(r, 1200));
    await expect(ds.getRepository(NoteEntity).find()).rejects.toMatchObject({ type: "TENANT_SCOPE_REQUIRED" });
    expect(await hefei.count()).toBe(0);
    await expect(asSystem("test", () => ds.getRepository(NoteEntity).count())).resolves.toBe(0);
  });

  it("answers another jurisdiction's record as not found, and a parent sees its subtree", async () => {
    const hefei = tenantRepository(ds, NoteEntity, { jurisdiction: "340100" });
    const tongling = tenantRepository(ds, NoteEntity, { jurisdiction: "340700" });
    const anhui = tenantRepository(ds, NoteEntity, { jurisdiction: "340000" });
    const a = await hefei.insert({ text: "合肥的记录" } as Note);
    await tongling.insert({ text: "铜陵的记录" } as Note);
    expect(await hefei.count()).toBe(1);
    expect((await hefei.find()).map((n) => n.text)).toEqual(["合肥的记录"]);
    await expect(tongling.getBy({ id: a.id })).rejects.toMatchObject({ type: "TENANT_OUT_OF_SCOPE", code: 404 });
    await expect(tongling.delete({ id: a.id })).rejects.toMatchObject({ type: "TENANT_OUT_OF_SCOPE" });
    expect(await anhui.count()).toBe(2);
    // A write cannot place a record outside the scope.
    await expect(hefei.insert({ text: "x", jurisdictionCode: "340700" } as Note)).rejects.toMatchObject({ type: "TENANT_OUT_OF_SCOPE" });
    await expect(hefei.update({ id: a.id }, { jurisdictionCode: "340700" })).rejects.toMatchObject({ type: "TENANT_OUT_OF_SCOPE" });
    // Within the scope, update and delete go through (the guard sees the jurisdiction key).
    const updated = await hefei.update({ id: a.id }, { text: "合肥的记录（改）" });
    expect(updated.text).toBe("合肥的记录（改）");
    const temp = await hefei.insert({ text: "临时" } as Note);
    await hefei.delete({ id: temp.id });
    expect(await hefei.findOneBy({ id: temp.id })).toBeNull();
    const rows = await asSystem("test", () => ds.getRepository(NoteEntity).find());
    expect(rows.map((r) => r.jurisdictionCode).sort()).toEqual(["340100", "340700"]);
  });
});
