/**
 * Finds plugin packages: every sub-folder of the configured plugin folders and of the install
 * folder whose package.json has an "anju" block. Invalid ones are reported, not fatal, so one
 * broken package cannot stop a node; duplicates are refused by id.
 */
import fs from "node:fs";
import path from "node:path";
import type { AnjuError } from "@anju/errors";
import { KernelErrors } from "../errors/catalogue.js";
import { readPluginPackage, type PluginPackage } from "./manifest.js";

export interface DiscoveryResult {
  packages: Map<string, PluginPackage>;
  problems: Array<{ dir: string; error: AnjuError }>;
}

function hasManifest(dir: string): boolean {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    return typeof pkg === "object" && pkg !== null && "anju" in pkg;
  } catch {
    return false;
  }
}

export function discoverPlugins(dirs: string[]): DiscoveryResult {
  const packages = new Map<string, PluginPackage>();
  const problems: DiscoveryResult["problems"] = [];
  for (const root of dirs) {
    if (!fs.existsSync(root)) continue;
    for (const name of fs.readdirSync(root).sort()) {
      const dir = path.join(root, name);
      if (!fs.statSync(dir).isDirectory() || !hasManifest(dir)) continue;
      try {
        const pkg = readPluginPackage(dir);
        const existing = packages.get(pkg.manifest.id);
        if (existing && fs.realpathSync(existing.dir) !== fs.realpathSync(pkg.dir)) {
          problems.push({ dir, error: KernelErrors.PLUGIN_DUPLICATE_ID({ id: pkg.manifest.id, sources: [existing.dir, pkg.dir] }) });
          continue;
        }
        packages.set(pkg.manifest.id, pkg);
      } catch (err) {
        problems.push({ dir, error: err as AnjuError });
      }
    }
  }
  return { packages, problems };
}
