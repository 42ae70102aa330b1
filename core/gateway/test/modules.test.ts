import type { Context } from "moleculer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KernelErrors, requireRequestContext, type AuditEvent, type HostModule } from "@anju/kernel";
import { startTestNode, type TestNode } from "./helpers.js";

/** A stand-in security module: an in-memory audit sink, a header-based login, a deny-list authorizer. */
function fakeSecurityModule(events: AuditEvent[], denied: Set<string>): HostModule {
  return {
    name: "fake-security",
    auditSink: () => ({ record: async (e) => { events.push(e); } }),
    authorizer: () => ({ can: async (rc, permission) => !denied.has(`${rc.principal.id}:${permission}`) }),
    async authenticate(_host, req) {
      const m = /(?:^|;\s*)fake_sid=([a-z0-9]+)@([0-9]+)/.exec(req.cookie ?? "");
      if (!m) return null;
      if (m[1] === "expired") throw KernelErrors.UNAUTHENTICATED();
      return { principal: { id: m[1], kind: "user" }, jurisdiction: m[2] };
    },
    routes: [{ method: "GET", path: "/whoami", action: "fakesec.whoami" }],
    services: [{
      name: "fakesec",
      actions: {
        whoami: {
          handler(ctx: Context) {
            const rc = requireRequestContext(ctx);
            return { user: rc.principal.id, jurisdiction: rc.jurisdiction, client: (ctx.meta as { client?: { ip?: string } }).client?.ip ?? null };
          },
        },
      },
    }],
  };
}

describe("host modules plug into a node", () => {
  let n: TestNode;
  const events: AuditEvent[] = [];
  const denied = new Set<string>();

  beforeAll(async () => {
    n = await startTestNode("sqlite", {}, [fakeSecurityModule(events, denied)]);
    await n.host.jurisdictions.add({ code: "340000", name: "安徽省", level: "province" });
    await n.host.jurisdictions.add({ code: "340100", name: "合肥市", level: "city", parentCode: "340000" });
  });
  afterAll(async () => n?.close());

  it("authenticates through the module and serves its routes", async () => {
    const r = await n.fetch("/api/whoami", { headers: { Cookie: "fake_sid=alice@340100" } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ user: "alice", jurisdiction: "340100", client: "127.0.0.1" });
    const expired = await n.fetch("/api/whoami", { headers: { Cookie: "fake_sid=expired@340100" } });
    expect(expired.status).toBe(401);
  });

  it("refuses a host-signed bearer token once a module owns authentication (it cannot be ended or second-factored)", async () => {
    // Signed with this node's own secret, so before the module took over it would have passed.
    const signed = n.token("340000", ["system-admin"], "u-forged");
    const r = await n.fetch("/api/whoami", { token: signed, headers: { "Accept-Language": "en" } });
    expect(r.status).toBe(401);
    expect(r.body.error).toMatchObject({ code: "TOKEN_INVALID", message: "The access token is invalid or has expired" });
    const cookie = await n.fetch("/api/whoami", { headers: { Cookie: `anju_token=${encodeURIComponent(signed)}` } });
    expect(cookie.status).toBe(401);
  });

  it("records lifecycle and jurisdiction changes with who made them", async () => {
    const admin = { Cookie: "fake_sid=root@340000" };
    expect((await n.fetch("/api/plugins/hello/install", { method: "POST", headers: admin, json: {} })).status).toBe(200);
    expect((await n.fetch("/api/plugins/hello/enable", { method: "POST", headers: admin, json: { jurisdiction: "340100" } })).status).toBe(200);
    const bad = await n.fetch("/api/plugins/hello/settings", { method: "PUT", headers: admin, json: { jurisdiction: "340100", settings: { greeting: 5 } } });
    expect(bad.status).toBe(422);
    await n.fetch("/api/jurisdictions", { method: "POST", headers: admin, json: { code: "340104", name: "蜀山区", level: "county", parentCode: "340100" } });
    const seen = events.map((e) => `${e.action}:${e.result}:${e.userId}`);
    expect(seen).toEqual(expect.arrayContaining([
      "jurisdiction.create:success:system", // the test's own setup, made as the system
      "plugin.install:success:root",
      "plugin.enable:success:root",
      "plugin.configure:failure:root",
      "jurisdiction.create:success:root",
    ]));
    const configure = events.find((e) => e.action === "plugin.configure")!;
    expect(configure.detail).toMatchObject({ keys: ["greeting"], error: "PLUGIN_SETTINGS_INVALID" });
    expect(JSON.stringify(configure.detail)).not.toContain("5"); // values are not recorded
    expect(events.find((e) => e.action === "plugin.enable")).toMatchObject({ jurisdiction: "340100", ip: "127.0.0.1" });
  });

  it("asks the module's authorizer for host actions", async () => {
    denied.add("bob:host.plugin:manage");
    const r = await n.fetch("/api/plugins/hello/disable", { method: "POST", headers: { Cookie: "fake_sid=bob@340100" }, json: {} });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe("FORBIDDEN");
    const list = await n.fetch("/api/plugins", { headers: { Cookie: "fake_sid=bob@340100" } });
    expect(list.status).toBe(200);
  });
});
