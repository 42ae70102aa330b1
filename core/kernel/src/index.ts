/** @anju/kernel — the host: config, broker + middlewares, plugin lifecycle, jurisdictions. */
export { createHost, hostOf, AnjuHost } from "./host.js";
export type { HostOptions, HostSlots } from "./host.js";
export { loadConfig, deepFreeze, deepMerge } from "./config/load.js";
export type { LoadConfigOptions } from "./config/load.js";
export { DEFAULT_CONFIG } from "./config/defaults.js";
export { CONFIG_SCHEMA } from "./config/schema.js";
export type { AnjuConfig, Profile } from "./config/types.js";
export { KernelErrors } from "./errors/catalogue.js";
export type { KernelErrorCode } from "./errors/catalogue.js";
export {
  getRequestContext, requireRequestContext, requireJurisdiction, setRequestContext, systemContext,
  SYSTEM_PRINCIPAL, META_KEY,
} from "./context/request-context.js";
export type { Principal, PrincipalKind, RequestContext } from "./context/request-context.js";
export { SAFE_NAME_PATTERN, isJsonSchema } from "./context/validation.js";
export { JurisdictionStore, LEVELS, CODE_PATTERN } from "./jurisdictions/store.js";
export type { Jurisdiction, JurisdictionInput, Level } from "./jurisdictions/store.js";
export { PluginManager, PLUGINS_CHANGED_EVENT, UNSIGNED_INSTALL_ACTION } from "./plugins/manager.js";
export type { PluginInfo, PackageSignature } from "./plugins/manager.js";
export { HOST_API_VERSION, readPluginPackage, validateManifest } from "./plugins/manifest.js";
export type { PluginPackage } from "./plugins/manifest.js";
export { MANIFEST_SCHEMA, PLUGIN_ID_PATTERN, PI_KINDS, PI_DECLARATIONS_SCHEMA } from "./plugins/manifest-schema.js";
export { resolveOrder, topoSort, dependentsOf } from "./plugins/resolve.js";
export { parseAssignments } from "./plugins/settings.js";
export { PLUGIN_METADATA_KEY, pluginOfAction } from "./plugins/gate.js";
export { definePlugin } from "./plugins/types.js";
// Driver plugins: the device runtime starts this entry in a child process; the host never imports it.
export { driverEntryOf } from "./plugins/loader.js";
export type { PluginDriver } from "./plugins/types.js";
export type {
  PluginDefinition, PluginManifest, PluginPiField, PluginRoute, PluginHooks, HookContext, JurisdictionHookContext,
  UpgradeHookContext, DemoContext, PluginKind, I18nText, HttpMethod,
} from "./plugins/types.js";
export { dataSourceOf, scopedRepository, pluginSettingsOf } from "./plugins/service-helpers.js";
export { HostActions, HostPermissions, HOST_ROUTES } from "./services/actions.js";
export { can } from "./services/authorize.js";
export { fieldErrors } from "./schema/ajv.js";
export type { AuditEvent, AuditResult, AuditSink, Authorizer, HostModule, HostRoute, PluginRuntimeInfo, RequestCredentials } from "./modules.js";
export type { Actor } from "./plugins/manager.js";
export type { JurisdictionActor } from "./jurisdictions/store.js";
export { authorize, actorOf } from "./services/authorize.js";
export { defineActions } from "./services/define.js";
export type { AnjuActionSchema } from "./services/define.js";
