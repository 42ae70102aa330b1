/**
 * The forms suites' node: the security modules plus the forms module over HTTP, the Anhui test
 * tree, the fixture plugins, and one signed-in user per role whose grant and session sit at the
 * jurisdiction a real user would have. Users get their permissions only through RBAC grants.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "vitest";
import { bootstrapAdmin } from "@anju/identity";
import { systemContext, type RequestContext } from "@anju/kernel";
import { seedTree, TREE } from "@anju/kernel/testing";
import { securityModules } from "@anju/security";
import { startTestNode, type TestNode } from "../../gateway/test/helpers.js";
import { formsModule, type FormsOptions } from "../src/index.js";

export { TREE };
export const PLUGINS_DIR = path.join(__dirname, "fixtures", "plugins");
export const UPGRADES_DIR = path.join(__dirname, "fixtures", "upgrade");
export const DEMO_FORM = "forms-demo.inspection";

/** Who signs in, with which role granted where (their session sits at the same node). */
export const USERS = {
  designer: { role: "form-designer", at: TREE.hefei, password: "Hefei#2026-Design" },
  countyDesigner: { role: "form-designer", at: TREE.yaohai, password: "Yaohai#2026-Design" },
  tlDesigner: { role: "form-designer", at: TREE.tongling, password: "Tongling#2026-Design" },
  official: { role: "reporting-official", at: TREE.yaohai, password: "Yaohai#2026-Report" },
  hfOfficial: { role: "reporting-official", at: TREE.hefei, password: "Hefei#2026-Report" },
  reviewer: { role: "reviewer", at: TREE.hefei, password: "Hefei#2026-Review" },
  tlReviewer: { role: "reviewer", at: TREE.tongling, password: "Tongling#2026-Review" },
} as const;
export type User = keyof typeof USERS;

export interface Answer { status: number; body: any } // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies vary per endpoint

export interface FormsNode {
  n: TestNode;
  installDir: string;
  /** Call the API as a signed-in user (`lang` sets Accept-Language). */
  api(user: User, method: string, pathname: string, json?: unknown, lang?: "zh-CN" | "en"): Promise<Answer>;
  /** Call an action as the system acting in `jurisdiction`. */
  system<T = unknown>(action: string, params: Record<string, unknown>, jurisdiction: string | null): Promise<T>;
  count(table: string): Promise<number>;
  close(): Promise<void>;
}

export async function startFormsNode(kind: "sqlite" | "mysql", users: readonly User[] = Object.keys(USERS) as User[], options: FormsOptions = {}): Promise<FormsNode> {
  const installDir = fs.mkdtempSync(path.join(os.tmpdir(), "anju-forms-plugins-"));
  // allowUnsigned: the upgrades come from unsigned fixture folders (signing has its own tests in core/packaging).
  const n = await startTestNode(kind, { plugins: { dirs: [PLUGINS_DIR], installDir, autoInstall: [], load: null, pollIntervalMs: 200, allowUnsigned: true } },
    [...securityModules(), formsModule(options)]);
  await seedTree(n.host);
  const cookies = {} as Record<User, string>;
  for (const user of users) {
    const { role, at, password } = USERS[user];
    const made = await bootstrapAdmin(n.host, {
      username: user.toLowerCase(), role, password,
      grant: (userId, r) => n.host.call("rbac.grant", { userId, role: r, jurisdiction: at }).then(() => true),
    });
    await n.host.ds.query("UPDATE anju_user SET home_jurisdiction = ? WHERE id = ?", [at, made.userId]);
    const login = await n.fetch("/api/auth/login", { method: "POST", json: { username: user.toLowerCase(), password } });
    expect(login.status, `${user} login: ${JSON.stringify(login.body)}`).toBe(200);
    cookies[user] = login.headers.get("set-cookie")!.split(";")[0];
    const sw = await n.fetch("/api/auth/jurisdiction", { method: "POST", json: { jurisdiction: at }, headers: { Cookie: cookies[user] } });
    expect(sw.status, `${user} → ${at}: ${JSON.stringify(sw.body)}`).toBe(200);
  }
  return {
    n,
    installDir,
    api(user, method, pathname, json, lang = "zh-CN") {
      const headers: Record<string, string> = { Cookie: cookies[user], "Accept-Language": lang };
      return n.fetch(pathname, { method, headers, ...(json === undefined ? {} : { json }) });
    },
    system<T>(action: string, params: Record<string, unknown>, jurisdiction: string | null) {
      const rc: RequestContext = systemContext(jurisdiction);
      return n.host.call<T>(action, params, rc);
    },
    async count(table) {
      const rows: Array<{ n: number | string }> = await n.host.ds.query(`SELECT COUNT(*) AS n FROM ${table}`);
      return Number(rows[0].n);
    },
    async close() {
      await n.close();
      fs.rmSync(installDir, { recursive: true, force: true });
    },
  };
}

/** Audit rows of an action (newest last). */
export async function auditRows(node: FormsNode, action: string): Promise<Array<{ action: string; object: string; result: string; user_id: string; jurisdiction: string | null; detail: string }>> {
  return node.n.host.ds.query("SELECT action, object, result, user_id, jurisdiction, detail FROM anju_audit WHERE action = ? ORDER BY seq", [action]);
}

/** Tiny files with the right magic bytes. */
export const FILES = {
  png: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
  jpeg: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]),
  pdf: Buffer.from("%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n", "latin1"),
  gif: Buffer.from("GIF89a\x01\x00\x01\x00\x00\x00\x00;", "latin1"),
  webp: Buffer.concat([Buffer.from("RIFF"), Buffer.from([26, 0, 0, 0]), Buffer.from("WEBPVP8 "), Buffer.alloc(14)]),
  /** A PNG by its name, an executable by its bytes. */
  fakePng: Buffer.from("MZ\x90\x00\x03\x00\x00\x00 this is not a picture", "latin1"),
};

export function attachment(name: string, bytes: Buffer): { name: string; content: string } {
  return { name, content: bytes.toString("base64") };
}

/** The system principal's context within a jurisdiction (for direct action calls). */
export const asSystemIn = (jurisdiction: string | null): RequestContext => systemContext(jurisdiction);
