/**
 * Shared pieces of the kernel's lifecycle and bad-input suites: fixture paths, a small
 * jurisdiction tree, request contexts, database probes (does a table exist, what rows are
 * there) and throwaway plugin packages written to a temp folder.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach } from "vitest";
import type { DataSource } from "typeorm";
import { asSystem, kindOf } from "@anju/data";
import type { AnjuError } from "@anju/errors";
import type { AnjuHost } from "../src/host.js";
import type { RequestContext } from "../src/context/request-context.js";
import { createTestHost, type TestHost, type TestHostOptions } from "../src/testing.js";

export const FIXTURES = path.join(__dirname, "fixtures");

/** Absolute path of a fixture folder, e.g. `fixture("upgrade", "hello-1.1.0")`. */
export function fixture(...parts: string[]): string {
  return path.join(FIXTURES, ...parts);
}

// The tree every suite uses (340000 → 340100 → 340102/340103, 340000 → 340700 → 340705).
export { TREE, seedTree } from "../src/testing.js";
import { seedTree } from "../src/testing.js";

export function user(jurisdiction: string, id = "u1"): RequestContext {
  return { principal: { id, kind: "user", name: `用户 ${id}` }, jurisdiction };
}

/**
 * A fresh test host (own database, dropped afterwards) with the tree seeded, recreated before
 * each test of the calling `describe`. Read `.t` inside tests.
 */
export function useTestHost(options: () => TestHostOptions): { readonly t: TestHost; readonly host: AnjuHost } {
  let current: TestHost | undefined;
  beforeEach(async () => {
    current = await createTestHost(options());
    await seedTree(current.host);
  });
  afterEach(async () => {
    await current?.stop();
    current = undefined;
  });
  return {
    get t() { return current!; },
    get host() { return current!.host; },
  };
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<AnjuError> {
  try {
    await promise;
  } catch (err) {
    return err as AnjuError;
  }
  throw new Error("expected the call to be refused, but it succeeded");
}

/** Raw SQL as the system (host maintenance scope), so plugin tenant tables can be inspected. */
export function sql<T = Record<string, unknown>>(ds: DataSource, text: string, params: unknown[] = []): Promise<T[]> {
  return asSystem("test inspection", () => ds.query(text, params));
}

/** Asks the database's own catalogue whether a table exists. */
export async function tableExists(ds: DataSource, table: string): Promise<boolean> {
  const rows = kindOf(ds) === "mysql"
    ? await sql(ds, "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?", [table])
    : await sql(ds, "SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?", [table]);
  return rows.length > 0;
}

export async function migrationsOf(ds: DataSource, owner: string): Promise<string[]> {
  const rows = await sql<{ name: string }>(ds, "SELECT name FROM anju_migration WHERE owner = ? ORDER BY name", [owner]);
  return rows.map((r) => r.name);
}

export async function enablementRows(ds: DataSource, pluginId: string): Promise<Array<{ jurisdiction: string; enabled: boolean }>> {
  const rows = await sql<{ jurisdiction_code: string; enabled: number | boolean }>(ds,
    "SELECT jurisdiction_code, enabled FROM anju_plugin_jurisdiction WHERE plugin_id = ? ORDER BY jurisdiction_code", [pluginId]);
  return rows.map((r) => ({ jurisdiction: r.jurisdiction_code, enabled: Boolean(Number(r.enabled)) }));
}

export async function metaValue(ds: DataSource, key: string): Promise<string | null> {
  const q = kindOf(ds) === "mysql" ? "`" : '"';
  const rows = await sql<{ value: string }>(ds, `SELECT value FROM anju_meta WHERE ${q}key${q} = ?`, [key]);
  return rows[0]?.value ?? null;
}

/**
 * Everything the plugin host persists, for "nothing changed" assertions. The generation counter
 * in anju_meta is left out: a refused step may still bump it (harmless, it only makes nodes re-read).
 */
export async function persistedState(ds: DataSource): Promise<Record<string, unknown[]>> {
  return {
    plugins: await sql(ds, "SELECT id, version, state, error, source FROM anju_plugin ORDER BY id"),
    enablement: await sql(ds, "SELECT plugin_id, jurisdiction_code, enabled FROM anju_plugin_jurisdiction ORDER BY plugin_id, jurisdiction_code"),
    settings: await sql(ds, "SELECT plugin_id, jurisdiction_code, value FROM anju_plugin_setting ORDER BY plugin_id, jurisdiction_code"),
    migrations: await sql(ds, "SELECT owner, name FROM anju_migration ORDER BY owner, name"),
    jurisdictions: await sql(ds, "SELECT code, name, level, parent_code, path FROM anju_jurisdiction ORDER BY code"),
  };
}

// ── throwaway plugin packages ───────────────────────────────────────────────

/** A valid manifest ("anju" block) to start a variant from. */
export function validManifest(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, kind: "feature", displayName: { "zh-CN": `测试 ${id}`, en: `Test ${id}` }, host: "^1.0.0", ...extra };
}

/** Temp folders removed after each test of the calling `describe`. */
export function useTempDirs(): () => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "anju-fixture-"));
    made.push(dir);
    return dir;
  };
}

/**
 * Writes `<root>/<folder>/package.json` with the given "anju" block and a dependency-free
 * entry module (`index.js`, so it loads from any folder). Returns the package folder.
 */
export function writePluginPackage(root: string, folder: string, anju: Record<string, unknown>, options: { version?: string } = {}): string {
  const dir = path.join(root, folder);
  fs.mkdirSync(dir, { recursive: true });
  const pkg = { name: `@anju-test/${folder}`, version: options.version ?? "1.0.0", private: true, anju: { main: "index.js", ...anju } };
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(pkg, null, 2));
  fs.writeFileSync(path.join(dir, "index.js"), "module.exports = { services: [] };\n");
  return dir;
}
