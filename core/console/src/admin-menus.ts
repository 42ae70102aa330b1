/**
 * The console's own administration pages, each shown to whoever holds the permission its page
 * needs. With the built-in roles this is separation of duties as MLPS level 3 asks: users and
 * roles for the security administrator, the audit log for the audit administrator, the
 * jurisdiction tree and the plugin manager for the system administrator.
 */
import { HostPermissions } from "@anju/kernel";
import type { PermissionCheck } from "./permissions.js";
import type { NavMenu } from "./types.js";

/** Permission codes of identity, RBAC and audit (owned by those packages; repeated, not imported). */
export const AdminPermissions = {
  userRead: "identity.user:read",
  roleRead: "rbac.role:read",
  auditRead: "audit:read",
  jurisdictionManage: HostPermissions.jurisdictionManage,
  pluginManage: HostPermissions.pluginManage,
} as const;

interface AdminItem extends NavMenu { permission: string }

const ITEMS: AdminItem[] = [
  { key: "admin-users", title: { "zh-CN": "用户管理", en: "Users" }, icon: "user", path: "/admin/users", permission: AdminPermissions.userRead },
  { key: "admin-roles", title: { "zh-CN": "角色与授权", en: "Roles and grants" }, icon: "key", path: "/admin/roles", permission: AdminPermissions.roleRead },
  { key: "admin-audit", title: { "zh-CN": "审计日志", en: "Audit log" }, icon: "document-checked", path: "/admin/audit", permission: AdminPermissions.auditRead },
  { key: "admin-jurisdictions", title: { "zh-CN": "行政区划", en: "Jurisdictions" }, icon: "location", path: "/admin/jurisdictions", permission: AdminPermissions.jurisdictionManage },
  { key: "admin-plugins", title: { "zh-CN": "插件管理", en: "Plugins" }, icon: "grid", path: "/admin/plugins", permission: AdminPermissions.pluginManage },
];

/** Permission codes of the forms package (owned by @anju/forms; repeated, not imported). */
export const FormsMenuPermissions = { formRead: "forms.form:read", formDesign: "forms.form:design" } as const;

/**
 * The forms list ("表单 / Forms") for whoever may read or design forms: designers design and
 * publish there, reporting officials fill in; the page shows each only the buttons their
 * permissions allow.
 */
export async function formsMenus(allowed: PermissionCheck): Promise<NavMenu[]> {
  if (!(await allowed(FormsMenuPermissions.formRead)) && !(await allowed(FormsMenuPermissions.formDesign))) return [];
  return [{ key: "forms", title: { "zh-CN": "表单", en: "Forms" }, icon: "document", path: "/forms" }];
}

/** One "Administration" group holding the pages the caller may use, or nothing. */
export async function adminMenus(allowed: PermissionCheck): Promise<NavMenu[]> {
  const children: NavMenu[] = [];
  for (const { permission, ...item } of ITEMS) if (await allowed(permission)) children.push(item);
  if (children.length === 0) return [];
  return [{ key: "admin", title: { "zh-CN": "系统管理", en: "Administration" }, icon: "setting", children }];
}

/** Permission and action names of the device platform (owned by @anju/devices; repeated, not imported). */
export const DevicesMenuPermissions = {
  deviceRead: "devices.device:read",
  alarmRead: "devices.alarm:read",
} as const;
const DEVICES_ACTIONS = { list: "devices.list", alarms: "devices.alarms" } as const;

/**
 * "设备与告警 / Devices & alarms": live alarms and the device registry, each for whoever may read
 * it, and only on a node where the devices module serves them (`hasAction`): a console without
 * the device platform offers no page that would answer "not found".
 */
export async function devicesMenus(allowed: PermissionCheck, hasAction: (name: string) => boolean): Promise<NavMenu[]> {
  const children: NavMenu[] = [];
  if (hasAction(DEVICES_ACTIONS.alarms) && (await allowed(DevicesMenuPermissions.alarmRead))) {
    children.push({ key: "devices-alarms", title: { "zh-CN": "实时告警", en: "Live alarms" }, icon: "bell", path: "/devices/alarms" });
  }
  if (hasAction(DEVICES_ACTIONS.list) && (await allowed(DevicesMenuPermissions.deviceRead))) {
    children.push({ key: "devices-list", title: { "zh-CN": "设备", en: "Devices" }, icon: "cpu", path: "/devices" });
  }
  if (children.length === 0) return [];
  return [{ key: "devices", title: { "zh-CN": "设备与告警", en: "Devices & alarms" }, icon: "monitor", children }];
}
