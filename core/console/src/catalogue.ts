/**
 * The plugin manager's catalogue: the kernel's plugin list plus what the page shows that the
 * list leaves out — description, version, the settings schema (for the settings form) and
 * where in the caller's subtree each plugin is in effect, inherited rows included.
 */
import type { ServiceBroker } from "moleculer";
import { hostOf, readPluginPackage, type PluginManifest, type RequestContext } from "@anju/kernel";
import type { PluginCatalogue, PluginCatalogueEntry } from "./types.js";

function manifestFrom(row: { manifest: string } | undefined, source: string | null): PluginManifest | null {
  if (row) {
    try {
      return JSON.parse(row.manifest) as PluginManifest;
    } catch {
      return null;
    }
  }
  if (!source) return null;
  try {
    return readPluginPackage(source).manifest;
  } catch {
    // Discovery already reported a broken package among `problems`.
    return null;
  }
}

export async function buildCatalogue(broker: ServiceBroker, rc: Readonly<RequestContext>): Promise<PluginCatalogue> {
  const host = hostOf(broker);
  const pm = host.plugins;
  const [list, rows, nodes] = await Promise.all([pm.list(), pm.installedRows(), host.jurisdictions.list(rc.jurisdiction)]);
  const plugins: PluginCatalogueEntry[] = list.map((info) => {
    const row = rows.get(info.id);
    const manifest = manifestFrom(row, info.source);
    const enabledAt = info.state === "installed" ? nodes.filter((n) => pm.cache.isEnabled(info.id, n.code)).map((n) => n.code) : [];
    const visibleRows = info.jurisdictions.filter((j) => nodes.some((n) => n.code === j.jurisdiction));
    return {
      ...info,
      jurisdictions: visibleRows,
      description: manifest?.description ?? null,
      version: info.installedVersion ?? info.availableVersion,
      settings: manifest?.settings ?? null,
      enabledAt,
    };
  });
  return { plugins, problems: pm.discoveryProblems() };
}
