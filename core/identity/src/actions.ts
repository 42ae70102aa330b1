/** Identity's names: actions, permission codes, audit action names, the session cookie and the REST routes. */
import type { PluginRoute } from "@anju/kernel";

export const SESSION_COOKIE = "anju_sid";

export const AuthActions = {
  login: "auth.login",
  logout: "auth.logout",
  me: "auth.me",
  password: "auth.password",
  switchJurisdiction: "auth.switchJurisdiction",
  totpEnroll: "auth.totpEnroll",
  totpConfirm: "auth.totpConfirm",
  createApiKey: "auth.createApiKey",
  listApiKeys: "auth.listApiKeys",
  revokeApiKey: "auth.revokeApiKey",
} as const;

export const UserActions = {
  list: "users.list",
  get: "users.get",
  create: "users.create",
  disable: "users.disable",
  enable: "users.enable",
  resetPassword: "users.resetPassword",
  resetTotp: "users.resetTotp",
  offboard: "users.offboard",
  listApiKeys: "users.listApiKeys",
  revokeApiKey: "users.revokeApiKey",
  recordPledge: "users.recordPledge",
  recordTraining: "users.recordTraining",
  staffRecords: "users.staffRecords",
} as const;

export const IdentityActions = { ...AuthActions, users: UserActions } as const;

/**
 * Permission codes the users actions declare (`permission` on the action; RBAC enforces them).
 * The same codes as @anju/rbac's `IdentityPermissions`. Pledge and training records (H10) go
 * with account management: read with `userRead`, recorded with `userManage`.
 */
export const IdentityPermissions = {
  userRead: "identity.user:read",
  userManage: "identity.user:manage",
  totpReset: "identity.totp:reset",
  offboard: "identity.user:offboard",
} as const;

export const IDENTITY_PERMISSION_LIST = [
  { code: IdentityPermissions.userRead, displayName: { "zh-CN": "查看用户及其承诺、培训记录", en: "View users, their pledges and training" } },
  { code: IdentityPermissions.userManage, displayName: { "zh-CN": "管理用户（创建、停用、重置、登记承诺与培训）", en: "Manage users (create, disable, reset, record pledges and training)" } },
  { code: IdentityPermissions.totpReset, displayName: { "zh-CN": "重置动态验证码", en: "Reset one-time-code enrolment" } },
  { code: IdentityPermissions.offboard, displayName: { "zh-CN": "办理离岗（停用账户、吊销密钥、登记归还）", en: "Offboard staff (disable, revoke keys, record returns)" } },
];

/**
 * Who holds identity's permissions, as @anju/rbac's built-in roles define it (separation of
 * duties, MLPS level 3): account work is the security administrator's alone — the system and
 * audit administrators hold none of it. Used only as the fallback when no RBAC service runs.
 */
export const SUGGESTED_ROLE_PERMISSIONS: Record<string, string[]> = {
  "security-admin": Object.values(IdentityPermissions),
};

/** `action` values of the audit events identity emits (lower case: the audit service's pattern). */
export const IdentityAuditActions = {
  login: "auth.login",
  lock: "auth.lock",
  logout: "auth.logout",
  session: "auth.session",
  password: "auth.password",
  totpEnrol: "auth.totp.enrol",
  apiKeyCreate: "auth.apikey.create",
  apiKeyRevoke: "auth.apikey.revoke",
  userCreate: "users.create",
  userDisable: "users.disable",
  userEnable: "users.enable",
  passwordReset: "users.password.reset",
  totpReset: "users.totp.reset",
  offboard: "users.offboard",
  pledge: "users.pledge",
  training: "users.training",
  bootstrap: "users.bootstrap-admin",
  denied: "identity.denied",
} as const;

/**
 * While a session must change its password or set up a second factor, only these actions are
 * allowed (the gateway passes the action to `authenticateSession`).
 */
export const PASSWORD_CHANGE_ALLOWED: readonly string[] = [AuthActions.me, AuthActions.logout, AuthActions.password];
export const TOTP_ENROLMENT_ALLOWED: readonly string[] = [AuthActions.me, AuthActions.logout, AuthActions.totpEnroll, AuthActions.totpConfirm];

/** REST routes relative to `/api` (mount as host routes: `/api/auth/login`, `/api/users`, …). */
export const IDENTITY_ROUTES: PluginRoute[] = [
  { method: "POST", path: "/auth/login", action: AuthActions.login },
  { method: "POST", path: "/auth/logout", action: AuthActions.logout },
  { method: "GET", path: "/auth/me", action: AuthActions.me },
  { method: "POST", path: "/auth/password", action: AuthActions.password },
  { method: "POST", path: "/auth/jurisdiction", action: AuthActions.switchJurisdiction },
  { method: "POST", path: "/auth/totp/enroll", action: AuthActions.totpEnroll },
  { method: "POST", path: "/auth/totp/confirm", action: AuthActions.totpConfirm },
  { method: "GET", path: "/auth/api-keys", action: AuthActions.listApiKeys },
  { method: "POST", path: "/auth/api-keys", action: AuthActions.createApiKey },
  { method: "DELETE", path: "/auth/api-keys/:id", action: AuthActions.revokeApiKey },
  { method: "GET", path: "/users", action: UserActions.list },
  { method: "POST", path: "/users", action: UserActions.create },
  { method: "GET", path: "/users/:id", action: UserActions.get },
  { method: "POST", path: "/users/:id/disable", action: UserActions.disable },
  { method: "POST", path: "/users/:id/enable", action: UserActions.enable },
  { method: "POST", path: "/users/:id/reset-password", action: UserActions.resetPassword },
  { method: "POST", path: "/users/:id/reset-totp", action: UserActions.resetTotp },
  { method: "POST", path: "/users/:id/offboard", action: UserActions.offboard },
  { method: "GET", path: "/users/:id/api-keys", action: UserActions.listApiKeys },
  { method: "DELETE", path: "/users/:id/api-keys/:keyId", action: UserActions.revokeApiKey },
  { method: "POST", path: "/users/:id/pledges", action: UserActions.recordPledge },
  { method: "POST", path: "/users/:id/training", action: UserActions.recordTraining },
  { method: "GET", path: "/users/:id/staff-records", action: UserActions.staffRecords },
];
