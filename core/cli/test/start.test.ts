import net from "node:net";
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { exitOf, nextJsonEvent, PLUGINS, workspace, type Workspace } from "./helpers.js";

// Every step starts `anju` as a process, which is slow on a busy machine (suites running side by side).
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

async function get(url: string, token?: string): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies vary per endpoint
  const res = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: await res.json() };
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

  it("seeds Anhui → Hefei / Tongling → a district → a street, readable with the printed demo token", async () => {
    expect(started.demo).toMatchObject({ seeded: true, enabled: ["community"], plugins: ["community"] });
    const r = await get(`${started.url}/api/jurisdictions`, started.token);
    expect(r.status).toBe(200);
    const byCode = Object.fromEntries(r.body.map((j: { code: string; name: string }) => [j.code, j.name]));
    expect(byCode).toMatchObject({ 340000: "安徽省", 340100: "合肥市", 340700: "铜陵市", 340104: "蜀山区", 340705: "铜官区", 340104001: "三里庵街道" });
    expect(r.body.find((j: { code: string }) => j.code === "340705001")).toMatchObject({ level: "street", parentCode: "340705" });
  });

  it("has demo communities with buildings, facilities and devices behind the community plugin", async () => {
    const communities = await get(`${started.url}/api/community/communities`, started.token);
    expect(communities.status).toBe(200);
    const items = communities.body.items as Array<{ id: number; jurisdictionCode: string }>;
    expect(items.length).toBeGreaterThanOrEqual(2);
    const first = items[0];
    for (const what of ["buildings", "facilities", "devices"]) {
      const r = await get(`${started.url}/api/community/communities/${first.id}/${what}`, started.token);
      expect(r.status, what).toBe(200);
      expect((r.body.items ?? r.body).length, what).toBeGreaterThan(0);
    }
  });

  it("accepts a token issued by `anju token issue` on the same data folder while it runs", async () => {
    const issued = await ws.run(["token", "issue", "--user", "li.si", "-j", "340700", "--role", "viewer", "--json"]);
    expect(issued.code).toBe(0);
    const r = await get(`${started.url}/api/jurisdictions`, issued.json.token);
    expect(r.status).toBe(200);
    // Acting for Tongling, the caller sees Tongling's subtree only.
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
