/**
 * The plugin as a real node runs it: security modules (RBAC grants from the manifest's roles,
 * sessions, the audit trail) and the console's navigation, over HTTP through the gateway. Users
 * get their permissions only through grants at their jurisdiction: the county official at
 * 弋阳县, the police officer and the resident at their community.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@anju/data";
import { consoleModule } from "@anju/console-server";
import { startNode, type RunningNode } from "@anju/gateway";
import { bootstrapAdmin } from "@anju/identity";
import { loadConfig, systemContext } from "@anju/kernel";
import { testDbKinds } from "@anju/kernel/testing";
import { CommunityActions as C } from "@anju/plugin-community";
import { securityModules } from "@anju/security";
import { setClock } from "../src/clock.js";
import { beijing, PLUGIN, PLUGINS_DIR, seedTree, TREE } from "./helpers.js";

const USERS = {
  official: { role: "yiyang-county-official", password: "Yiyang#2026-Xianji" },
  police: { role: "yiyang-community-police", password: "Yiyang#2026-Jingwu" },
  resident: { role: "yiyang-resident", password: "Yiyang#2026-Jumin8" },
  neighbour: { role: "yiyang-community-police", password: "Yiyang#2026-Linju8" },
} as const;
type User = keyof typeof USERS;

const RENTAL = {
  address: "江西省上饶市弋阳县弋江镇志敏大道8号", landlordName: "王建国", landlordPhone: "13907930001", tenantName: "李晓梅",
  tenantIdNumber: "361126199001010028", tenantPhone: "13807930002", startsOn: "2022-03-01", endsOn: "2023-02-28",
};

describe.each(testDbKinds())("over HTTP with RBAC on %s (Y6, Y7)", (kind) => {
  let db: TestDatabase;
  let dataDir: string;
  let node: RunningNode;
  let home: { id: number; jurisdictionCode: string };
  let next: { id: number; jurisdictionCode: string };
  const cookies = {} as Record<User, string>;
  const ids = {} as Record<User, string>;

  async function api(user: User, method: string, pathname: string, json?: unknown): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- bodies vary
    const res = await fetch(node.url + pathname, {
      method, headers: { Cookie: cookies[user], ...(json === undefined ? {} : { "Content-Type": "application/json" }) },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    return { status: res.status, body: await res.json() };
  }

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "anju-yy-http-"));
    const config = loadConfig({ env: {}, overrides: {
      dataDir, db: { url: db.url, logging: false }, broker: { requestTimeout: 5000, logLevel: "error" },
      http: { port: 0, host: "127.0.0.1", bodyLimit: "1mb", enabled: true },
      plugins: { dirs: [PLUGINS_DIR], installDir: path.join(dataDir, "plugins"), autoInstall: [], load: null, pollIntervalMs: 200 },
      demo: { seed: false },
    } });
    node = await startNode({ config, consoleDir: null, modules: [...securityModules(), consoleModule()] });
    await seedTree(node.host);
    await node.host.plugins.install("community");
    await node.host.plugins.enable("community", TREE.province);
    await node.host.plugins.install(PLUGIN);
    await node.host.plugins.enable(PLUGIN, TREE.yiyang);
    setClock(node.host.broker, () => beijing("2022-01-05 10:00:00"));
    const create = (name: string) => node.host.call<{ id: number; jurisdictionCode: string }>(C.communities.create, {
      name, streetCode: TREE.yijiang, buildYear: 2010, custodian: "弋阳物业", maintainer: "弋阳科技",
    }, systemContext(TREE.yijiang));
    home = await create("志敏花园");
    next = await create("弋江新村");
    const at: Record<User, string> = { official: TREE.yiyang, police: home.jurisdictionCode, resident: home.jurisdictionCode, neighbour: next.jurisdictionCode };
    for (const [name, { role, password }] of Object.entries(USERS) as Array<[User, (typeof USERS)[User]]>) {
      const made = await bootstrapAdmin(node.host, { username: name, role, password, grant: (userId, r) => node.host.call("rbac.grant", { userId, role: r, jurisdiction: at[name] }).then(() => true) });
      await node.host.ds.query("UPDATE anju_user SET home_jurisdiction = ? WHERE id = ?", [at[name], made.userId]);
      ids[name] = made.userId;
      const login = await fetch(`${node.url}/api/auth/login`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ username: name, password }) });
      expect(login.status, name).toBe(200);
      cookies[name] = login.headers.get("set-cookie")!.split(";")[0];
      expect((await api(name, "POST", "/api/auth/jurisdiction", { jurisdiction: at[name] })).status, name).toBe(200);
    }
  });
  afterAll(async () => {
    await node?.stop().catch(() => undefined);
    await db?.drop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("Y7: the officer registers a rental (masked answer, audited); the next community's officer gets 404; the resident may not read it; a bad ID number is a coded 422", async () => {
    const created = await api("police", "POST", "/api/yiyang-fire-safety/rentals", { communityId: home.id, ...RENTAL });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    expect(created.body).toMatchObject({ tenantName: "李**", tenantIdNumber: "361***********0028", tenantPhone: "138****0002" });
    expect((await api("neighbour", "GET", `/api/yiyang-fire-safety/rentals/${created.body.id}`)).status).toBe(404);
    expect((await api("resident", "GET", `/api/yiyang-fire-safety/rentals/${created.body.id}`)).status).toBe(403);
    expect((await api("official", "GET", `/api/yiyang-fire-safety/rentals/${created.body.id}`)).body).toMatchObject({ tenantName: "李**" });
    const bad = await api("police", "POST", "/api/yiyang-fire-safety/rentals", { communityId: home.id, ...RENTAL, tenantIdNumber: "361126199001010027" });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toContain("YIYANG_ID_NUMBER_INVALID");
    const rows: Array<{ action: string; user_id: string }> = await node.host.ds.query("SELECT action, user_id FROM anju_audit WHERE action LIKE 'yiyang-fire-safety.rental.%' ORDER BY seq");
    expect(rows).toEqual([{ action: "yiyang-fire-safety.rental.create", user_id: ids.police }]);
  });

  it("Y7: a warning the officer publishes reaches the resident; the next community sees nothing", async () => {
    const published = await api("police", "POST", "/api/yiyang-fire-safety/notices", {
      communityId: home.id, title: "春节燃放烟花爆竹防火提示", content: "请在指定区域燃放，远离车棚和楼道。", level: "warning", validUntil: "2022-01-10T00:00:00+08:00",
    });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    const mine = await api("resident", "GET", "/api/yiyang-fire-safety/notices/current");
    expect(mine.body.items.map((n: { title: string }) => n.title)).toEqual(["春节燃放烟花爆竹防火提示"]);
    expect((await api("neighbour", "GET", "/api/yiyang-fire-safety/notices/current")).body.total).toBe(0);
    expect((await api("resident", "POST", "/api/yiyang-fire-safety/notices", {})).status).toBe(403);
  });

  it("Y6: after 2021 the county's 0% is off target on the board; the console shows each person the pages their grant covers", async () => {
    const board = await api("official", "GET", "/api/yiyang-fire-safety/progress/overview");
    expect(board.body).toMatchObject({ communities: { total: 2 }, builtPercent: 0, targetPercent: 50, status: "off-target", offTargetStreets: 1 });
    const pagesOf = async (user: User) => (await api(user, "GET", "/api/console/nav")).body.pages
      .filter((p: { plugin: string }) => p.plugin === PLUGIN).map((p: { key: string }) => p.key).sort();
    expect(await pagesOf("resident")).toEqual(["notices-current"]);
    expect(await pagesOf("official")).toEqual([
      "alarm-stats", "alarms", "communities", "community-board", "county-access-events", "county-alarms", "county-authorisations", "county-readings", "declarations", "notices-current", "overview", "rentals", "streets", "streets-chart",
    ]);
    expect(await pagesOf("police")).toEqual(["alarm-stats", "alarms", "communities", "community-board", "county-access-events", "county-alarms", "county-authorisations", "county-readings", "declarations", "notice-publish", "notices", "notices-current", "overview", "rental-register", "rentals", "streets", "streets-chart"]);
    const nav = (await api("official", "GET", "/api/console/nav")).body;
    expect(nav.widgets.filter((w: { plugin?: string; key: string }) => w.key === "off-target-streets")).toHaveLength(1);
  });
});
