/** What `GET /api/console/nav` and `GET /api/console/plugins` answer (the console's contract). */
import type { I18nText, PluginInfo } from "@anju/kernel";
import type { PageProblem } from "./page-check.js";

export type { PageProblem };

export interface RouteRef {
  method: string;
  /** Full path below the site root, e.g. `/api/community/communities/:id`. */
  path: string;
}

export interface NavMenu {
  key: string;
  title: I18nText;
  icon?: string;
  /** Console route (`/p/<plugin>/<page>` or `/admin/…`); absent on a group. */
  path?: string;
  /** The plugin that declared it; absent on built-in menus. */
  plugin?: string;
  children?: NavMenu[];
}

export interface NavPage {
  plugin: string;
  key: string;
  type: "table" | "form" | "detail" | "chart" | "board" | "groups";
  title: I18nText;
  /** Console route of the page. */
  path: string;
  /** The page's data action and the REST route that reaches it (null when none is routed). */
  action: string | null;
  route: RouteRef | null;
  /** JSON Schema of the action's params (filters, paging and sorting the server accepts). */
  params: Record<string, unknown> | null;
  /** Row and toolbar actions (`create`, `update`, `remove`, `detail`, …) the caller may use, with their routes. */
  actions: Record<string, { action: string; route: RouteRef | null; params: Record<string, unknown> | null }>;
  /**
   * A `groups` page's chooser (which community): the list action's GET route when the caller may
   * call it (`route` null otherwise — the console then asks for the number), the query
   * parameter it fills and the fields of a listed row that label and name an option.
   */
  select?: PageSelect;
  /** Everything else the manifest says about the page (columns, filters, i18n, chart options…). */
  options: Record<string, unknown>;
  /** What is wrong with the page's declaration (present only when something is); the console shows these instead of the page. */
  problems?: PageProblem[];
}

export interface PageSelect {
  param: string;
  action: string;
  route: RouteRef | null;
  label: string;
  value: string;
  title: I18nText | null;
}

/** Home widgets the console knows by name (titled in its own language, shown first). */
export type WidgetKind = "communities" | "devicesOnline" | "openAlarms" | "openWorkOrders" | "reportsDue";

/** A number on the home page, read from a plugin page's GET route (see widgets.ts). */
export interface NavWidget {
  plugin: string;
  /** The page that declared it. */
  page: string;
  key: string;
  kind: WidgetKind | null;
  /** Required when `kind` is null; overrides the console's title otherwise. */
  title: I18nText | null;
  icon: string | null;
  /** Dot path of the number in the route's answer (`devices.online`). */
  value: string;
  /** Dot path of the whole it is part of, shown as "value / total". */
  total: string | null;
  /** A second, smaller number under the value. */
  note: { value: string; title: I18nText } | null;
  /** Draw attention when the value is above zero (open alarms). */
  alert: boolean;
  route: RouteRef;
  /** Console path the widget opens. */
  link: string | null;
}

export interface NavAnswer {
  jurisdiction: string | null;
  menus: NavMenu[];
  pages: NavPage[];
  /** Each enabled plugin's `locales/<lang>.json`, for labels the pages name by key. */
  messages: Record<string, Partial<Record<"zh-CN" | "en", Record<string, unknown>>>>;
  /** Home widgets of the pages above, in display order. */
  widgets: NavWidget[];
  /** Display names of the roles the caller holds (built-in and plugin roles), by code. */
  roles: Record<string, I18nText>;
}

export interface PluginCatalogueEntry extends PluginInfo {
  description: I18nText | null;
  version: string | null;
  settings: { schema: Record<string, unknown>; uischema?: Record<string, unknown> } | null;
  /** Jurisdictions of the caller's subtree where the plugin is in effect (explicitly or inherited). */
  enabledAt: string[];
  /** The plugin's `locales/<lang>.json` when it has settings (their labels are named by key in the UI schema). */
  messages: Partial<Record<"zh-CN" | "en", Record<string, unknown>>> | null;
}

export interface PluginCatalogue {
  plugins: PluginCatalogueEntry[];
  problems: Array<{ dir: string; code: string; message: string }>;
}
