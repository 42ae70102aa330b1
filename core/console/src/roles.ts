/**
 * Display names of roles, so the console shows 系统管理员 rather than `system-admin`: the
 * built-in roles (@anju/rbac) and those installed plugins' manifests define — the same list
 * RBAC itself accepts in grants. Only the caller's own roles are answered (the full catalogue
 * with permissions stays behind `rbac.role:read`).
 */
import { BUILTIN_ROLES } from "@anju/rbac";
import { hostOf, type I18nText, type PluginManifest } from "@anju/kernel";
import type { ServiceBroker } from "moleculer";

export async function roleNames(broker: ServiceBroker, codes: readonly string[]): Promise<Record<string, I18nText>> {
  const wanted = new Set(codes);
  const out: Record<string, I18nText> = {};
  for (const r of BUILTIN_ROLES) if (wanted.has(r.code)) out[r.code] = r.displayName;
  if (Object.keys(out).length === wanted.size) return out;
  for (const row of (await hostOf(broker).plugins.installedRows()).values()) {
    if (row.state !== "installed") continue;
    let manifest: PluginManifest;
    try {
      manifest = JSON.parse(row.manifest) as PluginManifest;
    } catch {
      continue; // the plugin manager reports a broken row
    }
    for (const role of manifest.roles ?? []) if (wanted.has(role.code) && !out[role.code]) out[role.code] = role.displayName;
  }
  return out;
}
