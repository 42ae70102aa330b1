/**
 * Finds plugin packages: every sub-folder of the configured plugin folders and of the install
 * folder whose package.json has an "anju" block. Invalid ones are reported, not fatal, so one
 * broken package cannot stop a node; duplicates are refused by id.
 */
import fs from "node:fs";
import path from "node:path";
import semver from "semver";
import type { AnjuError } from "@anju/errors";
import { KernelErrors } from "../errors/catalogue.js";
import { readPluginPackage, type PluginPackage } from "./manifest.js";

export interface DiscoveryResult {
  packages: Map<string, PluginPackage>;
  problems: Array<{ dir: string; error: AnjuError }>;
}

/** A package with an "anju" block, or a package.json too broken to tell (reported, not skipped). */
function hasManifest(dir: string): boolean {
  const file = path.join(dir, "package.json");
  if (!fs.existsSync(file)) return false;
  try {
    const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
    return typeof pkg === "object" && pkg !== null && "anju" in pkg;
  } catch {
    return true;
  }
}

function isUnder(dir: string, root: string): boolean {
  return path.resolve(dir).startsWith(path.resolve(root) + path.sep);
}

/** Packages under `dirs`; `installDir` (also scanned when listed in `dirs`) holds the host's own copies. */
export function discoverPlugins(dirs: string[], installDir?: string | null): DiscoveryResult {
  const packages = new Map<string, PluginPackage>();
  const problems: DiscoveryResult["problems"] = [];
  for (const root of dirs) {
    if (!fs.existsSync(root)) continue;
    for (const name of fs.readdirSync(root).sort()) {
      const dir = path.join(root, name);
      // The install folder's `node_modules` links to the host's packages (see linkHostModules).
      if (name === "node_modules" || name.startsWith(".")) continue;
      if (!fs.statSync(dir).isDirectory() || !hasManifest(dir)) continue;
      try {
        const pkg = readPluginPackage(dir);
        const existing = packages.get(pkg.manifest.id);
        if (existing && fs.realpathSync(existing.dir) !== fs.realpathSync(pkg.dir)) {
          // Copies the host unpacked itself (an install from a folder, an upgrade's
          // `<id>@<version>`) are versions of one plugin, not rival packages: the newest is on offer.
          if (installDir && (isUnder(pkg.dir, installDir) || isUnder(existing.dir, installDir))) {
            if (semver.gt(pkg.manifest.version, existing.manifest.version)) packages.set(pkg.manifest.id, pkg);
            continue;
          }
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
