/** Shapes of the server's answers the console uses (see core/identity, core/console, core/kernel). */
export type Locale = "zh-CN" | "en";
export interface I18nText { "zh-CN": string; en: string }

export interface PublicUser {
  id: string;
  username: string;
  displayName: string | null;
  homeJurisdiction: string | null;
  disabled: boolean;
  mustChangePassword: boolean;
  totpEnabled: boolean;
  passwordChangedAt?: string;
  createdAt?: string;
}

export interface Grant { role: string; jurisdiction: string }

export interface Me {
  user: PublicUser;
  jurisdiction: { code: string; name?: string; level?: string };
  roles: Grant[];
  permissions: string[];
  mustChangePassword: boolean;
  mustEnrollTotp: boolean;
  recoveryCodesLeft: number | null;
  session: { idleTimeoutSeconds: number; expiresAt: string; createdAt: string } | null;
}

export interface LoginAnswer {
  jurisdiction: string;
  user: PublicUser;
  mustChangePassword: boolean;
  mustEnrollTotp: boolean;
  idleTimeoutSeconds: number;
  expiresAt: string;
}

export interface Jurisdiction { code: string; name: string; level: string; parentCode: string | null; path: string }

export interface RouteRef { method: string; path: string }
export interface NavMenu { key: string; title: I18nText; icon?: string; path?: string; plugin?: string; children?: NavMenu[] }
export interface NavPage {
  plugin: string;
  key: string;
  type: "table" | "form" | "detail" | "chart" | "board" | "groups";
  title: I18nText;
  path: string;
  action: string | null;
  route: RouteRef | null;
  params: JsonSchema | null;
  actions: Record<string, { action: string; route: RouteRef | null; params: JsonSchema | null }>;
  options: Record<string, unknown>;
  /** A groups page's chooser: the list route (null when the caller may not list — a number is asked for instead). */
  select?: { param: string; action: string; route: RouteRef | null; label: string; value: string; title: I18nText | null };
  /** What is wrong with the manifest's declaration of this page (core/console page-check.ts). */
  problems?: Array<{ field: string; message: I18nText }>;
}
export type WidgetKind = "communities" | "devicesOnline" | "openAlarms" | "openWorkOrders" | "reportsDue";
/** A home-page number declared by a plugin page (core/console widgets.ts). */
export interface NavWidget {
  plugin: string;
  page: string;
  key: string;
  kind: WidgetKind | null;
  title: I18nText | null;
  icon: string | null;
  value: string;
  total: string | null;
  note: { value: string; title: I18nText } | null;
  alert: boolean;
  route: RouteRef;
  link: string | null;
}
export type PluginMessages = Partial<Record<Locale, Record<string, unknown>>>;
export interface NavAnswer {
  jurisdiction: string | null;
  menus: NavMenu[];
  pages: NavPage[];
  messages: Record<string, PluginMessages>;
  widgets: NavWidget[];
  /** Display names of the caller's roles by code. */
  roles: Record<string, I18nText>;
}

/** The part of JSON Schema the console reads (filters, forms). */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  items?: JsonSchema;
  title?: string;
  description?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  default?: unknown;
  [k: string]: unknown;
}

export type PackageSignature =
  | { status: "verified"; vendor: string; fingerprint: string; verifiedAt: string }
  | { status: "builtin" }
  | { status: "unsigned-override"; code: string; reason: string };

/** A plugin's run-time state from the host module running it (core/kernel PluginRuntimeInfo). */
export interface PluginRuntime { state: "starting" | "running" | "degraded" | "stopped"; restarts: number; lastError: string | null }

export interface PluginEntry {
  id: string;
  displayName: I18nText;
  description: I18nText | null;
  kind: string;
  vendor?: string;
  requires: Record<string, string>;
  state: "available" | "installed" | "failed";
  error: string | null;
  installedVersion: string | null;
  availableVersion: string | null;
  version: string | null;
  source: string | null;
  loaded: boolean;
  /** Where the package came from (core/kernel PackageSignature); null: not recorded. */
  signature: PackageSignature | null;
  jurisdictions: Array<{ jurisdiction: string; enabled: boolean }>;
  enabledAt: string[];
  settings: { schema: JsonSchema; uischema?: Record<string, unknown> } | null;
  /** The plugin's locale files (settings labels), when it has settings. */
  messages: PluginMessages | null;
  /** Run-time state (driver processes); absent or null when no module runs the plugin. */
  runtime?: PluginRuntime | null;
}

export interface Page<T> { items: T[]; total: number; page: number; pageSize: number }
