/**
 * The community plugin's error catalogue. Codes carry the plugin's prefix so they never collide
 * with the kernel's; a refusal that enforces a regulation puts the rule id in `data.rule`.
 * Another jurisdiction's record stays the data layer's TENANT_OUT_OF_SCOPE (404).
 */
import { defineErrors } from "@anju/errors";

export const CommunityErrors = defineErrors({
  COMMUNITY_STREET_NOT_FOUND: {
    status: 404,
    messages: { "zh-CN": "街道不存在或不在您的辖区内：{code}", en: "Street not found in your jurisdiction: {code}" },
  },
  COMMUNITY_PARENT_NOT_STREET: {
    status: 422,
    messages: { "zh-CN": "小区只能建在街道（乡镇）之下：{code} 的级别是 {level}", en: "A community must sit under a street: {code} is a {level}" },
  },
  COMMUNITY_CODE_EXHAUSTED: {
    status: 409,
    messages: { "zh-CN": "街道 {code} 下已无可用的小区编码，请指定 code", en: "No free community code left under street {code}; give one explicitly" },
  },
  COMMUNITY_CLASS_REQUIRED: {
    status: 422,
    messages: { "zh-CN": "请填写小区类别或建成年份（{rule}）", en: "Give the community class or its build year ({rule})" },
  },
  COMMUNITY_CLASS_CONFLICT: {
    status: 422,
    messages: {
      "zh-CN": "小区类别与建成年份不符：{buildYear} 年建成的小区不属于老旧小区（{rule}：{threshold} 年以前建成）",
      en: "Class does not match the build year: a community built in {buildYear} is not old ({rule}: built before {threshold})",
    },
  },
  COMMUNITY_CUSTODIAN_REQUIRED: {
    status: 422,
    messages: {
      "zh-CN": "智慧小区必须明确管护单位和维护单位（{rule}），缺少：{missing}",
      en: "A smart community needs a named custodian and maintainer ({rule}); missing: {missing}",
    },
  },
  COMMUNITY_IN_USE: {
    status: 409,
    messages: {
      "zh-CN": "该记录仍有下属数据，请先删除它们（{summary}）",
      en: "This record still has dependent records; remove them first ({summary})",
    },
  },
  COMMUNITY_DUPLICATE: {
    status: 409,
    messages: { "zh-CN": "{field} 重复：{value} 已存在", en: "Duplicate {field}: {value} already exists" },
  },
  COMMUNITY_REFERENCE_INVALID: {
    status: 422,
    messages: { "zh-CN": "{field} 不属于同一小区或不存在", en: "{field} does not exist or belongs to another community" },
  },
  COMMUNITY_FACILITY_TYPE_NOT_ALLOWED: {
    status: 422,
    messages: {
      "zh-CN": "本辖区未启用该设施类型：{type}（{rule}，可选：{allowed}）",
      en: "Facility type {type} is not enabled in this jurisdiction ({rule}; allowed: {allowed})",
    },
  },
  COMMUNITY_DEVICE_NOT_REGISTERED: {
    status: 422,
    messages: {
      "zh-CN": "设备 {code} 未在设备平台登记，或不属于本小区",
      en: "Device {code} is not registered on the device platform or does not belong to this community",
    },
  },
  COMMUNITY_PLACEMENT_NOT_FOUND: {
    status: 404,
    messages: { "zh-CN": "设备 {code} 尚未指定楼栋单元", en: "Device {code} has no building or unit recorded" },
  },
  COMMUNITY_ACCESS_POINT_NOT_FOUND: {
    status: 404,
    messages: { "zh-CN": "出入口 {id} 不存在或不属于本小区", en: "Access point {id} not found in this community" },
  },
  COMMUNITY_ACCESS_EVENT_INVALID: {
    status: 422,
    messages: { "zh-CN": "通行记录字段 {field} 无效：{reason}", en: "Access event field {field} is invalid: {reason}" },
  },
  COMMUNITY_CAPTURE_NOT_A_REFERENCE: {
    status: 422,
    messages: {
      "zh-CN": "抓拍图片只登记其在小区存储中的引用地址，不接收图片本身（{rule}）",
      en: "Only a reference to the capture in the community's own store is kept, never the image ({rule})",
    },
  },
  COMMUNITY_AUTHORISATION_PERIOD_INVALID: {
    status: 422,
    messages: { "zh-CN": "授权有效期无效：截止时间须晚于起始时间", en: "Invalid period: validTo must be later than validFrom" },
  },
  COMMUNITY_AUTHORISATION_REVOKED: {
    status: 409,
    messages: { "zh-CN": "该授权已注销，不能再修改", en: "This authorisation has been revoked and cannot be changed" },
  },
  COMMUNITY_ID_NUMBER_INVALID: {
    status: 422,
    messages: { "zh-CN": "身份证号码无效：{reason}", en: "Invalid ID card number: {reason}" },
  },
  COMMUNITY_CREDENTIAL_REF_INVALID: {
    status: 422,
    messages: { "zh-CN": "凭证号无效：{reason}", en: "Invalid credential reference: {reason}" },
  },
  COMMUNITY_UNMASKED_SYSTEM_ONLY: {
    status: 403,
    messages: { "zh-CN": "只有系统内部调用可以读取未脱敏的授权信息", en: "Only a system call may read an authorisation unmasked" },
  },
  COMMUNITY_FORBIDDEN: {
    status: 403,
    messages: { "zh-CN": "无权执行此操作（需要 {permission}）", en: "You are not allowed to do this (needs {permission})" },
  },
});

export type CommunityErrorCode = keyof typeof CommunityErrors.specs;
