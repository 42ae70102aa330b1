/**
 * The console's navigation for one caller: the menus and pages of every plugin in effect at the
 * caller's current jurisdiction, less what the caller's permissions do not cover, followed by
 * the built-in administration menus. A page is kept only if the caller may call its data
 * action; a menu only if its own permission holds and its page (if any) was kept.
 */
import type { ServiceBroker } from "moleculer";
import { hostOf, type PluginManifest, type RequestContext } from "@anju/kernel";
import { adminMenus, devicesMenus, formsMenus } from "./admin-menus.js";
import { pluginMessages } from "./locales.js";
import { pageProblems } from "./page-check.js";
import { permissionCheck, type PermissionCheck } from "./permissions.js";
import { actionIndex, type ActionInfo } from "./registry.js";
import { routeFor } from "./routes-of.js";
import type { NavAnswer, NavMenu, NavPage, NavWidget, PageSelect } from "./types.js";
import { sortWidgets, widgetsOf } from "./widgets.js";

type Loaded = ReturnType<ReturnType<typeof hostOf>["plugins"]["loadedPlugins"]>[number];
type ManifestPage = NonNullable<PluginManifest["pages"]>[number];
type ManifestMenu = NonNullable<PluginManifest["menus"]>[number];

/** Actions read with GET (a detail view, an export); the others are changes. */
const READ_ACTIONS = new Set(["detail", "get", "export", "stats"]);
const PAGE_FIELDS = new Set(["key", "type", "title", "action", "actions", "widgets", "select"]);

export function pagePath(plugin: string, page: string): string {
  return `/p/${plugin}/${page}`;
}

/**
 * A groups page's chooser: the list action's GET route, found among the plugins in effect here
 * (the action may be another plugin's, e.g. the registry's community list), when the caller may
 * call it; `route` null otherwise.
 */
async function buildSelect(raw: unknown, inEffect: readonly Loaded[], index: Map<string, ActionInfo>, allowed: PermissionCheck): Promise<PageSelect | undefined> {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return undefined;
  const s = raw as Record<string, unknown>;
  if (typeof s.param !== "string" || typeof s.action !== "string") return undefined;
  const info = index.get(s.action);
  let route: PageSelect["route"] = null;
  if (info && (await allowed(info.permission))) {
    for (const p of inEffect) {
      route = routeFor(p.pkg.manifest.id, p.def.routes ?? [], s.action, "read");
      if (route) break;
    }
    if (route && route.method !== "GET") route = null;
  }
  return {
    param: s.param, action: s.action, route,
    label: typeof s.label === "string" ? s.label : "name",
    value: typeof s.value === "string" ? s.value : "id",
    title: s.title && typeof s.title === "object" ? (s.title as PageSelect["title"]) : null,
  };
}

async function buildPage(loaded: Loaded, page: ManifestPage, index: Map<string, ActionInfo>, allowed: PermissionCheck, inEffect: readonly Loaded[]): Promise<NavPage | null> {
  const id = loaded.pkg.manifest.id;
  const routes = loaded.def.routes ?? [];
  const action = typeof page.action === "string" ? page.action : null;
  const info = action ? index.get(action) : undefined;
  const pagePermission = typeof page.permission === "string" ? page.permission : null;
  if (!(await allowed(info?.permission ?? pagePermission))) return null;

  const actions: NavPage["actions"] = {};
  const declared = page.actions && typeof page.actions === "object" ? (page.actions as Record<string, unknown>) : {};
  for (const [name, target] of Object.entries(declared)) {
    if (typeof target !== "string") continue;
    const targetInfo = index.get(target);
    if (!(await allowed(targetInfo?.permission))) continue;
    actions[name] = { action: target, route: routeFor(id, routes, target, READ_ACTIONS.has(name) ? "read" : "write"), params: targetInfo?.params ?? null };
  }
  const options = Object.fromEntries(Object.entries(page).filter(([k]) => !PAGE_FIELDS.has(k)));
  const problems = pageProblems(page as Record<string, unknown>, (name) => index.has(name));
  const select = page.type === "groups" ? await buildSelect(page.select, inEffect, index, allowed) : undefined;
  return {
    plugin: id, key: page.key, type: page.type, title: page.title, path: pagePath(id, page.key),
    // A form page submits through its action; the other types read through it.
    action, route: action ? routeFor(id, routes, action, page.type === "form" ? "write" : "read") : null, params: info?.params ?? null, actions, options,
    ...(select ? { select } : {}),
    ...(problems.length ? { problems } : {}),
  };
}

