/**
 * `GET /api/console/nav` over HTTP: what each kind of account finds in the console's menus.
 * SQLite only: the nav reads no table of its own (the plugin state and RBAC it asks are tested
 * on both databases in their packages).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NavAnswer, NavMenu } from "../src/index.js";
import { devicesModule } from "../../devices/src/index.js";
import { startConsoleNode, type ConsoleFixture } from "./fixture.js";

const keys = (menus: NavMenu[]): string[] => menus.flatMap((m) => [m.key, ...keys(m.children ?? [])]);

describe("console navigation", () => {
  let f: ConsoleFixture;
  const nav = async (user: Parameters<ConsoleFixture["get"]>[0]) => {
    const r = await f.get(user, "/api/console/nav");
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as NavAnswer;
  };

  beforeAll(async () => { f = await startConsoleNode(); });
  afterAll(async () => f?.close());

  it("refuses a caller without a session", async () => {
    const r = await f.n.fetch("/api/console/nav");
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe("UNAUTHENTICATED");
  });

  it("gives a property operator the community plugin's menus and pages bound to its REST routes", async () => {
    const body = await nav("hf-operator");
    expect(body.jurisdiction).toBe("340100");
    expect(keys(body.menus)).toEqual(expect.arrayContaining(["community", "community-list", "community-devices", "community-stats"]));
    expect(keys(body.menus)).not.toContain("admin");
    const list = body.menus.find((m) => m.key === "community")!.children!.find((m) => m.key === "community-list")!;
    expect(list.path).toBe("/p/community/communities");
    const page = body.pages.find((p) => p.key === "communities")!;
    expect(page.type).toBe("table");
    expect(page.route).toEqual({ method: "GET", path: "/api/community/communities" });
    expect(page.options.columns).toContain("name");
    expect(Object.keys((page.params as { properties: object }).properties)).toEqual(expect.arrayContaining(["page", "pageSize", "communityClass"]));
    expect(page.actions.create.route).toEqual({ method: "POST", path: "/api/community/communities" });
    expect(page.actions.remove.route).toEqual({ method: "DELETE", path: "/api/community/communities/:id" });
    expect(page.actions.detail.route).toEqual({ method: "GET", path: "/api/community/communities/:id" });
    expect(body.messages.community?.["zh-CN"]).toHaveProperty("community.fields.community.name", "小区名称");
    // The registry's pages are declared soundly: nothing for the console to complain about.
    expect(body.pages.filter((p) => p.problems)).toEqual([]);
  });

  it("gives the home page the registry's widgets and the caller's role names", async () => {
    const body = await nav("hf-operator");
    expect(body.widgets.map((w) => w.kind)).toEqual(["communities", "devicesOnline", null]);
    expect(body.widgets[1]).toMatchObject({ value: "devices.online", total: "devices.total", route: { method: "GET", path: "/api/community/stats" }, link: "/p/community/devices" });
    expect(body.roles).toEqual({ "property-operator": { "zh-CN": "物业操作员", en: "Property operator" } });
    const admin = await nav("admin");
    expect(admin.widgets).toEqual([]);
    expect(admin.roles["system-admin"]).toEqual({ "zh-CN": "系统管理员", en: "System administrator" });
  });

  it("leaves out the changes a community police officer may not make", async () => {
    const body = await nav("hf-police");
    const page = body.pages.find((p) => p.key === "communities")!;
    expect(page.route?.path).toBe("/api/community/communities");
    expect(Object.keys(page.actions)).toEqual(["detail"]);
  });

  it("drops a plugin's menus where it is disabled, and keeps them where it is not", async () => {
    const off = await f.n.fetch("/api/plugins/community/disable", { method: "POST", json: { jurisdiction: "340100" }, headers: { Cookie: "" } });
    expect(off.status).toBe(401);
    await f.n.host.plugins.disable("community", "340100");
    try {
      const hefei = await nav("hf-operator");
      expect(hefei.menus).toEqual([]);
      expect(hefei.pages).toEqual([]);
      expect(keys((await nav("tl-operator")).menus)).toContain("community-list");
    } finally {
      await f.n.host.plugins.enable("community", "340100");
    }
    expect(keys((await nav("hf-operator")).menus)).toContain("community-list");
  });

  it("shows each administrator only the administration pages of their duty", async () => {
    const admin = keys((await nav("admin")).menus);
    expect(admin).toEqual(expect.arrayContaining(["admin", "admin-plugins", "admin-jurisdictions"]));
    expect(admin).not.toContain("admin-users");
    expect(admin).not.toContain("admin-audit");
    // The system administrator runs the platform, not the community registry.
    expect(admin).not.toContain("community");

    const sec = keys((await nav("secadmin")).menus);
    expect(sec).toEqual(expect.arrayContaining(["admin-users", "admin-roles"]));
    expect(sec).not.toContain("admin-plugins");
    expect(sec).not.toContain("admin-audit");

    const audit = keys((await nav("auditadmin")).menus);
    expect(audit).toContain("admin-audit");
    expect(audit).not.toContain("admin-users");
    expect(audit).not.toContain("admin-plugins");
  });

  it("gives form designers and reporting officials the Forms menu, and nobody else", async () => {
    for (const user of ["tl-designer", "tl-official"] as const) {
      const forms = (await nav(user)).menus.find((m) => m.key === "forms");
      expect(forms, user).toMatchObject({ path: "/forms", title: { "zh-CN": "表单", en: "Forms" } });
    }
    for (const user of ["admin", "secadmin", "auditadmin", "hf-operator"] as const) {
      expect(keys((await nav(user)).menus), user).not.toContain("forms");
    }
  });
});

describe("devices and alarms menus (#7)", () => {
  let f: ConsoleFixture;
  const menus = async (user: Parameters<ConsoleFixture["get"]>[0]) => (await f.get(user, "/api/console/nav")).body as NavAnswer;

  beforeAll(async () => { f = await startConsoleNode([devicesModule({ ingest: false })]); });
  afterAll(async () => f?.close());

  it("offers live alarms and devices to staff holding devices permissions", async () => {
    for (const user of ["hf-operator", "hf-police"] as const) {
      const group = (await menus(user)).menus.find((m) => m.key === "devices");
      expect(group, user).toMatchObject({
        title: { "zh-CN": "设备与告警", en: "Devices & alarms" },
        children: [{ key: "devices-alarms", path: "/devices/alarms" }, { key: "devices-list", path: "/devices" }],
      });
    }
  });

  it("offers them to nobody without devices permissions", async () => {
    for (const user of ["secadmin", "auditadmin", "tl-designer"] as const) {
      expect(keys((await menus(user)).menus), user).not.toContain("devices");
    }
  });
});

describe("devices menus on a node without the device platform", () => {
  let f: ConsoleFixture;
  beforeAll(async () => { f = await startConsoleNode(); });
  afterAll(async () => f?.close());

  it("are not offered even to staff who hold the permissions", async () => {
    const r = await f.get("hf-operator", "/api/console/nav");
    expect(keys((r.body as NavAnswer).menus)).not.toContain("devices");
  });
});

describe("switchable jurisdictions", () => {
  let f: ConsoleFixture;
  beforeAll(async () => { f = await startConsoleNode(); });
  afterAll(async () => f?.close());

  it("offers the way back up: the whole home subtree even after switching down", async () => {
    const down = await f.post("admin", "/api/auth/jurisdiction", { jurisdiction: "340104" });
    expect(down.status).toBe(200);
    const r = await f.get("admin", "/api/console/jurisdictions");
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect((r.body as Array<{ code: string }>).map((j) => j.code)).toEqual(["340000", "340100", "340104", "340700"]);
  });

  it("offers a user homed in Tongling only Tongling's subtree", async () => {
    const made = await f.post("secadmin", "/api/users", { username: "tl-clerk", jurisdiction: "340700", password: "Tongling#2026-Clk" });
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    const login = await f.n.fetch("/api/auth/login", { method: "POST", json: { username: "tl-clerk", password: "Tongling#2026-Clk" } });
    const cookie = { Cookie: login.headers.get("set-cookie")!.split(";")[0] };
    if (login.body.mustChangePassword) {
      const changed = await f.n.fetch("/api/auth/password", { method: "POST", json: { currentPassword: "Tongling#2026-Clk", newPassword: "Tongling#2026-Clk2" }, headers: cookie });
      expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    }
    const r = await f.n.fetch("/api/console/jurisdictions", { headers: cookie });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect((r.body as Array<{ code: string }>).map((j) => j.code)).toEqual(["340700"]);
  });

});
