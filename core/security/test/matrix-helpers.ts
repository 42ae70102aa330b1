/**
 * The tenant-isolation matrix's fixture: a node with the security modules and the community
 * plugin, two cities with one street each, the plugin's demo registry seeded in both, and one
 * property operator per city signed in with the session set to that city.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "vitest";
import { bootstrapAdmin } from "@anju/identity";
import type { RequestContext } from "@anju/kernel";
import { startTestNode, type TestNode } from "../../gateway/test/helpers.js";
import { securityModules } from "../src/index.js";

export const PLUGINS_DIR = path.resolve(__dirname, "../../../plugins");

/** The two cities of the matrix; each user's grant and session sit at its city. */
export const CITIES = {
  hefei: { city: "340100", county: "340104", street: "340104001", user: "hf-operator", password: "Hefei#2026-Prop" },
  tongling: { city: "340700", county: "340705", street: "340705001", user: "tl-operator", password: "Tongling#2026-Prop" },
} as const;
export type City = keyof typeof CITIES;
export const CITY_NAMES = Object.keys(CITIES) as City[];
export const other = (c: City): City => (c === "hefei" ? "tongling" : "hefei");

/** The community plugin's REST collections (plugins/community/src/routes.ts) and their list actions. */
export const RESOURCES = {
  communities: "community.communities.list",
  buildings: "community.buildings.list",
  units: "community.units.list",
  facilities: "community.facilities.list",
  devices: "community.devices.list",
  "access-points": "community.accessPoints.list",
} as const;
export type Resource = keyof typeof RESOURCES;
export const RESOURCE_NAMES = Object.keys(RESOURCES) as Resource[];

export interface Row { id: number; jurisdictionCode: string; communityId?: number; [k: string]: unknown }

export interface MatrixFixture {
  n: TestNode;
  cookies: Record<City, string>;
  /** Every seeded row per city and resource, read as the system within that city. */
  rows: Record<City, Record<Resource, Row[]>>;
  /** The stats each city's operator must see: the system's stats within that city. */
  stats: Record<City, unknown>;
  close(): Promise<void>;
}

const system = (jurisdiction: string | null): RequestContext => ({ principal: { id: "system", kind: "system" }, jurisdiction });

export async function startMatrix(kind: "sqlite" | "mysql"): Promise<MatrixFixture> {
  const installDir = fs.mkdtempSync(path.join(os.tmpdir(), "anju-matrix-plugins-"));
  const n = await startTestNode(kind, { plugins: { dirs: [PLUGINS_DIR], installDir, autoInstall: [], load: null, pollIntervalMs: 200 } }, securityModules());
  const j = n.host.jurisdictions;
  await j.add({ code: "340000", name: "安徽省", level: "province" });
  await j.add({ code: "340100", name: "合肥市", level: "city", parentCode: "340000" });
  await j.add({ code: "340104", name: "蜀山区", level: "county", parentCode: "340100" });
  await j.add({ code: "340104001", name: "三里庵街道", level: "street", parentCode: "340104" });
  await j.add({ code: "340700", name: "铜陵市", level: "city", parentCode: "340000" });
  await j.add({ code: "340705", name: "铜官区", level: "county", parentCode: "340700" });
  await j.add({ code: "340705001", name: "新城街道", level: "street", parentCode: "340705" });
  await n.host.plugins.install("community");
  await n.host.plugins.enable("community", "340000");
  await n.host.plugins.runDemos((action, params, jurisdiction) => n.host.call(action, params, system(jurisdiction ?? null)));

  const rows = {} as MatrixFixture["rows"];
  const stats = {} as MatrixFixture["stats"];
  for (const c of CITY_NAMES) {
    rows[c] = {} as Record<Resource, Row[]>;
    for (const r of RESOURCE_NAMES) {
      const page = await n.host.call<{ items: Row[] }>(RESOURCES[r], { pageSize: 100 }, system(CITIES[c].city));
      rows[c][r] = page.items;
    }
    stats[c] = await n.host.call("community.stats", {}, system(CITIES[c].city));
  }

  const cookies = {} as Record<City, string>;
  for (const c of CITY_NAMES) {
    const { city, user, password } = CITIES[c];
    // bootstrapAdmin grants "at every root"; the callback grants at the city instead.
    await bootstrapAdmin(n.host, {
      username: user, role: "property-operator", password,
      grant: (userId, role) => n.host.call("rbac.grant", { userId, role, jurisdiction: city }).then(() => true),
    });
    const login = await n.fetch("/api/auth/login", { method: "POST", json: { username: user, password } });
    expect(login.status, `${user} login: ${JSON.stringify(login.body)}`).toBe(200);
    cookies[c] = login.headers.get("set-cookie")!.split(";")[0];
    const sw = await n.fetch("/api/auth/jurisdiction", { method: "POST", json: { jurisdiction: city }, headers: { Cookie: cookies[c] } });
    expect(sw.status, `${user} switch to ${city}: ${JSON.stringify(sw.body)}`).toBe(200);
  }
  return {
    n, cookies, rows, stats,
    async close() {
      await n.close();
      fs.rmSync(installDir, { recursive: true, force: true });
    },
  };
}
