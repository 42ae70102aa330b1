/**
 * The four security modules on one node, used over HTTP the way the console will: sessions
 * from a login, permissions from RBAC grants, separation of duties, every decision in the
 * audit chain.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrapAdmin } from "@anju/identity";
import { testDbKinds } from "@anju/kernel/testing";
import { startTestNode, type TestNode } from "../../gateway/test/helpers.js";
import { securityModules } from "../src/index.js";

const PASSWORDS = { admin: "Hefei#2026-root", secadmin: "Tongling#2026-sec", auditadmin: "Yiyang#2026-aud" };

describe.each(testDbKinds())("security modules over HTTP on %s", (kind) => {
  let n: TestNode;
  const cookies: Record<string, string> = {};

  async function login(username: keyof typeof PASSWORDS | string, password: string) {
    return n.fetch("/api/auth/login", { method: "POST", json: { username, password } });
  }
  function as(user: string) {
    return { headers: { Cookie: cookies[user] } };
  }

  beforeAll(async () => {
    n = await startTestNode(kind, {}, securityModules());
    const j = n.host.jurisdictions;
    await j.add({ code: "340000", name: "安徽省", level: "province" });
    await j.add({ code: "340100", name: "合肥市", level: "city", parentCode: "340000" });
    await j.add({ code: "340700", name: "铜陵市", level: "city", parentCode: "340000" });
    await bootstrapAdmin(n.host, { password: PASSWORDS.admin });
    await bootstrapAdmin(n.host, { username: "secadmin", role: "security-admin", password: PASSWORDS.secadmin });
    await bootstrapAdmin(n.host, { username: "auditadmin", role: "audit-admin", password: PASSWORDS.auditadmin });
    for (const user of Object.keys(PASSWORDS) as Array<keyof typeof PASSWORDS>) {
      const r = await login(user, PASSWORDS[user]);
      expect(r.status, `${user} login: ${JSON.stringify(r.body)}`).toBe(200);
      cookies[user] = r.headers.get("set-cookie")!.split(";")[0];
    }
  });
  afterAll(async () => n?.close());

  it("signs in with a server-side session in an HttpOnly, SameSite=Strict cookie", async () => {
    const r = await login("admin", PASSWORDS.admin);
    const cookie = r.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^anju_sid=[^;]{22,}/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const me = await n.fetch("/api/auth/me", as("admin"));
    expect(me.status).toBe(200);
    expect(JSON.stringify(me.body)).toContain("system-admin");
  });

  it("refuses a wrong password with the same message as an unknown user", async () => {
    const wrong = await login("admin", "Wrong#Password1");
    const unknown = await login("nobody-here", "Wrong#Password1");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error).toEqual(unknown.body.error);
  });

  it("gives the system administrator plugins but not users (separation of duties)", async () => {
    expect((await n.fetch("/api/plugins", as("admin"))).status).toBe(200);
    const users = await n.fetch("/api/users", as("admin"));
    expect(users.status).toBe(403);
    expect(users.body.error.code).toBe("FORBIDDEN");
  });

  it("gives the security administrator users but not plugins", async () => {
    expect((await n.fetch("/api/users", as("secadmin"))).status).toBe(200);
    const install = await n.fetch("/api/plugins/hello/install", { method: "POST", json: {}, ...as("secadmin") });
    expect(install.status).toBe(403);
  });

  it("lets only the audit administrator read and verify the trail, which holds the logins and the denials", async () => {
    expect((await n.fetch("/api/audit", as("admin"))).status).toBe(403);
    const verify = await n.fetch("/api/audit/verify", { method: "POST", json: {}, ...as("auditadmin") });
    expect(verify.status).toBe(200);
    expect(verify.body.ok).toBe(true);
    const page = await n.fetch("/api/audit?pageSize=200", as("auditadmin"));
    expect(page.status).toBe(200);
    const text = JSON.stringify(page.body);
    expect(text).toContain("auth.login");
    expect(text).toContain("denied");
    expect(text).not.toContain(PASSWORDS.admin);
  });

  it("ends the session at logout", async () => {
    const r = await login("admin", PASSWORDS.admin);
    const cookie = { headers: { Cookie: r.headers.get("set-cookie")!.split(";")[0] } };
    expect((await n.fetch("/api/auth/me", cookie)).status).toBe(200);
    expect((await n.fetch("/api/auth/logout", { method: "POST", json: {}, ...cookie })).status).toBe(200);
    expect((await n.fetch("/api/auth/me", cookie)).status).toBe(401);
  });

  it("lets a browser that still holds a dead session cookie sign in and out again (the cookie is HttpOnly)", async () => {
    const r = await login("admin", PASSWORDS.admin);
    const stale = { headers: { Cookie: r.headers.get("set-cookie")!.split(";")[0] } };
    await n.fetch("/api/auth/logout", { method: "POST", json: {}, ...stale });
    // Anything else with the dead cookie is refused…
    expect((await n.fetch("/api/auth/me", stale)).status).toBe(401);
    // …but signing in replaces it, and signing out clears it.
    const again = await n.fetch("/api/auth/login", { method: "POST", json: { username: "admin", password: PASSWORDS.admin }, ...stale });
    expect(again.status).toBe(200);
    expect(again.headers.get("set-cookie")).toMatch(/^anju_sid=/);
    const out = await n.fetch("/api/auth/logout", { method: "POST", json: {}, ...stale });
    expect(out.status).toBe(200);
    expect(out.body).toEqual({ loggedOut: false });
    // A forged cookie is still audited and refused everywhere else.
    expect((await n.fetch("/api/auth/me", { headers: { Cookie: "anju_sid=forged" } })).status).toBe(401);
  });
});
