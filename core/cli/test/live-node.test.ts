/**
 * The CLI and a running node share one database: what `anju plugin …` changes, the node picks
 * up by polling the plugin generation, without a restart.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { issueToken, startNode, type RunningNode } from "@anju/gateway";
import { loadConfig } from "@anju/kernel";
import { testDbKinds } from "@anju/kernel/testing";
import { eventually, FIXTURES, workspace, type Workspace } from "./helpers.js";

// Every step starts `anju` as a process, which is slow on a busy machine (suites running side by side).
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

describe.each(testDbKinds())("a running node and the CLI on one %s database", (kind) => {
  let ws: Workspace;
  let node: RunningNode;
  let token: string;

  async function greet(): Promise<{ status: number; code?: string }> {
    const res = await fetch(`${node.url}/api/hello/greet`, { headers: { Authorization: `Bearer ${token}` } });
    const body = await res.json() as { error?: { code: string } };
    return { status: res.status, code: body.error?.code };
  }

  beforeAll(async () => {
    ws = await workspace(kind);
    const config = loadConfig({
      env: {},
      overrides: {
        dataDir: ws.dataDir,
        db: { url: ws.db?.url ?? null, logging: false },
        broker: { requestTimeout: 5000, logLevel: "error" },
        http: { port: 0, host: "127.0.0.1", bodyLimit: "64kb", enabled: true },
        plugins: { dirs: [FIXTURES], installDir: null, autoInstall: [], load: null, pollIntervalMs: 200 },
        demo: { seed: false },
      },
    });
    node = await startNode({ config, consoleDir: null });
    await node.host.jurisdictions.add({ code: "340000", name: "安徽省", level: "province" });
    await node.host.jurisdictions.add({ code: "340100", name: "合肥市", level: "city", parentCode: "340000" });
    token = issueToken(node.host.tokenSecret(), { sub: "u-test", jur: "340100", roles: ["system-admin"] }, 600);
  }, 120_000);
  afterAll(async () => {
    await node?.stop().catch(() => undefined);
    await ws?.close();
  });

  it("serves a plugin the CLI installed and enabled, without a restart", async () => {
    expect((await ws.run(["plugin", "install", "hello", "--json"])).code).toBe(0);
    expect((await ws.run(["plugin", "enable", "hello", "-j", "340100", "--json"])).code).toBe(0);
    expect(await eventually(async () => (await greet()).status === 200)).toBe(true);
  });

  it("refuses the plugin's calls once the CLI disabled it there (PLUGIN_NOT_ENABLED)", async () => {
    const r = await ws.run(["plugin", "disable", "hello", "--jurisdiction", "340100", "--json"]);
    expect(r.code).toBe(0);
    expect(r.json.disabled).toEqual(["hello"]);
    expect(await eventually(async () => (await greet()).code === "PLUGIN_NOT_ENABLED")).toBe(true);
    expect((await greet()).status).toBe(403);
  });

  it("applies settings the CLI changed", async () => {
    await ws.run(["plugin", "enable", "hello", "-j", "340100", "--json"]);
    const r = await ws.run(["plugin", "config", "hello", "-j", "340100", "--set", "greeting=您好", "--json"]);
    expect(r.code).toBe(0);
    expect(await eventually(async () => {
      const res = await fetch(`${node.url}/api/hello/greet?name=王五`, { headers: { Authorization: `Bearer ${token}` } });
      return res.status === 200 && ((await res.json()) as { message: string }).message === "您好，王五";
    })).toBe(true);
  });
});
