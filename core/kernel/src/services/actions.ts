/** Host action names and the REST routes the gateway serves for them. */
import type { PluginRoute } from "../plugins/types.js";

export const HostActions = {
  jurisdictionsList: "jurisdictions.list",
  jurisdictionsGet: "jurisdictions.get",
  jurisdictionsCreate: "jurisdictions.create",
  jurisdictionsUpdate: "jurisdictions.update",
  jurisdictionsMove: "jurisdictions.move",
  jurisdictionsRemove: "jurisdictions.remove",
  pluginsList: "plugins.list",
  pluginsInstall: "plugins.install",
  pluginsEnable: "plugins.enable",
  pluginsDisable: "plugins.disable",
  pluginsSettings: "plugins.settings",
  pluginsConfigure: "plugins.configure",
  pluginsUpgrade: "plugins.upgrade",
  pluginsUninstall: "plugins.uninstall",
} as const;

/** Permission codes host actions declare (the RBAC slot enforces them once identity fills it). */
export const HostPermissions = {
  jurisdictionRead: "host.jurisdiction:read",
  jurisdictionManage: "host.jurisdiction:manage",
  pluginRead: "host.plugin:read",
  pluginManage: "host.plugin:manage",
} as const;

/** Host routes, relative to `/api`. */
export const HOST_ROUTES: PluginRoute[] = [
  { method: "GET", path: "/jurisdictions", action: HostActions.jurisdictionsList },
  { method: "GET", path: "/jurisdictions/:code", action: HostActions.jurisdictionsGet },
  { method: "POST", path: "/jurisdictions", action: HostActions.jurisdictionsCreate },
  { method: "PATCH", path: "/jurisdictions/:code", action: HostActions.jurisdictionsUpdate },
  { method: "POST", path: "/jurisdictions/:code/move", action: HostActions.jurisdictionsMove },
  { method: "DELETE", path: "/jurisdictions/:code", action: HostActions.jurisdictionsRemove },
  { method: "GET", path: "/plugins", action: HostActions.pluginsList },
  { method: "POST", path: "/plugins/:id/install", action: HostActions.pluginsInstall },
  { method: "POST", path: "/plugins/:id/enable", action: HostActions.pluginsEnable },
  { method: "POST", path: "/plugins/:id/disable", action: HostActions.pluginsDisable },
  { method: "GET", path: "/plugins/:id/settings", action: HostActions.pluginsSettings },
  { method: "PUT", path: "/plugins/:id/settings", action: HostActions.pluginsConfigure },
  { method: "POST", path: "/plugins/:id/upgrade", action: HostActions.pluginsUpgrade },
  { method: "DELETE", path: "/plugins/:id", action: HostActions.pluginsUninstall },
];