/** The widgets of the kept pages; a wrongly declared widget becomes a problem of its page. */
function pageWidgets(id: string, manifestPages: readonly ManifestPage[], pages: Map<string, NavPage>): NavWidget[] {
  const pagePaths = new Map([...pages.values()].map((p) => [p.key, p.path]));
  const out: NavWidget[] = [];
  for (const page of manifestPages) {
    const built = pages.get(page.key);
    if (!built) continue;
    const { widgets, problems } = widgetsOf({ plugin: id, page: page as Record<string, unknown> & { key: string }, route: built.route, pagePaths });
    out.push(...widgets);
    if (problems.length) built.problems = [...(built.problems ?? []), ...problems];
  }
  return out;
}

async function filterMenus(id: string, menus: readonly ManifestMenu[], pages: Map<string, NavPage>, allowed: PermissionCheck): Promise<NavMenu[]> {
  const out: NavMenu[] = [];
  for (const menu of menus) {
    if (!(await allowed(menu.permission))) continue;
    const page = menu.page ? pages.get(menu.page) : undefined;
    if (menu.page && !page) continue;
    const children = menu.children ? await filterMenus(id, menu.children, pages, allowed) : undefined;
    // A group whose every child was filtered out would open onto nothing.
    if (!page && menu.children && children!.length === 0) continue;
    out.push({
      key: menu.key, title: menu.title, plugin: id,
      ...(menu.icon ? { icon: menu.icon } : {}),
      ...(page ? { path: page.path } : {}),
      ...(children?.length ? { children } : {}),
    });
  }
  return out;
}

export async function buildNav(broker: ServiceBroker, rc: Readonly<RequestContext>): Promise<Omit<NavAnswer, "roles">> {
  const host = hostOf(broker);
  const allowed = permissionCheck(broker, rc);
  const index = actionIndex(broker);
  const answer: Omit<NavAnswer, "roles"> = { jurisdiction: rc.jurisdiction, menus: [], pages: [], messages: {}, widgets: [] };
  const jurisdiction = rc.jurisdiction;
  const loaded = host.plugins.loadedPlugins()
    .filter((p) => jurisdiction !== null && host.plugins.cache.isEnabled(p.pkg.manifest.id, jurisdiction))
    .sort((a, b) => a.pkg.manifest.id.localeCompare(b.pkg.manifest.id));
  for (const plugin of loaded) {
    const { manifest } = plugin.pkg;
    const pages = new Map<string, NavPage>();
    for (const page of manifest.pages ?? []) {
      const built = await buildPage(plugin, page, index, allowed, loaded);
      if (built) pages.set(page.key, built);
    }
    const menus = await filterMenus(manifest.id, manifest.menus ?? [], pages, allowed);
    if (pages.size === 0 && menus.length === 0) continue;
    answer.widgets.push(...pageWidgets(manifest.id, manifest.pages ?? [], pages));
    answer.pages.push(...pages.values());
    answer.menus.push(...menus);
    answer.messages[manifest.id] = pluginMessages(plugin.pkg.dir, manifest.version);
  }
  answer.menus.push(...(await devicesMenus(allowed, (name) => index.has(name))));
  answer.menus.push(...(await formsMenus(allowed)));
  answer.menus.push(...(await adminMenus(allowed)));
  answer.widgets = sortWidgets(answer.widgets);
  return answer;
}
