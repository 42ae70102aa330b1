/**
 * Plugin permissions: a manifest's roles become rules at the node the plugin is enabled for
 * (covering its subtree), enforced on the plugin's actions by their declared `permission`;
 * disabling removes them; a manifest may not reach into the administrators' duties.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemContext, type PluginManifest } from "@anju/kernel";
import { testDbKinds } from "@anju/kernel/testing";
import { BuiltinRoles, installPluginPolicies, pluginRulesOf, RbacActions, removePluginPolicies, type RoleInfo } from "../src/index.js";
import { PLUGIN_FIXTURES, policyRows, rejection, seedTree, startHost, TREE, user, waitFor, type RbacTestHost } from "./helpers.js";

const SYSTEM = systemContext();

async function manifestOf(t: RbacTestHost, id: string): Promise<PluginManifest> {
  const rows: Array<{ manifest: string }> = await t.host.ds.query("SELECT manifest FROM anju_plugin WHERE id = ?", [id]);
  return JSON.parse(rows[0].manifest) as PluginManifest;
}

describe.each(testDbKinds())("plugin permissions (%s)", (kind) => {
  let t: RbacTestHost;

  beforeEach(async () => {
    t = await startHost({ db: kind, pluginDirs: [PLUGIN_FIXTURES] });
    await seedTree(t.host);
    await t.host.plugins.install("rbac-demo");
  });
  afterEach(async () => { await t?.stop(); });

  const pluginRules = async () => (await policyRows(t.host)).filter((r) => r.source === "plugin:rbac-demo").map((r) => [r.v0, r.v1, r.v2]);

  it("enabling for a city installs the manifest's roles there; its actions follow them", async () => {
    await t.host.plugins.enable("rbac-demo", TREE.hefei);
    expect(await installPluginPolicies(t.host, await manifestOf(t, "rbac-demo"), TREE.hefei)).toEqual({ changed: expect.any(Boolean) });
    expect((await pluginRules()).sort()).toEqual([
      ["demo-viewer", TREE.hefei, "demo:read"],
      ["property-operator", TREE.hefei, "demo:manage"],
      ["property-operator", TREE.hefei, "demo:read"],
    ]);

    await t.host.call(RbacActions.grant, { userId: "op", role: BuiltinRoles.propertyOperator, jurisdiction: TREE.yaohai }, SYSTEM);
    await t.host.call(RbacActions.grant, { userId: "viewer", role: "demo-viewer", jurisdiction: TREE.hefei }, SYSTEM);
    expect(await t.host.call("rbac-demo.manage", {}, user("op", TREE.yaohai))).toEqual({ managed: true, jurisdiction: TREE.yaohai });
    expect(await t.host.call("rbac-demo.read", {}, user("viewer", TREE.luyang))).toEqual({ read: true, jurisdiction: TREE.luyang });
    expect(await rejection(t.host.call("rbac-demo.manage", {}, user("viewer", TREE.luyang)))).toMatchObject({ type: "FORBIDDEN", code: 403 });
    // The operator's grant is at one county: the sibling county is out of reach.
    expect(await rejection(t.host.call("rbac-demo.manage", {}, user("op", TREE.luyang)))).toMatchObject({ type: "FORBIDDEN" });
  });

  it("installing twice changes nothing; an enable with no explicit call is picked up by the service", async () => {
    await t.host.plugins.enable("rbac-demo", TREE.tongling);
    // The rbac service hears the plugin change and installs the rules itself.
    await waitFor("plugin rules at Tongling", async () => (await pluginRules()).length === 3);
    expect(await installPluginPolicies(t.host, await manifestOf(t, "rbac-demo"), TREE.tongling)).toEqual({ changed: false });
    expect(await pluginRules()).toHaveLength(3);
  });

  it("disabling removes the plugin's rules, and only the plugin's", async () => {
    await t.host.plugins.enable("rbac-demo", TREE.hefei);
    await installPluginPolicies(t.host, await manifestOf(t, "rbac-demo"), TREE.hefei);
    await t.host.call(RbacActions.addPolicy, { role: "demo-viewer", permission: "pi:unmask", jurisdiction: TREE.hefei }, SYSTEM);
    await t.host.plugins.disable("rbac-demo", TREE.hefei);
    await waitFor("plugin rules gone", async () => (await pluginRules()).length === 0);
    expect((await policyRows(t.host)).filter((r) => r.ptype === "p").map((r) => [r.v0, r.v2, r.source])).toEqual([["demo-viewer", "pi:unmask", "admin"]]);
  });

  it("removePluginPolicies clears one node or every node (uninstall)", async () => {
    const manifest = await manifestOf(t, "rbac-demo");
    await installPluginPolicies(t.host, manifest, TREE.hefei);
    await installPluginPolicies(t.host, manifest, TREE.tongling);
    await removePluginPolicies(t.host, "rbac-demo", TREE.hefei);
    expect(new Set((await pluginRules()).map((r) => r[1]))).toEqual(new Set([TREE.tongling]));
    await removePluginPolicies(t.host, "rbac-demo");
    expect(await pluginRules()).toEqual([]);
  });

  it("an unknown jurisdiction is refused and nothing is written", async () => {
    const error = await rejection(installPluginPolicies(t.host, await manifestOf(t, "rbac-demo"), "999999"));
    expect(error).toMatchObject({ type: "JURISDICTION_NOT_FOUND", code: 404 });
    expect(await pluginRules()).toEqual([]);
  });

  it("roles lists the plugin's new role and the built-in role it extends", async () => {
    const roles = await t.host.call<RoleInfo[]>(RbacActions.roles, {}, SYSTEM);
    expect(roles.find((r) => r.code === "demo-viewer")).toMatchObject({ builtIn: false, duty: null, plugins: ["rbac-demo"] });
    expect(roles.find((r) => r.code === BuiltinRoles.propertyOperator)).toMatchObject({ builtIn: true, plugins: ["rbac-demo"] });
  });
});

describe("plugin manifests", () => {
  const base = { id: "bad-plugin", permissions: [{ code: "bad:read", displayName: { "zh-CN": "读", en: "Read" } }] };

  it("a role may only use permissions its plugin declares", () => {
    expect(() => pluginRulesOf({ ...base, roles: [{ code: "x", displayName: { "zh-CN": "x", en: "x" }, permissions: ["other:read"] }] }))
      .toThrow(expect.objectContaining({ type: "RBAC_PLUGIN_POLICY_INVALID" }));
  });

  it("a plugin may not declare the administrators' permissions (separation of duties)", () => {
    for (const code of ["audit:read", "rbac.grant:manage", "identity.user:manage", "host.plugin:manage", "host.jurisdiction:read"]) {
      const manifest = { id: "bad-plugin", permissions: [{ code, displayName: { "zh-CN": "x", en: "x" } }], roles: [] };
      expect(() => pluginRulesOf(manifest), code).toThrow(expect.objectContaining({ type: "RBAC_PLUGIN_POLICY_INVALID" }));
    }
  });
});
