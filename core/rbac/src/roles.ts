/**
 * Built-in roles. Their permissions are global (every jurisdiction): a grant at a node decides
 * where they apply. Plugins add permissions to these roles (or define their own) per
 * jurisdiction through their manifests. The three administrator roles carry one duty each.
 */
import { HostPermissions } from "@anju/kernel";
import type { I18nText } from "@anju/kernel";
import { AuditPermissions, dutiesOf, IdentityPermissions, RbacPermissions, WorkPermissions, type Duty } from "./permissions.js";

export const BuiltinRoles = {
  systemAdmin: "system-admin",
  securityAdmin: "security-admin",
  auditAdmin: "audit-admin",
  jurisdictionAdmin: "jurisdiction-admin",
  formDesigner: "form-designer",
  reportingOfficial: "reporting-official",
  reviewer: "reviewer",
  propertyOperator: "property-operator",
  communityPolice: "community-police",
  vendor: "vendor",
} as const;

export interface RoleDefinition {
  code: string;
  displayName: I18nText;
  permissions: readonly string[];
  /** The administrative duty this role embodies (separation of duties), if any. */
  duty?: Duty;
}

const H = HostPermissions;
const R = RbacPermissions;
const I = IdentityPermissions;
const A = AuditPermissions;
const W = WorkPermissions;

export const BUILTIN_ROLES: readonly RoleDefinition[] = [
  {
    code: BuiltinRoles.systemAdmin, duty: "system",
    displayName: { "zh-CN": "系统管理员", en: "System administrator" },
    permissions: [H.jurisdictionRead, H.jurisdictionManage, H.pluginRead, H.pluginManage, W.uplinkStatus],
  },
  {
    code: BuiltinRoles.securityAdmin, duty: "security",
    displayName: { "zh-CN": "安全管理员", en: "Security administrator" },
    permissions: [H.jurisdictionRead, I.userRead, I.userManage, I.totpReset, I.offboard, R.roleRead, R.grantRead, R.grantManage, R.policyRead, R.policyManage],
  },
  {
    code: BuiltinRoles.auditAdmin, duty: "audit",
    displayName: { "zh-CN": "审计管理员", en: "Audit administrator" },
    permissions: [H.jurisdictionRead, A.read, A.export, A.verify, A.purge],
  },
  {
    code: BuiltinRoles.jurisdictionAdmin,
    displayName: { "zh-CN": "辖区管理员", en: "Jurisdiction administrator" },
    permissions: [H.jurisdictionRead, H.jurisdictionManage, H.pluginRead, W.deviceRead, W.deviceManage, W.alarmRead, W.alarmHandle, W.uplinkStatus],
  },
  {
    code: BuiltinRoles.formDesigner,
    displayName: { "zh-CN": "表单设计员", en: "Form designer" },
    permissions: [H.jurisdictionRead, H.pluginRead, W.formRead, W.formDesign, W.formPublish],
  },
  {
    code: BuiltinRoles.reportingOfficial,
    displayName: { "zh-CN": "填报人员", en: "Reporting official" },
    permissions: [H.jurisdictionRead, W.formRead, W.submissionCreate, W.reportRead, W.reportSubmit, W.reportExport],
  },
  {
    code: BuiltinRoles.reviewer,
    displayName: { "zh-CN": "审核人员", en: "Reviewer" },
    permissions: [H.jurisdictionRead, W.formRead, W.submissionRead, W.reportRead, W.reportReview],
  },
  {
    code: BuiltinRoles.propertyOperator,
    displayName: { "zh-CN": "物业操作员", en: "Property operator" },
    permissions: [H.jurisdictionRead, W.deviceRead, W.deviceManage, W.alarmRead, W.alarmHandle],
  },
  {
    code: BuiltinRoles.communityPolice,
    displayName: { "zh-CN": "社区民警", en: "Community police officer" },
    permissions: [H.jurisdictionRead, W.deviceRead, W.alarmRead],
  },
  {
    code: BuiltinRoles.vendor,
    displayName: { "zh-CN": "设备厂商", en: "Vendor" },
    permissions: [],
  },
];

export const BUILTIN_ROLE_MAP: ReadonlyMap<string, RoleDefinition> = new Map(BUILTIN_ROLES.map((r) => [r.code, r]));

/** The three roles no user may combine (separation of duties). */
export const SOD_ROLES: ReadonlyMap<string, Duty> = new Map(
  BUILTIN_ROLES.filter((r) => r.duty).map((r) => [r.code, r.duty!]));

// Checked at load: a built-in role spans at most one duty, and an administrator role's duty is its own.
for (const role of BUILTIN_ROLES) {
  const duties = dutiesOf(role.permissions);
  if (duties.size > 1 || (role.duty && duties.size === 1 && !duties.has(role.duty))) {
    throw new Error(`built-in role ${role.code} crosses duties: ${[...duties].join(", ")}`);
  }
}
