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
  COMMUNITY_FORBIDDEN: {
    status: 403,
    messages: { "zh-CN": "无权执行此操作（需要 {permission}）", en: "You are not allowed to do this (needs {permission})" },
  },
});

export type CommunityErrorCode = keyof typeof CommunityErrors.specs;
