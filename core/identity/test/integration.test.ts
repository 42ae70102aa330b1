/**
 * Identity with the real neighbours: @anju/rbac (Casbin, separation of duties, its middleware in
 * the RBAC slot) and @anju/audit (hash-chained trail, its middleware in the audit slot). What a
 * user would notice: who may manage accounts, and which rows land in anju_audit.
 */
import type { Context, ServiceSchema } from "moleculer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { META_KEY, type AnjuHost, type RequestContext } from "@anju/kernel";
import { createTestHost, testDbKinds, type TestHost } from "@anju/kernel/testing";
import { rbacMiddleware, rbacService } from "@anju/rbac";
import { auditMiddleware, createAuditService } from "@anju/audit";
import { authenticateSession, bootstrapAdmin, identityServices } from "../src/index.js";
import { FakeClock, rejectionOf, seedTree, TREE } from "./helpers.js";

const relay: ServiceSchema = {
  name: "testrelay",
  actions: {
    async call(ctx: Context<{ action: string; params: Record<string, unknown> }>) {
      const result = await ctx.call(ctx.params.action, ctx.params.params);
      const headers = (ctx.meta as Record<string, unknown>).$responseHeaders as Record<string, string> | undefined;
      return { result, setCookie: headers?.["Set-Cookie"] ?? null };
    },
  },
};

/** Cookie jar + authenticateSession, as the gateway will do it. */
class Client {
  cookie: string | null = null;
  constructor(private readonly host: AnjuHost, private readonly ip = "192.0.2.10") {}
  async call<T = any>(action: string, params: Record<string, unknown> = {}): Promise<T> { // eslint-disable-line @typescript-eslint/no-explicit-any -- varied shapes
    const rc: RequestContext | null = await authenticateSession(this.host, this.cookie ? `anju_sid=${this.cookie}` : undefined, { ip: this.ip, action });
    const meta: Record<string, unknown> = { client: { ip: this.ip, userAgent: "vitest" } };
    if (rc) meta[META_KEY] = rc;
    const out = await this.host.broker.call("testrelay.call", { action, params }, { meta }) as { result: T; setCookie: string | null };
    if (out.setCookie) this.cookie = /Max-Age=0/.test(out.setCookie) ? null : /^anju_sid=([^;]*)/.exec(out.setCookie)![1];
    return out.result;
  }
}

interface AuditRow { action: string; result: string; user_id: string | null; ip: string | null; object: string | null; detail: string | null }

