/**
 * The Yiyang plugin's error catalogue. A refusal that enforces a regulation names the rule in
 * `data.rule`. Another jurisdiction's record stays the data layer's TENANT_OUT_OF_SCOPE (404).
 */
import { defineErrors } from "@anju/errors";

export const YiyangErrors = defineErrors({
  YIYANG_FORBIDDEN: {
    status: 403,
    messages: { "zh-CN": "无权执行此操作（需要 {permission}）", en: "You are not allowed to do this (needs {permission})" },
  },
  YIYANG_DECLARATION_NOT_NEEDED: {
    status: 422,
    messages: { "zh-CN": "事项 {item} 由小区登记信息判定，无需申报", en: "Item {item} is decided from the community registry and takes no declaration" },
  },
  YIYANG_DECLARATION_REVOKED: {
    status: 409,
    messages: { "zh-CN": "该申报已撤销", en: "The declaration is already revoked" },
  },
  YIYANG_NOTICE_ALREADY_EXPIRED: {
    status: 422,
    messages: { "zh-CN": "有效期 {validUntil} 已过，不能发布（{rule}）", en: "Valid until {validUntil} is already past; the notice cannot be published ({rule})" },
  },
  YIYANG_NOTICE_WITHDRAWN: {
    status: 409,
    messages: { "zh-CN": "该预警通知已撤回", en: "The notice has already been withdrawn" },
  },
  YIYANG_RENTAL_PERIOD_INVALID: {
    status: 422,
    messages: { "zh-CN": "租期结束日期 {endsOn} 早于开始日期 {startsOn}（{rule}）", en: "The tenancy ends ({endsOn}) before it starts ({startsOn}) ({rule})" },
  },
  YIYANG_ID_NUMBER_INVALID: {
    status: 422,
    messages: { "zh-CN": "{field} 不是有效的居民身份证号码（{reason}）", en: "{field} is not a valid resident ID number ({reason})" },
  },
  YIYANG_PHONE_INVALID: {
    status: 422,
    messages: { "zh-CN": "{field} 不是有效的电话号码（手机号11位，固话区号加号码）", en: "{field} is not a valid phone number (11-digit mobile, or area code and number)" },
  },
  YIYANG_UNIT_NOT_IN_COMMUNITY: {
    status: 422,
    messages: { "zh-CN": "单元 {unitId} 不属于小区 {communityId}", en: "Unit {unitId} is not in community {communityId}" },
  },
  YIYANG_RANGE_INVALID: {
    status: 422,
    messages: { "zh-CN": "结束时间 {to} 早于开始时间 {from}", en: "The end ({to}) is before the start ({from})" },
  },
  YIYANG_ALARM_STEP_OUT_OF_ORDER: {
    status: 409,
    messages: {
      "zh-CN": "告警处置当前为“{stageZh}”，不能执行“{stepZh}”（顺序：确认 → 派员 → 现场结果 → 关闭，{rule}）",
      en: "The alarm's handling is at {stage}; {step} is not the next step (acknowledge → dispatch → on-site result → close, {rule})",
    },
  },
});

export type YiyangErrorCode = keyof typeof YiyangErrors.specs;
