/** The RBAC package's error catalogue. Codes are stable: clients and tests match on them. */
import { defineErrors } from "@anju/errors";

export const RbacErrors = defineErrors({
  RBAC_ROLE_UNKNOWN: { status: 422, messages: { "zh-CN": "角色不存在：{role}", en: "Unknown role: {role}" } },
  RBAC_PERMISSION_UNKNOWN: { status: 422, messages: { "zh-CN": "权限不存在：{permission}", en: "Unknown permission: {permission}" } },
  RBAC_SOD_CONFLICT: {
    status: 409,
    messages: {
      "zh-CN": "违反三员分立：{subject} 已承担{heldZh}职责，不能再承担{wantedZh}职责",
      en: "Separation of duties: {subject} already holds the {heldEn} duty and cannot also take the {wantedEn} duty",
    },
  },
  RBAC_SELF_GRANT: { status: 403, messages: { "zh-CN": "不能修改自己的角色授权", en: "You cannot change your own role grants" } },
  RBAC_GRANT_EXISTS: { status: 409, messages: { "zh-CN": "授权已存在：{role} @ {jurisdiction}", en: "Grant already exists: {role} @ {jurisdiction}" } },
  RBAC_GRANT_NOT_FOUND: { status: 404, messages: { "zh-CN": "授权不存在：{role} @ {jurisdiction}", en: "No such grant: {role} @ {jurisdiction}" } },
  RBAC_USER_NOT_FOUND: { status: 404, messages: { "zh-CN": "用户不存在：{userId}", en: "Unknown user: {userId}" } },
  RBAC_POLICY_EXISTS: { status: 409, messages: { "zh-CN": "策略已存在：{role} → {permission} @ {jurisdiction}", en: "Policy already exists: {role} → {permission} @ {jurisdiction}" } },
  RBAC_POLICY_NOT_FOUND: { status: 404, messages: { "zh-CN": "策略不存在：{role} → {permission} @ {jurisdiction}", en: "No such policy: {role} → {permission} @ {jurisdiction}" } },
  RBAC_PLUGIN_POLICY_INVALID: { status: 422, messages: { "zh-CN": "插件 {id} 的角色权限无效：{reason}", en: "Invalid roles in plugin {id}: {reason}" } },
  RBAC_SAVE_REFUSED: {
    status: 500,
    messages: { "zh-CN": "拒绝整体重写策略表（只允许逐条增删）", en: "Refusing to rewrite the whole policy table (only single adds and removes are allowed)" },
  },
  RBAC_UNAVAILABLE: { status: 503, messages: { "zh-CN": "权限服务尚未就绪", en: "The authorisation service is not ready" } },
});

export type RbacErrorCode = keyof typeof RbacErrors.specs;
