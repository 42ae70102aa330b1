/**
 * The plugin manager's catalogue: the kernel's plugin list plus what the page shows that the
 * list leaves out — description, version, the settings schema (for the settings form) and
 * where in the caller's subtree each plugin is in effect, inherited rows included.
 */
import type { ServiceBroker } from "moleculer";
import { hostOf, readPluginPackage, type PluginManifest, type RequestContext } from "@anju/kernel";
import { pluginMessages } from "./locales.js";
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

/** A plugin's locale files, for its settings labels; none when its folder is gone. */
function messagesOf(dir: string | null | undefined, version: string): PluginCatalogueEntry["messages"] {
  if (!dir) return null;
  const found = pluginMessages(dir, version);
  return Object.keys(found).length ? found : null;
}

export async function buildCatalogue(broker: ServiceBroker, rc: Readonly<RequestContext>): Promise<PluginCatalogue> {
  const host = hostOf(broker);
  const pm = host.plugins;
  const [list, rows, nodes] = await Promise.all([pm.list(), pm.installedRows(), host.jurisdictions.list(rc.jurisdiction)]);
  const loadedDirs = new Map(pm.loadedPlugins().map((p) => [p.pkg.manifest.id, p.pkg.dir]));
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
      messages: manifest?.settings && manifest.version ? messagesOf(loadedDirs.get(info.id) ?? info.source, manifest.version) : null,
    };
  });
  return { plugins, problems: pm.discoveryProblems() };
}
