/** A plugin action → the REST route the gateway serves for it (`/api/<plugin>/…`). */
import type { PluginRoute } from "@anju/kernel";
import type { RouteRef } from "./types.js";

const READS = new Set(["GET"]);

/**
 * The route for `action`: the shortest path wins (`/communities` over
 * `/communities/:communityId/buildings`), so a list page is bound to the collection route and
 * not to a nested view that needs an id the page does not have.
 */
export function routeFor(pluginId: string, routes: readonly PluginRoute[], action: string, prefer: "read" | "write" = "read"): RouteRef | null {
  const candidates = routes.filter((r) => r.action === action);
  if (candidates.length === 0) return null;
  const score = (r: PluginRoute) => (READS.has(r.method) === (prefer === "read") ? 0 : 1000) + (r.path.match(/:/g)?.length ?? 0) * 100 + r.path.length;
  const best = [...candidates].sort((a, b) => score(a) - score(b))[0];
  const rel = best.path.startsWith("/") ? best.path : `/${best.path}`;
  return { method: best.method, path: `/api/${pluginId}${rel}` };
}
