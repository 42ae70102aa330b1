import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "@anju/data";
import { loadConfig, type HostModule } from "@anju/kernel";
import { issueToken, startNode, type RunningNode } from "../src/index.js";

export const FIXTURES = path.resolve(__dirname, "../../kernel/test/fixtures/basic");

export interface TestNode extends RunningNode {
  db: TestDatabase;
  token(jurisdiction: string, roles?: string[], sub?: string): string;
  fetch(pathname: string, init?: RequestInit & { token?: string; json?: unknown }): Promise<{ status: number; body: any; headers: Headers }>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies vary per endpoint
  close(): Promise<void>;
}

export async function startTestNode(kind: "sqlite" | "mysql" = "sqlite", extra: Record<string, unknown> = {}, modules: HostModule[] = []): Promise<TestNode> {
  const db = await createTestDatabase(kind);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "anju-gw-"));
  const config = loadConfig({
    env: {},
    overrides: {
      dataDir,
      db: { url: db.url, logging: false },
      broker: { requestTimeout: 5000, logLevel: "error" },
      http: { port: 0, host: "127.0.0.1", bodyLimit: "64kb", enabled: true },
      plugins: { dirs: [FIXTURES], installDir: path.join(dataDir, "plugins"), autoInstall: [], load: null, pollIntervalMs: 200 },
      demo: { seed: false },
      ...extra,
    },
  });
  const node = await startNode({ config, consoleDir: null, modules });
  const secret = node.host.tokenSecret();
  return {
    ...node,
    db,
    token: (jurisdiction, roles = ["system-admin"], sub = "u-test") => issueToken(secret, { sub, jur: jurisdiction, roles }, 3600),
    async fetch(pathname, init = {}) {
      const headers = new Headers(init.headers);
      if (init.token) headers.set("Authorization", `Bearer ${init.token}`);
      let body = init.body;
      if (init.json !== undefined) { headers.set("Content-Type", "application/json"); body = JSON.stringify(init.json); }
      const res = await fetch(node.url + pathname, { ...init, headers, body });
      const text = await res.text();
      let parsed: unknown = text;
      try { parsed = JSON.parse(text); } catch { /* not JSON */ }
      return { status: res.status, body: parsed, headers: res.headers };
    },
    async close() {
      await node.stop().catch(() => undefined);
      await db.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
