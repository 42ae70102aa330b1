import net from "node:net";
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { exitOf, nextJsonEvent, PLUGINS, workspace, type Workspace } from "./helpers.js";

// Every step starts `anju` as a process, which is slow on a busy machine (suites running side by side).
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

/** `cookie` is a session cookie (`anju_sid=…`) or an API key (`anju_…`). */
async function get(url: string, credential?: string): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies vary per endpoint
  const headers: Record<string, string> = !credential ? {} : credential.includes("=") ? { Cookie: credential } : { Authorization: `Bearer ${credential}` };
  const res = await fetch(url, { headers });
  return { status: res.status, body: await res.json() };
}

async function post(url: string, body: unknown, cookie?: string): Promise<{ status: number; body: any; cookie?: string }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies vary per endpoint
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...(cookie ? { Cookie: cookie } : {}) }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json(), cookie: res.headers.get("set-cookie")?.split(";")[0] };
}

const NEW_PASSWORD = "Anhui#2026-secure";

/** Sign in with a one-time password, change it as the first sign-in requires, and return the session cookie. */
async function firstSignIn(url: string, username: string, password: string): Promise<string> {
  const login = await post(`${url}/api/auth/login`, { username, password });
  expect(login.status).toBe(200);
  expect(login.body.mustChangePassword).toBe(true);
  // Until the password is changed the session can do nothing else.
  expect((await get(`${url}/api/jurisdictions`, login.cookie)).status).toBe(403);
  const changed = await post(`${url}/api/auth/password`, { currentPassword: password, newPassword: NEW_PASSWORD }, login.cookie);
  expect(changed.status).toBe(200);
  return changed.cookie ?? login.cookie!;
}

