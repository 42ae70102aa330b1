/**
 * @anju/sdk — what a plugin author imports. An allow-list over the host packages: the plugin
 * contract, tenant-scoped data access, the request context and coded errors. Host internals
 * (the plugin manager, config loading, the gateway) are left out on purpose.
 */
export { definePlugin, requireRequestContext, requireJurisdiction, getRequestContext, scopedRepository, pluginSettingsOf, dataSourceOf, SAFE_NAME_PATTERN, HOST_API_VERSION } from "@anju/kernel";
export type {
  PluginDefinition, PluginManifest, PluginRoute, PluginHooks, HookContext, JurisdictionHookContext, UpgradeHookContext,
  DemoContext, PluginKind, I18nText, HttpMethod, RequestContext, Principal,
} from "@anju/kernel";
export { defineTenantEntity, withTenantScope, longTextType, dbTimestamp } from "@anju/data";
export type { Migration, TenantRepository, TenantScope } from "@anju/data";
export { defineErrors, AnjuError } from "@anju/errors";
export type { ErrorSpec, Locale } from "@anju/errors";
// Personal information: a plugin declares its PI fields once (encrypted at rest, masked in output).
export { definePiFields, PiFieldSet, encryptField, isCiphertext } from "@anju/privacy";
export type { PiFieldSpec, PiFieldSetOptions } from "@anju/privacy";
// Device drivers (#7): decode raw messages into readings, device profiles, alarm rules.
export { defineDriver, validateDeviceProfiles, normalizeReadings, decodeMessage, DecodeError, DriverErrors, REJECTION_CODES, REJECTION_MESSAGES, DEVICE_CATEGORIES } from "./driver.js";
export type {
  Quality, Reading, RawReading, ReadingValue, ResourceSpec, DeviceProfile, DeviceCategory, DriverCommand, DriverDefinition, Rejection, RejectionCode,
  NormalizeOptions, NormalizeResult, DecodeOptions, AlarmRule, AlarmTransition, Severity,
} from "./driver.js";
// City-plugin helpers (host-generic): the jurisdiction tree around a caller, a plugin's server
// clock (fixed by tests and the demo), and the permission guard on a plugin's actions.
export { treeAround } from "./jurisdiction-tree.js";
export type { JurisdictionTree } from "./jurisdiction-tree.js";
export { pluginClock, chinaDate, CHINA_OFFSET_MS } from "./plugin-clock.js";
export type { Clock, PluginClock } from "./plugin-clock.js";
export { pluginAccess, callerNode, auditAct } from "./plugin-access.js";
export type { ActionDef, PluginAccess, PluginAccessOptions } from "./plugin-access.js";
