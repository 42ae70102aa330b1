/**
 * Permission codes the built-in roles carry, and the three administrative duties that must stay
 * apart (MLPS 2.0 level 3, GB/T 22239-2019 §8.1.4: system, security and audit administrators).
 * Codes follow the manifest's code pattern (`area.object:verb`). Identity and audit actions
 * declare these codes on their schemas; RBAC only names them so the roles can carry them.
 */
import { HostPermissions } from "@anju/kernel";

/** The RBAC service's own actions. */
export const RbacPermissions = {
  roleRead: "rbac.role:read",
  grantRead: "rbac.grant:read",
  grantManage: "rbac.grant:manage",
  policyRead: "rbac.policy:read",
  policyManage: "rbac.policy:manage",
} as const;

/** Codes for identity (@anju/identity) actions the security administrator performs. */
export const IdentityPermissions = {
  userRead: "identity.user:read",
  userManage: "identity.user:manage",
  totpReset: "identity.totp:reset",
  offboard: "identity.user:offboard",
} as const;

/** Codes for audit (@anju/audit) actions the audit administrator performs (the same as its `AuditPermissions`). */
export const AuditPermissions = {
  read: "audit:read",
  export: "audit:export",
  verify: "audit:verify",
  purge: "audit:purge",
} as const;

/**
 * Codes for forms (@anju/forms declares them on its actions), devices (@anju/devices) and reports (later issues); named
 * here so the built-in roles are complete. Filling a form and reading what was filled are apart:
 * an official submits, a reviewer reads the submissions of the subtree.
 */
export const WorkPermissions = {
  formRead: "forms.form:read",
  formDesign: "forms.form:design",
  formPublish: "forms.form:publish",
  submissionCreate: "forms.submission:create",
  submissionRead: "forms.submission:read",
  reportRead: "reports.report:read",
  reportSubmit: "reports.report:submit",
  reportExport: "reports.report:export",
  reportReview: "reports.report:review",
  piUnmask: "pi:unmask",
  /** @anju/devices: the device registry and its alarms (the same codes as its `DevicesPermissions`). */
  deviceRead: "devices.device:read",
  deviceManage: "devices.device:manage",
  alarmRead: "devices.alarm:read",
  alarmHandle: "devices.alarm:handle",
  /** @anju/uplink: the link's counters at /api/uplink/status (the same code as its `UplinkPermissions.status`). */
  uplinkStatus: "uplink:status",
} as const;

export type Duty = "system" | "security" | "audit";
export const DUTIES: readonly Duty[] = ["system", "security", "audit"];

/**
 * The duty a permission belongs to, or null for shared ones (reading the jurisdiction tree,
 * plugin permissions, business work). Patterns rather than lists, so a code added later by
 * identity or audit falls into its duty without touching this file.
 */
export function dutyOf(permission: string): Duty | null {
  if (/^host\.[a-z0-9-]+:manage$/.test(permission)) return "system";
  if (/^(identity|rbac)[.:]/.test(permission)) return "security";
  if (/^audit[.:]/.test(permission)) return "audit";
  return null;
}

/** Prefixes a plugin may not declare permissions under: they belong to the host's duties. */
export function isReservedPermission(permission: string): boolean {
  return dutyOf(permission) !== null || /^host[.:]/.test(permission);
}

export function dutiesOf(permissions: Iterable<string>): Set<Duty> {
  const out = new Set<Duty>();
  for (const p of permissions) {
    const d = dutyOf(p);
    if (d) out.add(d);
  }
  return out;
}

export const ALL_BUILTIN_PERMISSIONS: readonly string[] = [
  ...Object.values(HostPermissions),
  ...Object.values(RbacPermissions),
  ...Object.values(IdentityPermissions),
  ...Object.values(AuditPermissions),
  ...Object.values(WorkPermissions),
];
