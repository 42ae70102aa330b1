/** What `GET /api/console/nav` and `GET /api/console/plugins` answer (the console's contract). */
import type { I18nText, PluginInfo } from "@anju/kernel";

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
  type: "table" | "form" | "detail" | "chart" | "board";
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
  /** Everything else the manifest says about the page (columns, filters, i18n, chart options…). */
  options: Record<string, unknown>;
}

export interface NavAnswer {
  jurisdiction: string | null;
  menus: NavMenu[];
  pages: NavPage[];
  /** Each enabled plugin's `locales/<lang>.json`, for labels the pages name by key. */
  messages: Record<string, Partial<Record<"zh-CN" | "en", Record<string, unknown>>>>;
}

export interface PluginCatalogueEntry extends PluginInfo {
  description: I18nText | null;
  version: string | null;
  settings: { schema: Record<string, unknown>; uischema?: Record<string, unknown> } | null;
  /** Jurisdictions of the caller's subtree where the plugin is in effect (explicitly or inherited). */
  enabledAt: string[];
}

export interface PluginCatalogue {
  plugins: PluginCatalogueEntry[];
  problems: Array<{ dir: string; code: string; message: string }>;
}