describe("anju start (embedded default, first start with demo data)", () => {
  let ws: Workspace;
  let child: ChildProcess;
  let started: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- the started event's JSON

  beforeAll(async () => {
    // The repo's real plugins: community is auto-installed and seeds its demo registry.
    ws = await workspace("sqlite", { ANJU_DEMO: "true", ANJU_PLUGIN_DIRS: PLUGINS });
    child = ws.spawn(["start", "--json"]);
    started = await nextJsonEvent(child, "started");
  }, 180_000);
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill("SIGKILL");
    await ws?.close();
  });

  it("serves /api/health with 200 on the port it reports", async () => {
    expect(started).toMatchObject({ profile: "embedded", database: expect.stringContaining(ws.dataDir) });
    expect(started.url).toBe(`http://127.0.0.1:${started.port}`);
    const health = await get(`${started.url}/api/health`);
    expect(health.status).toBe(200);
    expect(health.body.status).toBe("ok");
    expect(health.body.plugins).toEqual(expect.arrayContaining([expect.objectContaining({ id: "community", state: "installed" })]));
  });

  it("says where devices publish: the embedded MQTT broker's port, which accepts connections (another port when 1883 is taken)", async () => {
    const m = /^mqtt:\/\/localhost:(\d+)（内置 embedded）$/.exec(String(started.mqtt));
    expect(m, String(started.mqtt)).not.toBeNull();
    await new Promise<void>((resolve, reject) => {
      const socket = net.connect(Number(m![1]), "127.0.0.1", () => { socket.end(); resolve(); });
      socket.once("error", reject);
    });
  });

  it("creates the three administrators with one-time passwords and no default password", async () => {
    const admins = started.admins as Array<{ username: string; role: string; password?: string; created: boolean }>;
    expect(admins.map((a) => [a.username, a.role, a.created])).toEqual([
      ["admin", "system-admin", true], ["secadmin", "security-admin", true], ["auditadmin", "audit-admin", true],
    ]);
    for (const a of admins) expect(a.password).toMatch(/^.{16,}$/);
    // A guessable default is refused like any wrong password.
    expect((await post(`${started.url}/api/auth/login`, { username: "admin", password: "admin" })).status).toBe(401);
  });

  it("seeds Anhui → Hefei / Tongling → a district → a street (and Jiangxi → 弋阳县), readable by the admin after the first sign-in", async () => {
    expect(started.demo).toMatchObject({ seeded: true, enabled: ["community"], cities: [{ plugin: "tongling-reporting", city: "340700" }, { plugin: "yiyang-fire-safety", city: "361126" }] });
    expect([...(started.demo as { plugins: string[] }).plugins].sort()).toEqual(["community", "tongling-reporting", "yiyang-fire-safety"]);
    const admin = (started.admins as Array<{ username: string; password: string }>).find((a) => a.username === "admin")!;
    const cookie = await firstSignIn(started.url, "admin", admin.password);
    const r = await get(`${started.url}/api/jurisdictions`, cookie);
    expect(r.status).toBe(200);
    const byCode = Object.fromEntries(r.body.map((j: { code: string; name: string }) => [j.code, j.name]));
    expect(byCode).toMatchObject({ 340000: "安徽省", 340100: "合肥市", 340700: "铜陵市", 340104: "蜀山区", 340705: "铜官区", 340104001: "三里庵街道" });
    expect(r.body.find((j: { code: string }) => j.code === "340705001")).toMatchObject({ level: "street", parentCode: "340705" });
    // Separation of duties: the system administrator runs the platform, not the registry.
    expect((await get(`${started.url}/api/community/communities`, cookie)).status).toBe(403);
  });

  it("serves the demo registry to a property operator created with `anju user create` while the node runs, phones masked", async () => {
    const made = await ws.run(["user", "create", "wang.wu", "-j", "340000", "--role", "property-operator", "--name", "王五", "--json"]);
    expect(made.code, made.stderr).toBe(0);
    const cookie = await firstSignIn(started.url, "wang.wu", made.json.password);
    // The grant was written by another process: the node picks it up within its polling interval.
    let communities = await get(`${started.url}/api/community/communities`, cookie);
    for (let i = 0; i < 40 && communities.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 250));
      communities = await get(`${started.url}/api/community/communities`, cookie);
    }
    expect(communities.status).toBe(200);
    const items = communities.body.items as Array<{ id: number; custodianPhone: string | null }>;
    expect(items.length).toBeGreaterThanOrEqual(2);
    const withPhone = items.find((c) => c.custodianPhone);
    expect(withPhone?.custodianPhone).toContain("****");
    for (const what of ["buildings", "facilities", "devices"]) {
      const r = await get(`${started.url}/api/community/communities/${items[0].id}/${what}`, cookie);
      expect(r.status, what).toBe(200);
      expect((r.body.items ?? r.body).length, what).toBeGreaterThan(0);
    }
  });

  it("accepts an API key issued by `anju user apikey`, scoped to the account's jurisdiction", async () => {
    const made = await ws.run(["user", "create", "li.si", "-j", "340700", "--role", "jurisdiction-admin", "--json"]);
    expect(made.code, made.stderr).toBe(0);
    const issued = await ws.run(["user", "apikey", "li.si", "--name", "报表脚本", "--json"]);
    expect(issued.code, issued.stderr).toBe(0);
    expect(issued.json.key).toMatch(/^anju_/);
    let r = await get(`${started.url}/api/jurisdictions`, issued.json.key);
    for (let i = 0; i < 40 && r.status !== 200; i++) {
      await new Promise((res) => setTimeout(res, 250));
      r = await get(`${started.url}/api/jurisdictions`, issued.json.key);
    }
    expect(r.status).toBe(200);
    // Acting for Tongling, the key sees Tongling's subtree only.
    const codes = r.body.map((j: { code: string }) => j.code);
    expect(codes).toEqual(expect.arrayContaining(["340700", "340705", "340705001"]));
    expect(codes.every((c: string) => c.startsWith("3407"))).toBe(true);
  });

  it("stops cleanly on SIGTERM with exit 0", async () => {
    const stopped = nextJsonEvent(child, "stopped");
    child.kill("SIGTERM");
    expect(await stopped).toMatchObject({ event: "stopped", signal: "SIGTERM" });
    expect(await exitOf(child)).toBe(0);
  });
});

describe("anju start on a port that is taken", () => {
  let ws: Workspace;
  let blocker: net.Server;
  beforeAll(async () => {
    ws = await workspace();
    blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => blocker.close(resolve));
    await ws?.close();
  });

  it("exits 1 with PORT_IN_USE naming the port and how to change it", async () => {
    const port = (blocker.address() as net.AddressInfo).port;
    const r = await ws.run(["start", "--json"], { PORT: String(port) });
    expect(r.code).toBe(1);
    expect(r.json.error).toMatchObject({ code: "PORT_IN_USE", data: { port } });
    expect(r.json.error.message).toContain(`端口 ${port} 已被占用`);
    expect(r.json.error.message).toContain("PORT=");
    const human = await ws.run(["start"], { PORT: String(port) });
    expect(human.code).toBe(1);
    expect(human.stderr).toContain(`Error [PORT_IN_USE]: Port ${port} is already in use`);
  });
});
