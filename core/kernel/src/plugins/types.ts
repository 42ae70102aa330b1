/**
 * The plugin contract: the manifest (package.json "anju") and what a plugin's entry module
 * exports via `definePlugin`.
 */
import type { ServiceBroker, ServiceSchema, Logger } from "moleculer";
import type { DataSource, EntitySchema, QueryRunner } from "typeorm";
import type { Migration } from "@anju/data";

export type PluginKind = "base" | "city" | "feature" | "driver";
export interface I18nText { "zh-CN": string; en: string }

export interface PluginPermission { code: string; displayName: I18nText }
export interface PluginRole { code: string; displayName: I18nText; permissions: string[] }
export interface PluginMenu { key: string; title: I18nText; icon?: string; page?: string; permission?: string; children?: PluginMenu[] }
export interface PluginPage { key: string; type: "table" | "form" | "detail" | "chart" | "board" | "groups"; title: I18nText; [option: string]: unknown }

export interface PluginPiField {
  entity: string;
  field: string;
  kind: "name" | "phone" | "idNumber" | "plate" | "faceTemplateRef" | "address" | "credential";
  sensitive?: boolean;
  indexed?: boolean;
  purpose?: I18nText;
}

/**
 * `anju.driver`: a device driver's code. It runs only in its own child process (the device
 * runtime's DriverSupervisor); the host never imports it.
 */
export interface PluginDriver {
  /** Entry module relative to the package folder; its default export is `defineDriver(...)`. */
  entry: string;
  /** Heap limit of the driver's process in MB (the runtime's default when absent). */
  memoryMb?: number;
}

export interface PluginManifest {
  id: string;
  version: string;
  kind: PluginKind;
  displayName: I18nText;
  description?: I18nText;
  vendor?: string;
  /** Semver range of the host API this plugin works with (see HOST_API_VERSION). */
  host: string;
  /** Required plugins: id → semver range. */
  requires?: Record<string, string>;
  permissions?: PluginPermission[];
  roles?: PluginRole[];
  settings?: { schema: Record<string, unknown>; uischema?: Record<string, unknown> };
  forms?: string[];
  /** Personal-information fields (see PI_DECLARATIONS_SCHEMA). */
  pi?: PluginPiField[];
  menus?: PluginMenu[];
  pages?: PluginPage[];
  capabilities?: string[];
  /** Entry module relative to the package folder (default `src/index.ts`, then `dist/index.js`). */
  main?: string;
  /** Required when kind is "driver", refused otherwise. */
  driver?: PluginDriver;
}

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** A REST route the gateway serves under `/api/<plugin-id>/<path>`. */
export interface PluginRoute {
  method: HttpMethod;
  /** Relative to `/api/<plugin-id>`, e.g. `/communities/:id`. */
  path: string;
  /** Full action name; must belong to one of the plugin's services. */
  action: string;
}

export interface HookContext {
  pluginId: string;
  manifest: PluginManifest;
  ds: DataSource;
  /** The transaction the hook runs in: write through it so a throw leaves nothing behind. */
  qr: QueryRunner;
  broker: ServiceBroker;
  logger: Logger;
}

export interface JurisdictionHookContext extends HookContext {
  jurisdiction: string;
}

export interface UpgradeHookContext extends HookContext {
  fromVersion: string;
}

export interface PluginHooks {
  install?(ctx: HookContext): Promise<void> | void;
  upgrade?(ctx: UpgradeHookContext): Promise<void> | void;
  enable?(ctx: JurisdictionHookContext): Promise<void> | void;
  disable?(ctx: JurisdictionHookContext): Promise<void> | void;
  uninstall?(ctx: HookContext): Promise<void> | void;
}

export interface DemoContext {
  ds: DataSource;
  broker: ServiceBroker;
  /** Call an action as the system principal within a jurisdiction. */
  call<T = unknown>(action: string, params: Record<string, unknown>, jurisdiction: string): Promise<T>;
}

export interface PluginDefinition {
  /** Moleculer service schemas; names must be `<id>` or `<id>.<name>`. One instance per node. */
  services?: ServiceSchema[];
  /** TypeORM entity schemas (use `defineTenantEntity` for per-jurisdiction tables). */
  entities?: EntitySchema<any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any -- EntitySchema's row type varies per entity
  migrations?: Migration[];
  routes?: PluginRoute[];
  hooks?: PluginHooks;
  /** Seeds demo data under the given jurisdictions (embedded default's first start). */
  demo?(ctx: DemoContext): Promise<void>;
}

/** Identity function that gives plugin authors type checking. */
export function definePlugin(def: PluginDefinition): PluginDefinition {
  return def;
}

export type PluginState = "installed" | "failed";