describe.each(testDbKinds())("identity with @anju/rbac and @anju/audit (%s)", (db) => {
  const clock = new FakeClock();
  let t: TestHost;
  let host: AnjuHost;
  const ADMIN = "Anhui!Secr3t2026";
  const SEC = "Sec!Admin2026x";

  async function auditRows(action?: string): Promise<AuditRow[]> {
    return host.ds.query(`SELECT action, result, user_id, ip, object, detail FROM anju_audit${action ? " WHERE action = ?" : ""} ORDER BY seq`, action ? [action] : []);
  }

  beforeAll(async () => {
    t = await createTestHost({
      db,
      services: [...identityServices({ now: clock.now, config: { hashing: { N: 2 ** 14, r: 8, p: 1 } } }), relay],
      slots: { rbac: rbacMiddleware(), audit: auditMiddleware() },
    });
    host = t.host;
    // One package at a time: each migrates in its service's started(), and on SQLite's single
    // connection migrations running in parallel would nest transactions (see the report to the lead).
    host.broker.createService(rbacService());
    await host.broker.waitForServices(["rbac"]);
    host.broker.createService(createAuditService({ key: "a1".repeat(32) }));
    await host.broker.waitForServices(["audit"]);
    await seedTree(host);
    await bootstrapAdmin(host, { password: ADMIN });
    await bootstrapAdmin(host, { username: "secadmin", role: "security-admin", password: SEC });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("bootstrap grants the roles through rbac.grant; auth.me shows them with RBAC's permissions", async () => {
    const sec = new Client(host);
    await sec.call("auth.login", { username: "secadmin", password: SEC });
    const me = await sec.call("auth.me");
    expect(me.roles).toEqual([{ role: "security-admin", jurisdiction: TREE.province }]);
    expect(me.permissions).toEqual(expect.arrayContaining(["identity.user:manage", "identity.totp:reset", "identity.user:offboard"]));
    const admin = new Client(host);
    await admin.call("auth.login", { username: "admin", password: ADMIN });
    expect((await admin.call("auth.me")).roles).toEqual([{ role: "system-admin", jurisdiction: TREE.province }]);
  });

  it("separation of duties: the security administrator manages accounts, the system administrator is refused and the refusal is in the trail", async () => {
    const sec = new Client(host);
    await sec.call("auth.login", { username: "secadmin", password: SEC });
    const made = await sec.call("users.create", { username: "grid.worker", jurisdiction: TREE.yaohai, password: "Grid!Worker01" });
    expect(made.user.homeJurisdiction).toBe(TREE.yaohai);

    const admin = new Client(host);
    await admin.call("auth.login", { username: "admin", password: ADMIN });
    const adminId = (await admin.call("auth.me")).user.id;
    const err = await rejectionOf(admin.call("users.create", { username: "not.allowed" }));
    expect(err.type).toBe("FORBIDDEN");
    expect(err.code).toBe(403);
    const denied = (await auditRows()).filter((r) => r.result === "denied" && r.user_id === adminId);
    expect(denied.length).toBeGreaterThan(0);
    expect(await host.ds.query("SELECT id FROM anju_user WHERE username_key = 'not.allowed'")).toEqual([]);
  });

  it("failed sign-ins, the lock and the successful sign-in are rows in anju_audit with the source IP and no password", async () => {
    const sec = new Client(host);
    await sec.call("auth.login", { username: "secadmin", password: SEC });
    await sec.call("users.create", { username: "locked.out", password: "Locked!Out0001" });
    await sec.call("users.create", { username: "reset.me", password: "Reset!Me000001" });
    for (let i = 0; i < 5; i++) await rejectionOf(new Client(host, "198.51.100.7").call("auth.login", { username: "locked.out", password: `Wrong!Guess${i}` }));
    const failures = (await auditRows("auth.login")).filter((r) => r.result === "failure" && r.ip === "198.51.100.7");
    expect(failures).toHaveLength(5);
    expect((await auditRows("auth.login")).some((r) => r.result === "success")).toBe(true);
    const locks = await auditRows("auth.lock");
    expect(locks).toHaveLength(1);
    expect(locks[0].ip).toBe("198.51.100.7");
    const all = JSON.stringify(await auditRows());
    expect(all).not.toContain("Wrong!Guess");
    expect(all).not.toContain(SEC);
  });

  it("H10: offboarding revokes the RBAC grants too, and is in the trail", async () => {
    const sec = new Client(host);
    await sec.call("auth.login", { username: "secadmin", password: SEC });
    const made = await sec.call("users.create", { username: "leaver.two", password: "Leaver!Two0001" });
    await host.call("rbac.grant", { userId: made.user.id, role: "reviewer", jurisdiction: TREE.hefei });
    expect(await host.call("rbac.grantsOf", { userId: made.user.id })).toHaveLength(1);
    const record = await sec.call("users.offboard", { id: made.user.id, returnedKeys: ["门禁卡 7"], usbKeys: [], pledgeSigned: true });
    expect(record.rolesRevoked).toBe(true);
    expect(await host.call("rbac.grantsOf", { userId: made.user.id })).toEqual([]);
    const rows = await auditRows("users.offboard");
    expect(rows).toEqual([expect.objectContaining({ result: "success", object: `user:${made.user.id}` })]);
    expect(JSON.parse(rows[0].detail!)).toMatchObject({ rule: "H10", returnedKeys: 1, pledgeSigned: true });
  });

  it("logout and an idle timeout are recorded", async () => {
    const c = new Client(host);
    await c.call("auth.login", { username: "secadmin", password: SEC });
    await c.call("auth.logout");
    expect((await auditRows("auth.logout")).length).toBeGreaterThan(0);
    const d = new Client(host);
    await d.call("auth.login", { username: "secadmin", password: SEC });
    clock.minutes(6);
    expect((await rejectionOf(d.call("auth.me"))).type).toBe("SESSION_EXPIRED");
    expect((await auditRows("auth.session")).some((r) => r.result === "denied" && JSON.parse(r.detail ?? "{}").reason === "idle-timeout")).toBe(true);
  });
});
