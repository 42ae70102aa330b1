/** Server side of the Anju console: navigation by plugin and permission, the plugin catalogue, RBAC routes. */
export { consoleModule } from "./module.js";
export type { ConsoleModuleOptions } from "./module.js";
export { ConsoleActions, CONSOLE_ROUTES, RBAC_ROUTES } from "./actions.js";
export { AdminPermissions } from "./admin-menus.js";
export { buildNav, pagePath } from "./nav.js";
export { pageProblems } from "./page-check.js";
export { sortWidgets, widgetsOf, WIDGET_KINDS } from "./widgets.js";
export type { NavAnswer, NavMenu, NavPage, NavWidget, PageProblem, PageSelect, PluginCatalogue, PluginCatalogueEntry, RouteRef, WidgetKind } from "./types.js";
