/**
 * Throwaway databases for tests: a temp SQLite file, or a fresh MariaDB database created on
 * `ANJU_TEST_MYSQL_URL` (server URL without a database) and dropped afterwards.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DataSource } from "typeorm";

export interface TestDatabase {
  url: string;
  kind: "sqlite" | "mysql";
  drop(): Promise<void>;
}

export async function createTestDatabase(kind: "sqlite" | "mysql"): Promise<TestDatabase> {
  const suffix = crypto.randomBytes(4).toString("hex");
  if (kind === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "anju-test-"));
    return { kind, url: `sqlite:${path.join(dir, "anju.sqlite")}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const server = process.env.ANJU_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306";
  const name = `anju_test_${Date.now().toString(36)}_${suffix}`;
  const admin = new DataSource({ type: "mysql", url: server, charset: "utf8mb4_unicode_ci" } as never);
  await admin.initialize();
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.destroy();
  return {
    kind,
    url: `${server.replace(/\/$/, "")}/${name}`,
    async drop() {
      const a = new DataSource({ type: "mysql", url: server } as never);
      await a.initialize();
      await a.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await a.destroy();
    },
  };
}
