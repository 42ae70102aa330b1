/**
 * What roles and permissions exist: the built-in ones, and those declared by installed
 * plugins' manifests. Grants and rules may only name these, so a typo is a coded error rather
 * than a silent rule that never matches.
 */
import type { DataSource } from "typeorm";
import type { I18nText, PluginManifest } from "@anju/kernel";
import { ALL_BUILTIN_PERMISSIONS, type Duty } from "./permissions.js";
import { BUILTIN_ROLES } from "./roles.js";

export interface RoleInfo {
  code: string;
  displayName: I18nText;
  builtIn: boolean;
  duty: Duty | null;
  /** Global permissions (built-in roles); plugin and administrator rules are listed by `policies`. */
  permissions: string[];
  /** Plugins whose manifests define or extend this role. */
  plugins: string[];
}

export interface PermissionInfo { code: string; displayName?: I18nText; plugin: string | null }

export async function installedManifests(ds: DataSource): Promise<PluginManifest[]> {
  const rows: Array<{ state: string; manifest: string }> = await ds.query("SELECT state, manifest FROM anju_plugin");
  const out: PluginManifest[] = [];
  for (const r of rows) {
    if (r.state !== "installed") continue;
    try { out.push(JSON.parse(r.manifest) as PluginManifest); } catch { /* a broken row is the plugin manager's to report */ }
  }
  return out;
}

export async function knownRoles(ds: DataSource): Promise<Map<string, RoleInfo>> {
  const roles = new Map<string, RoleInfo>(BUILTIN_ROLES.map((r) => [r.code, {
    code: r.code, displayName: r.displayName, builtIn: true, duty: r.duty ?? null, permissions: [...r.permissions], plugins: [],
  }]));
  for (const m of await installedManifests(ds)) {
    for (const role of m.roles ?? []) {
      const info = roles.get(role.code) ?? { code: role.code, displayName: role.displayName, builtIn: false, duty: null, permissions: [], plugins: [] };
      info.plugins.push(m.id);
      roles.set(role.code, info);
    }
  }
  return roles;
}

export async function knownPermissions(ds: DataSource): Promise<Map<string, PermissionInfo>> {
  const perms = new Map<string, PermissionInfo>(ALL_BUILTIN_PERMISSIONS.map((code) => [code, { code, plugin: null }]));
  for (const m of await installedManifests(ds)) {
    for (const p of m.permissions ?? []) if (!perms.has(p.code)) perms.set(p.code, { code: p.code, displayName: p.displayName, plugin: m.id });
  }
  return perms;
}
