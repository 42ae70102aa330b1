/**
 * The identity catalogue. Login refusals share one code and one message whether or not the
 * account exists (LOGIN_FAILED); only after the password was proven do the messages say more
 * (disabled account, one-time code needed). A refusal that enforces a regulation names the
 * rule in `data.rule`.
 */
import { defineErrors } from "@anju/errors";

export const IdentityErrors = defineErrors({
  LOGIN_FAILED: {
    status: 401,
    messages: { "zh-CN": "用户名或密码错误", en: "Wrong username or password" },
  },
  ACCOUNT_LOCKED: {
    status: 423,
    messages: {
      "zh-CN": "登录失败次数过多，账户已锁定，请在 {minutes} 分钟后重试",
      en: "Too many failed sign-ins; the account is locked, try again in {minutes} minutes",
    },
  },
  ACCOUNT_DISABLED: {
    status: 403,
    messages: { "zh-CN": "账户已停用", en: "This account is disabled" },
  },
  OTP_REQUIRED: {
    status: 401,
    messages: { "zh-CN": "需要输入动态验证码", en: "A one-time code is required" },
  },
  OTP_INVALID: {
    status: 401,
    messages: { "zh-CN": "动态验证码错误或已使用", en: "The one-time code is wrong or was already used" },
  },
  SESSION_INVALID: {
    status: 401,
    messages: { "zh-CN": "会话无效或已注销，请重新登录", en: "The session is invalid or was signed out; sign in again" },
  },
  SESSION_EXPIRED: {
    status: 401,
    messages: { "zh-CN": "会话已超时，请重新登录（{rule}）", en: "The session timed out; sign in again ({rule})" },
  },
  PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    messages: { "zh-CN": "请先修改密码再继续（{reason}）", en: "Change your password before continuing ({reason})" },
  },
  TOTP_ENROLMENT_REQUIRED: {
    status: 403,
    messages: { "zh-CN": "管理员账户须先绑定动态验证码", en: "Administrator accounts must set up a one-time-code app first" },
  },
  PASSWORD_POLICY: {
    status: 422,
    messages: { "zh-CN": "密码不符合要求（{rule}）：{reasonsZh}", en: "The password does not meet the policy ({rule}): {reasonsEn}" },
  },
  PASSWORD_WRONG: {
    status: 422,
    messages: { "zh-CN": "当前密码错误", en: "The current password is wrong" },
  },
  USERNAME_INVALID: {
    status: 422,
    messages: { "zh-CN": "用户名无效：{reasonZh}", en: "Invalid username: {reasonEn}" },
  },
  USERNAME_TAKEN: {
    status: 409,
    messages: { "zh-CN": "用户名已存在：{username}", en: "Username already exists: {username}" },
  },
  USER_NOT_FOUND: {
    status: 404,
    messages: { "zh-CN": "用户不存在：{id}", en: "Unknown user: {id}" },
  },
  CANNOT_CHANGE_SELF: {
    status: 409,
    messages: { "zh-CN": "不能对自己的账户执行此操作：{operation}", en: "You cannot do this to your own account: {operation}" },
  },
  TOTP_NOT_PENDING: {
    status: 409,
    messages: { "zh-CN": "没有待确认的动态验证码绑定，请先发起绑定", en: "No one-time-code enrolment is pending; start one first" },
  },
  TOTP_ALREADY_ENROLLED: {
    status: 409,
    messages: { "zh-CN": "已绑定动态验证码；如需更换请联系安全管理员重置", en: "A one-time-code app is already set up; ask the security administrator to reset it" },
  },
  API_KEY_NOT_FOUND: {
    status: 404,
    messages: { "zh-CN": "API 密钥不存在：{id}", en: "Unknown API key: {id}" },
  },
  API_KEY_INVALID: {
    status: 401,
    messages: { "zh-CN": "API 密钥无效、已过期或已吊销", en: "The API key is invalid, expired or revoked" },
  },
  NO_JURISDICTION: {
    status: 403,
    messages: {
      "zh-CN": "账户未分配行政区划，请先创建行政区划（anju jurisdiction add）",
      en: "The account has no jurisdiction; create one first (anju jurisdiction add)",
    },
  },
  JURISDICTION_NOT_ALLOWED: {
    status: 403,
    messages: { "zh-CN": "无权切换到行政区划 {code}", en: "You may not act for jurisdiction {code}" },
  },
  ADMIN_EXISTS: {
    status: 409,
    messages: { "zh-CN": "管理员账户 {username} 已存在", en: "The administrator account {username} already exists" },
  },
  IDENTITY_CONFIG_INVALID: {
    status: 500,
    messages: { "zh-CN": "身份认证配置无效：{field} {reason}", en: "Invalid identity configuration: {field} {reason}" },
  },
});

export type IdentityErrorCode = keyof typeof IdentityErrors.specs;
