/**
 * The Tongling plugin's error catalogue. A refusal that enforces a regulation names the rule in
 * `data.rule`. Another jurisdiction's record stays the data layer's TENANT_OUT_OF_SCOPE (404).
 */
import { defineErrors } from "@anju/errors";

export const TonglingErrors = defineErrors({
  TONGLING_FORBIDDEN: {
    status: 403,
    messages: { "zh-CN": "无权执行此操作（需要 {permission}）", en: "You are not allowed to do this (needs {permission})" },
  },
  TONGLING_SYSTEM_ONLY: {
    status: 403,
    messages: { "zh-CN": "此操作只能由系统执行", en: "Only the system may do this" },
  },
  TONGLING_REPORTER_NOT_COUNTY: {
    status: 403,
    messages: {
      "zh-CN": "月度报告由县、区公安局在本县区填报（{rule}）：当前辖区 {jurisdiction} 的级别是 {level}",
      en: "Monthly reports are filed by a county/district bureau in its own county ({rule}); {jurisdiction} is a {level}",
    },
  },
  TONGLING_REVIEWER_NOT_CITY: {
    status: 403,
    messages: {
      "zh-CN": "月度报告由市公安局审核（{rule}）：当前辖区 {jurisdiction} 的级别是 {level}",
      en: "Monthly reports are reviewed by the city bureau ({rule}); {jurisdiction} is a {level}",
    },
  },
  TONGLING_PERIOD_IN_FUTURE: {
    status: 422,
    messages: { "zh-CN": "不能填报未来月份 {period} 的报告（当前为 {current}，{rule}）", en: "Cannot file a report for a future month {period} (now is {current}; {rule})" },
  },
  TONGLING_PERIOD_BEFORE_START: {
    status: 422,
    messages: { "zh-CN": "{period} 早于报送起始月份 {startMonth}（{rule}）", en: "{period} is before the first reporting month {startMonth} ({rule})" },
  },
  TONGLING_PERIOD_RANGE_INVALID: {
    status: 422,
    messages: { "zh-CN": "月份范围无效：{from} 至 {to}（最多 {max} 个月）", en: "Invalid range of months: {from} to {to} (at most {max} months)" },
  },
  TONGLING_REPORT_DUPLICATE: {
    status: 409,
    messages: { "zh-CN": "{county} 已有 {period} 的月度报告（{rule}：每月一份）", en: "{county} already has a report for {period} ({rule}: one per month)" },
  },
  TONGLING_REPORT_READ_ONLY: {
    status: 409,
    messages: { "zh-CN": "报告已{statusText}，不能再修改", en: "The report is {status} and can no longer be changed" },
  },
  TONGLING_REPORT_NOT_SUBMITTED: {
    status: 409,
    messages: { "zh-CN": "只能审核已报送的报告（当前状态：{status}）", en: "Only a submitted report can be reviewed (it is {status})" },
  },
  TONGLING_REPORT_CHANGED_CONCURRENTLY: {
    status: 409,
    messages: { "zh-CN": "报告已被他人同时修改，请刷新后重试", en: "The report was changed at the same time by someone else; reload and try again" },
  },
  TONGLING_RETURN_COMMENT_REQUIRED: {
    status: 422,
    messages: { "zh-CN": "退回报告时须填写退回意见", en: "Returning a report needs a comment" },
  },
  TONGLING_ATTESTATION_NOT_NEEDED: {
    status: 422,
    messages: { "zh-CN": "事项 {item} 由小区登记信息判定，无需人工确认", en: "Item {item} is decided from the registry and takes no attestation" },
  },
  TONGLING_ATTACHMENT_NOT_FOUND: {
    status: 404,
    messages: { "zh-CN": "报告中没有该附件：{fileId}", en: "No such attachment on the report: {fileId}" },
  },
  TONGLING_FORMS_UNAVAILABLE: {
    status: 503,
    messages: { "zh-CN": "表单服务不可用，报告暂不能报送", en: "The forms service is unavailable; the report cannot be submitted now" },
  },
});

export type TonglingErrorCode = keyof typeof TonglingErrors.specs;

/** Chinese words for report states in messages (the English message uses the code itself). */
export const STATUS_TEXT: Record<string, string> = { draft: "保存为草稿", submitted: "报送", accepted: "审核通过", returned: "退回" };
