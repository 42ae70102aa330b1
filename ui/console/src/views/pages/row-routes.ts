/**
 * Routes on one record (docs/console-pages.md, "Row routes"): a table row's 详情/编辑/删除 and
 * its `operations`, a detail page's operations. Every `:name` of the route is filled from the
 * record's field of that name — `DELETE /api/community/placements/:deviceCode` from the row's
 * `deviceCode` — and `:id` from the row key when the record has no `id` (a table keyed by
 * `streetCode` whose route says `:id`). A record that lacks a parameter gets no button: the
 * call could only reach the wrong URL, so the console says which parameter is missing in the
 * browser's console (once per page, action and parameter) for the plugin's author.
 */
import { fillPath } from "../../api/http";
import type { NavPage, RouteRef } from "../../api/types";

/** The route's `:name` parameters. */
export function pathParams(route: RouteRef): string[] {
  return [...route.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]);
}

const present = (v: unknown) => v !== undefined && v !== null && v !== "";

/** The value of `:name` for `record`: its own field, or for `:id` the row key's value. */
function paramValue(name: string, record: Record<string, unknown>, rowKey: string): unknown {
  if (present(record[name])) return record[name];
  if (name === "id" && rowKey !== "id") return record[rowKey];
  return undefined;
}

/** The route's path for `record`, or the parameters the record lacks. */
export function recordPath(route: RouteRef, record: Record<string, unknown>, rowKey = "id"): { path: string; missing: [] } | { path: null; missing: string[] } {
  const names = pathParams(route);
  const values = Object.fromEntries(names.map((n) => [n, paramValue(n, record, rowKey)]));
  const missing = names.filter((n) => !present(values[n]));
  if (missing.length) return { path: null, missing };
  return { path: fillPath(route.path, values).path, missing: [] };
}

/** The page's row key (`rowKey`, default `id`). */
export const rowKeyOf = (page: NavPage): string => (typeof page.options.rowKey === "string" && page.options.rowKey ? page.options.rowKey : "id");

const warned = new Set<string>();

/**
 * Tell the plugin's author (browser console, once per page, action and parameters) that a
 * record lacks what the action's route needs, so its button is not offered.
 */
export function warnMissing(page: NavPage, action: string, route: RouteRef, missing: string[]): void {
  const key = `${page.plugin}/${page.key}/${action}/${missing.join(",")}`;
  if (warned.has(key)) return;
  warned.add(key);
  console.warn(
    `[anju] ${page.plugin} page "${page.key}": the route of actions.${action} (${route.method} ${route.path}) needs ${missing.map((m) => `:${m}`).join(", ")}, ` +
    `which the record does not have; the button is not offered. Name the route's parameters after the record's fields (or set rowKey for :id).`,
  );
}

/** `recordPath`, warning the author when the record lacks a parameter. */
export function pathFor(page: NavPage, action: string, route: RouteRef, record: Record<string, unknown>): string | null {
  const { path, missing } = recordPath(route, record, rowKeyOf(page));
  if (path === null) warnMissing(page, action, route, missing);
  return path;
}
