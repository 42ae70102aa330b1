/**
 * A node as `anju start` runs it (security modules + the console module) with the community
 * plugin enabled at the province, two cities, the three administrators and three staff
 * accounts: a property operator and a community police officer in Hefei, an operator in Tongling.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "vitest";
import { bootstrapAdmin } from "@anju/identity";
import type { HostModule } from "@anju/kernel";
import { securityModules } from "@anju/security";
import { startTestNode, type TestNode } from "../../gateway/test/helpers.js";
import { consoleModule } from "../src/index.js";

const PLUGINS_DIR = path.resolve(__dirname, "../../../plugins");

export const ACCOUNTS = {
  admin: { role: "system-admin", at: null, password: "Hefei#2026-root" },
  secadmin: { role: "security-admin", at: null, password: "Tongling#2026-sec" },
  auditadmin: { role: "audit-admin", at: null, password: "Yiyang#2026-aud" },
  "hf-operator": { role: "property-operator", at: "340100", password: "Hefei#2026-Prop" },
  "hf-police": { role: "community-police", at: "340100", password: "Hefei#2026-Pol1" },
  "tl-operator": { role: "property-operator", at: "340700", password: "Tongling#2026-Prop" },
  "tl-designer": { role: "form-designer", at: "340700", password: "Tongling#2026-Form" },
  "tl-official": { role: "reporting-official", at: "340700", password: "Tongling#2026-Rept" },
} as const;
export type Account = keyof typeof ACCOUNTS;

export interface ConsoleFixture {
  n: TestNode;
  get(user: Account, pathname: string): ReturnType<TestNode["fetch"]>;
  post(user: Account, pathname: string, json: unknown): ReturnType<TestNode["fetch"]>;
  close(): Promise<void>;
}

/** `modules`: further host modules on the node (e.g. the device platform). */
export async function startConsoleNode(modules: HostModule[] = []): Promise<ConsoleFixture> {
  const installDir = fs.mkdtempSync(path.join(os.tmpdir(), "anju-console-plugins-"));
  const n = await startTestNode("sqlite", { plugins: { dirs: [PLUGINS_DIR], installDir, autoInstall: [], load: null, pollIntervalMs: 200 } },
    [...securityModules(), consoleModule(), ...modules]);
  const j = n.host.jurisdictions;
  await j.add({ code: "340000", name: "安徽省", level: "province" });
  await j.add({ code: "340100", name: "合肥市", level: "city", parentCode: "340000" });
  await j.add({ code: "340104", name: "蜀山区", level: "county", parentCode: "340100" });
  await j.add({ code: "340700", name: "铜陵市", level: "city", parentCode: "340000" });
  await n.host.plugins.install("community");
  await n.host.plugins.enable("community", "340000");

  const cookies = {} as Record<Account, string>;
  for (const [username, a] of Object.entries(ACCOUNTS) as Array<[Account, (typeof ACCOUNTS)[Account]]>) {
    const at = a.at;
    await bootstrapAdmin(n.host, {
      username, role: a.role, password: a.password,
      ...(at ? { grant: (userId: string, role: string) => n.host.call("rbac.grant", { userId, role, jurisdiction: at }).then(() => true) } : {}),
    });
    const login = await n.fetch("/api/auth/login", { method: "POST", json: { username, password: a.password } });
    expect(login.status, `${username} login: ${JSON.stringify(login.body)}`).toBe(200);
    cookies[username] = login.headers.get("set-cookie")!.split(";")[0];
    if (at) {
      const sw = await n.fetch("/api/auth/jurisdiction", { method: "POST", json: { jurisdiction: at }, headers: { Cookie: cookies[username] } });
      expect(sw.status, `${username} switch: ${JSON.stringify(sw.body)}`).toBe(200);
    }
  }
  return {
    n,
    get: (user, pathname) => n.fetch(pathname, { headers: { Cookie: cookies[user] } }),
    post: (user, pathname, json) => n.fetch(pathname, { method: "POST", json, headers: { Cookie: cookies[user] } }),
    async close() {
      await n.close();
      fs.rmSync(installDir, { recursive: true, force: true });
    },
  };
}
