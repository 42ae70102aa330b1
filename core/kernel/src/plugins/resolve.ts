/**
 * Dependency resolution over manifests. Missing, incompatible and cyclic requirements are
 * refused with the chain named (`tongling-reporting → community`).
 */
import semver from "semver";
import { KernelErrors } from "../errors/catalogue.js";
import type { PluginManifest } from "./types.js";

export type ManifestLookup = (id: string) => PluginManifest | undefined;

/**
 * Ids `id` needs, dependencies first, ending with `id` itself. `lookup` answers what is
 * available (installed, or about to be).
 */
export function resolveOrder(id: string, lookup: ManifestLookup): string[] {
  const order: string[] = [];
  const done = new Set<string>();
  const visit = (current: string, chain: string[]): void => {
    if (chain.includes(current)) throw KernelErrors.PLUGIN_DEPENDENCY_CYCLE({ chain: [...chain, current] });
    if (done.has(current)) return;
    const manifest = lookup(current);
    if (!manifest) throw KernelErrors.PLUGIN_DEPENDENCY_MISSING({ chain: [...chain, current] });
    for (const [dep, range] of Object.entries(manifest.requires ?? {})) {
      const depManifest = lookup(dep);
      if (!depManifest) throw KernelErrors.PLUGIN_DEPENDENCY_MISSING({ chain: [...chain, current, dep] });
      if (!semver.satisfies(depManifest.version, range, { includePrerelease: true })) {
        throw KernelErrors.PLUGIN_DEPENDENCY_INCOMPATIBLE({ chain: [...chain, current, dep], range, version: depManifest.version });
      }
      visit(dep, [...chain, current]);
    }
    done.add(current);
    order.push(current);
  };
  visit(id, []);
  return order;
}

/** Ids among `candidates` whose manifests require `id` directly. */
export function dependentsOf(id: string, candidates: PluginManifest[]): string[] {
  return candidates.filter((m) => m.id !== id && m.requires && id in m.requires).map((m) => m.id).sort();
}

/** Sort a set of manifests so every plugin comes after what it requires. */
export function topoSort(manifests: PluginManifest[]): PluginManifest[] {
  const byId = new Map(manifests.map((m) => [m.id, m]));
  const seen = new Set<string>();
  const out: PluginManifest[] = [];
  for (const m of manifests) {
    for (const id of resolveOrder(m.id, (x) => byId.get(x))) {
      if (!seen.has(id)) { seen.add(id); out.push(byId.get(id)!); }
    }
  }
  return out;
}
