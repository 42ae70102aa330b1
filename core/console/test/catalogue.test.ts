/** The plugin manager's catalogue and the RBAC routes the roles page uses, over HTTP. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PluginCatalogue } from "../src/index.js";
import { startConsoleNode, type ConsoleFixture } from "./fixture.js";

describe("console catalogue and RBAC routes", () => {
  let f: ConsoleFixture;
  beforeAll(async () => { f = await startConsoleNode(); });
  afterAll(async () => f?.close());

  it("lists each plugin with its settings schema and where it is in effect, inherited nodes included", async () => {
    await f.n.host.plugins.disable("community", "340700");
    const r = await f.get("admin", "/api/console/plugins");
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const community = (r.body as PluginCatalogue).plugins.find((p) => p.id === "community")!;
    expect(community.state).toBe("installed");
    expect(community.version).toBe(community.installedVersion);
    expect(community.description?.["zh-CN"]).toBeTruthy();
    expect(community.settings?.schema).toHaveProperty("properties.oldBuiltBefore");
    // Its locale files come along: the settings form names its labels by key.
    expect(community.messages?.["zh-CN"]).toHaveProperty("community.settings.oldBuiltBefore.label", "老旧小区建成年份界限");
    expect(community.enabledAt).toEqual(expect.arrayContaining(["340000", "340100", "340104"]));
    expect(community.enabledAt).not.toContain("340700");
    expect(community.jurisdictions).toEqual(expect.arrayContaining([{ jurisdiction: "340700", enabled: false }]));
  });

  it("is the system administrator's: the security administrator is refused", async () => {
    const r = await f.get("secadmin", "/api/console/plugins");
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe("FORBIDDEN");
  });

  it("routes RBAC's roles and grants for the security administrator only", async () => {
    const roles = await f.get("secadmin", "/api/rbac/roles");
    expect(roles.status, JSON.stringify(roles.body)).toBe(200);
    expect((roles.body as Array<{ code: string }>).map((r) => r.code)).toEqual(expect.arrayContaining(["system-admin", "property-operator"]));
    expect((await f.get("admin", "/api/rbac/roles")).status).toBe(403);

    const users = await f.get("secadmin", "/api/users?q=hf-police");
    const police = (users.body.items as Array<{ id: string; username: string }>).find((u) => u.username === "hf-police")!;
    const grant = await f.post("secadmin", "/api/rbac/grants", { userId: police.id, role: "reviewer", jurisdiction: "340104" });
    expect(grant.status, JSON.stringify(grant.body)).toBe(200);
    const grants = await f.get("secadmin", `/api/rbac/users/${police.id}/grants`);
    expect(grants.body).toEqual(expect.arrayContaining([{ role: "reviewer", jurisdiction: "340104" }, { role: "community-police", jurisdiction: "340100" }]));
    const revoke = await f.post("secadmin", "/api/rbac/grants/revoke", { userId: police.id, role: "reviewer", jurisdiction: "340104" });
    expect(revoke.status).toBe(200);
    expect((await f.get("secadmin", `/api/rbac/users/${police.id}/grants`)).body).not.toEqual(expect.arrayContaining([{ role: "reviewer", jurisdiction: "340104" }]));
  });
});
