/**
 * The same workflow as a real node runs it: security modules (RBAC grants from the manifest's
 * roles, sessions, audit trail), forms and the console's navigation, over HTTP through the
 * gateway. Users get their permissions only through grants at their jurisdiction.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@anju/data";
import { consoleModule } from "@anju/console-server";
import { formsModule } from "@anju/forms";
import { startNode, type RunningNode } from "@anju/gateway";
import { bootstrapAdmin } from "@anju/identity";
import { loadConfig, systemContext } from "@anju/kernel";
import { testDbKinds, waitFor } from "@anju/kernel/testing";
import { securityModules } from "@anju/security";
import { setClock } from "../src/clock.js";
import { AUTHOR, PLUGIN, PLUGINS_DIR, TREE, beijing, seedTree } from "./helpers.js";

const USERS = {
  reporter: { role: "tongling-county-reporter", at: TREE.tongguan, password: "Tongguan#2026-Report" },
  reviewer: { role: "tongling-city-reviewer", at: TREE.tongling, password: "Tongling#2026-Review" },
  housing: { role: "tongling-housing-viewer", at: TREE.tongling, password: "Zhujian#2026-Viewer" },
} as const;
type User = keyof typeof USERS;

describe.each(testDbKinds())("over HTTP with RBAC on %s", (kind) => {
  let db: TestDatabase;
  let dataDir: string;
  let node: RunningNode;
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
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "anju-tl-http-"));
    const config = loadConfig({ env: {}, overrides: {
      dataDir, db: { url: db.url, logging: false }, broker: { requestTimeout: 5000, logLevel: "error" },
      http: { port: 0, host: "127.0.0.1", bodyLimit: "1mb", enabled: true },
      plugins: { dirs: [PLUGINS_DIR], installDir: path.join(dataDir, "plugins"), autoInstall: [], load: null, pollIntervalMs: 200 },
      demo: { seed: false },
    } });
    node = await startNode({ config, consoleDir: null, modules: [...securityModules(), formsModule(), consoleModule()] });
    await seedTree(node.host);
    await node.host.plugins.install("community");
    await node.host.plugins.enable("community", TREE.province);
    await node.host.plugins.install(PLUGIN);
    await node.host.plugins.enable(PLUGIN, TREE.tongling);
    await waitFor("the report form", () => node.host.call("forms.get", { key: "tongling-reporting.monthly-report" }, systemContext(TREE.tongguan)).then(() => true), 20_000);
    setClock(node.host.broker, () => beijing("2021-05-20 10:00:00"));
    for (const [name, { role, at, password }] of Object.entries(USERS) as Array<[User, (typeof USERS)[User]]>) {
      const made = await bootstrapAdmin(node.host, { username: name, role, password, grant: (userId, r) => node.host.call("rbac.grant", { userId, role: r, jurisdiction: at }).then(() => true) });
      await node.host.ds.query("UPDATE anju_user SET home_jurisdiction = ? WHERE id = ?", [at, made.userId]);
      ids[name] = made.userId;
      const login = await fetch(`${node.url}/api/auth/login`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ username: name, password }) });
      expect(login.status, name).toBe(200);
      cookies[name] = login.headers.get("set-cookie")!.split(";")[0];
      const sw = await api(name, "POST", "/api/auth/jurisdiction", { jurisdiction: at });
      expect(sw.status, `${name} → ${at}`).toBe(200);
    }
  });
  afterAll(async () => {
    await node?.stop().catch(() => undefined);
    await db?.drop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("T4/T5: the county files, the city returns, the county refiles, the city accepts, housing only reads — each what its grant allows", async () => {
    const base = "/api/tongling-reporting/reports";
    const created = await api("reporter", "POST", base, { period: "2021-05", ...AUTHOR });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const id = created.body.id;
    expect((await api("reporter", "POST", `${base}/${id}/submit`)).body).toMatchObject({ status: "submitted", timeliness: "on-time" });
    // The reporter's grant does not include reviewing; the viewer's includes no writing (T5).
    expect((await api("reporter", "POST", `${base}/${id}/accept`, {})).status).toBe(403);
    expect((await api("housing", "POST", base, { period: "2021-05" })).status).toBe(403);
    expect((await api("housing", "GET", `${base}/${id}`)).body).toMatchObject({ id, status: "submitted" });
    expect((await api("reviewer", "POST", `${base}/${id}/return`, { comment: "请补充。" })).body).toMatchObject({ status: "returned" });
    expect((await api("reporter", "PATCH", `${base}/${id}`, { nextSteps: "已补充。" })).status).toBe(200);
    expect((await api("reporter", "POST", `${base}/${id}/submit`)).body).toMatchObject({ status: "submitted", revision: 2 });
    expect((await api("reviewer", "POST", `${base}/${id}/accept`, {})).body).toMatchObject({ status: "accepted" });
    const board = await api("reviewer", "GET", "/api/tongling-reporting/board/status?period=2021-05");
    expect(board.body.items.map((r: { countyCode: string; status: string }) => [r.countyCode, r.status])).toEqual([[TREE.tongguan, "on-time"], [TREE.zongyang, "pending"]]);
    // Every transition is in the host's audit trail, by the person who made it.
    const rows: Array<{ action: string; user_id: string }> = await node.host.ds.query(
      "SELECT action, user_id FROM anju_audit WHERE action LIKE 'tongling-reporting.report.%' AND result = 'success' ORDER BY seq");
    expect(rows.map((r) => r.action.split(".").pop())).toEqual(["create", "submit", "return", "update", "resubmit", "accept"]);
    expect(rows.map((r) => r.user_id)).toEqual([ids.reporter, ids.reporter, ids.reviewer, ids.reporter, ids.reporter, ids.reviewer]);
  });

  it("T4/T5: the board's xlsx and a report's PDF download through the gateway with their Chinese file names; a county reporter may not export", async () => {
    const get = (user: User, pathname: string) => fetch(node.url + pathname, { headers: { Cookie: cookies[user] } });
    const xlsx = await get("housing", "/api/tongling-reporting/board/export?period=2021-05");
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(xlsx.headers.get("content-disposition")).toBe(`attachment; filename="monthly-board-2021-05.xlsx"; filename*=UTF-8''${encodeURIComponent("铜陵市月报看板-2021-05.xlsx")}`);
    // An xlsx is a zip: "PK".
    expect(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString()).toBe("PK");
    expect((await get("reporter", "/api/tongling-reporting/board/export?period=2021-05")).status).toBe(403);

    const { body } = await api("reviewer", "GET", "/api/tongling-reporting/reports?period=2021-05");
    const pdf = await get("reviewer", `/api/tongling-reporting/reports/${body.items[0].id}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(decodeURIComponent(pdf.headers.get("content-disposition")!.split("UTF-8''")[1])).toBe("铜官区公安局智慧安防小区建设进展月度报告（2021年5月）.pdf");
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");
    expect((await get("reviewer", "/api/tongling-reporting/reports/99999/pdf")).status).toBe(404);
  });

  it("T5: the console shows each person the pages their grant covers (the read-only department sees the board, not the inbox)", async () => {
    const pagesOf = async (user: User) => (await api(user, "GET", "/api/console/nav")).body.pages
      .filter((p: { plugin: string }) => p.plugin === PLUGIN).map((p: { key: string }) => p.key).sort();
    expect(await pagesOf("reviewer")).toEqual(["board", "board-status", "findings", "notifications", "progress", "report", "reports", "trend"]);
    expect(await pagesOf("reporter")).toEqual(["findings", "notifications", "progress", "report", "reports"]);
    expect(await pagesOf("housing")).toEqual(["board", "board-status", "findings", "progress", "report", "reports", "trend"]);
  });
});
