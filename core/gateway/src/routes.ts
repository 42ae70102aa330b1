/**
 * The gateway's aliases: the host's routes plus each installed plugin's routes under
 * `/<plugin-id>`. Only these are reachable (mappingPolicy "restrict"): no `$node.*`, no
 * internal action, nothing a plugin did not declare.
 */
import { HOST_ROUTES, type AnjuHost, type PluginRoute } from "@anju/kernel";

export const GATEWAY_ACTIONS = { health: "api.health", openapi: "api.openapi" } as const;

export interface ResolvedRoute extends PluginRoute {
  /** The body goes to the action as a stream (`stream:` alias), unparsed. */
  stream?: boolean;
  /** Path below `/api`. */
  fullPath: string;
  plugin: string | null;
}

const PUBLIC_ROUTES: ResolvedRoute[] = [
  { method: "GET", path: "/health", fullPath: "/health", action: GATEWAY_ACTIONS.health, plugin: null },
  { method: "GET", path: "/openapi.json", fullPath: "/openapi.json", action: GATEWAY_ACTIONS.openapi, plugin: null },
];

export function collectRoutes(host: AnjuHost): ResolvedRoute[] {
  const routes: ResolvedRoute[] = [...PUBLIC_ROUTES, ...HOST_ROUTES.map((r) => ({ ...r, fullPath: r.path, plugin: null }))];
  for (const module of host.modules) {
    for (const r of module.routes ?? []) routes.push({ ...r, fullPath: r.path, plugin: null });
  }
  for (const loaded of host.plugins.loadedPlugins()) {
    const id = loaded.pkg.manifest.id;
    for (const r of loaded.def.routes ?? []) {
      routes.push({ ...r, fullPath: `/${id}${r.path.startsWith("/") ? r.path : `/${r.path}`}`, plugin: id });
    }
  }
  return routes;
}

export function toAliases(routes: ResolvedRoute[]): Record<string, string> {
  const aliases: Record<string, string> = {};
  for (const r of routes) aliases[`${r.method} ${r.fullPath}`] = r.stream ? `stream:${r.action}` : r.action;
  return aliases;
}
