/**
 * Plugin permissions. A manifest declares `permissions` and `roles` (each role: code and the
 * permissions it gets). Enabling the plugin for a jurisdiction installs one rule per (role,
 * permission) at that node — covering its subtree — recorded with source `plugin:<id>`;
 * disabling or uninstalling removes them. A plugin may give only permissions it declares, and
 * may not declare host, identity, RBAC or audit codes (the administrators' duties).
 *
 * `installPluginPolicies` is what the enable path calls; `reconcilePluginPolicies` brings the
 * table in line with the enablement rows (run at start and after every plugin change), so a
 * missed call, a disable or an uninstall still ends with the right rules.
 */
import type { Logger } from "moleculer";
import type { AnjuHost, PluginManifest } from "@anju/kernel";
import { installedManifests } from "./catalogue.js";
import type { RbacEngine } from "./engine.js";
import { RbacErrors } from "./errors.js";
import { isReservedPermission } from "./permissions.js";
import { engineOf } from "./registry.js";

/** The manifest's rules as [role, permission], or RBAC_PLUGIN_POLICY_INVALID. */
export function pluginRulesOf(manifest: Pick<PluginManifest, "id" | "permissions" | "roles">): Array<readonly [string, string]> {
  const declared = new Set((manifest.permissions ?? []).map((p) => p.code));
  for (const code of declared) {
    if (isReservedPermission(code)) throw RbacErrors.RBAC_PLUGIN_POLICY_INVALID({ id: manifest.id, reason: `权限 ${code} 属于宿主保留范围 / permission ${code} is reserved for the host` });
  }
  const rules = new Map<string, readonly [string, string]>();
  for (const role of manifest.roles ?? []) {
    for (const permission of role.permissions) {
      if (!declared.has(permission)) {
        throw RbacErrors.RBAC_PLUGIN_POLICY_INVALID({ id: manifest.id, reason: `角色 ${role.code} 使用了未声明的权限 ${permission} / role ${role.code} uses undeclared permission ${permission}` });
      }
      rules.set(`${role.code}\u0000${permission}`, [role.code, permission]);
    }
  }
  return [...rules.values()];
}

function requireEngine(host: AnjuHost): RbacEngine {
  const engine = engineOf(host.broker);
  if (!engine) throw RbacErrors.RBAC_UNAVAILABLE();
  return engine;
}

/**
 * Install the plugin's role rules at `jurisdiction` (idempotent). Call it after the enable
 * has committed: it writes through the host DataSource, not the enable transaction.
 */
export async function installPluginPolicies(host: AnjuHost, manifest: PluginManifest, jurisdiction: string): Promise<{ changed: boolean }> {
  const rules = pluginRulesOf(manifest);
  await host.jurisdictions.get(jurisdiction);
  return { changed: await requireEngine(host).setPluginRules(manifest.id, jurisdiction, rules) };
}

/** Remove the plugin's rules at `jurisdiction`, or everywhere (uninstall). */
export async function removePluginPolicies(host: AnjuHost, pluginId: string, jurisdiction?: string): Promise<{ changed: boolean }> {
  const engine = requireEngine(host);
  const places = jurisdiction
    ? [jurisdiction]
    : [...new Set((await engine.queries.pluginRules({ source: `plugin:${pluginId}` })).map((r) => r.jurisdiction))];
  let changed = false;
  for (const j of places) changed = (await engine.setPluginRules(pluginId, j, [])) || changed;
  return { changed };
}

/**
 * Make plugin rules match enablement: installed plugins' roles at every node they are enabled
 * for, nothing elsewhere. Compares against one read of all plugin rules and touches only the
 * (plugin, node) pairs that differ, so running it after every plugin change stays cheap.
 */
export async function reconcilePluginPolicies(engine: RbacEngine, logger?: Logger): Promise<{ changed: number }> {
  const manifests = new Map((await installedManifests(engine.ds)).map((m) => [m.id, m]));
  const rows: Array<{ plugin_id: string; jurisdiction_code: string; enabled: number | boolean }> =
    await engine.ds.query("SELECT plugin_id, jurisdiction_code, enabled FROM anju_plugin_jurisdiction");
  const key = (pluginId: string, jurisdiction: string) => `${pluginId}\u0000${jurisdiction}`;
  const rulesKey = (rules: ReadonlyArray<readonly [string, string]>) => rules.map(([r, p]) => `${r}\u0000${p}`).sort().join("\n");
  const present = new Map<string, Array<readonly [string, string]>>();
  for (const r of await engine.queries.pluginRules()) {
    const list = present.get(key(r.pluginId, r.jurisdiction)) ?? [];
    list.push([r.role, r.permission]);
    present.set(key(r.pluginId, r.jurisdiction), list);
  }
  const wanted = new Set<string>();
  let changed = 0;
  for (const row of rows) {
    const manifest = manifests.get(row.plugin_id);
    if (!manifest || !Number(row.enabled)) continue;
    const k = key(row.plugin_id, row.jurisdiction_code);
    wanted.add(k);
    try {
      const rules = pluginRulesOf(manifest);
      if (rulesKey(rules) === rulesKey(present.get(k) ?? [])) continue;
      if (await engine.setPluginRules(row.plugin_id, row.jurisdiction_code, rules)) changed++;
    } catch (err) {
      logger?.warn(`插件 ${row.plugin_id} 的权限未安装 / plugin permissions not installed: ${(err as Error).message}`);
    }
  }
  for (const k of present.keys()) {
    if (wanted.has(k)) continue;
    const [pluginId, jurisdiction] = k.split("\u0000");
    if (await engine.setPluginRules(pluginId, jurisdiction, [])) changed++;
  }
  return { changed };
}
