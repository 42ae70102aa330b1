/** The privacy package's error catalogue. Codes are stable: clients and tests match on them. */
import { defineErrors } from "@anju/errors";

export const PrivacyErrors = defineErrors({
  // Field values and keys
  PI_KIND_UNKNOWN: { status: 422, messages: { "zh-CN": "未知的个人信息类型：{kind}", en: "Unknown personal-information kind: {kind}" } },
  PI_VALUE_INVALID: { status: 422, messages: { "zh-CN": "个人信息字段（{kind}）的值无效：{reason}", en: "Invalid value for a personal-information field ({kind}): {reason}" } },
  PI_KEYS_NOT_LOADED: { status: 500, messages: { "zh-CN": "个人信息加密密钥尚未加载（隐私服务未启动）", en: "Personal-information keys are not loaded (the privacy service has not started)" } },
  PI_KEY_INVALID: { status: 500, messages: { "zh-CN": "个人信息密钥无效（{source}）：{reason}", en: "Invalid personal-information key ({source}): {reason}" } },
  PI_KEYFILE_INSECURE: { status: 500, messages: { "zh-CN": "密钥文件 {file} 的权限为 {mode}，必须为 0600（仅属主可读写）", en: "Key file {file} has mode {mode}; it must be 0600 (owner read/write only)" } },
  PI_KEY_UNKNOWN: { status: 500, messages: { "zh-CN": "密钥环中没有密钥 {keyId}，无法解密", en: "Key {keyId} is not in the keyring; cannot decrypt" } },
  PI_CIPHERTEXT_INVALID: { status: 500, messages: { "zh-CN": "数据库中的加密值格式无效（{reason}）", en: "An encrypted value in the database is malformed ({reason})" } },
  PI_DECRYPT_FAILED: { status: 500, messages: { "zh-CN": "解密失败：密文被篡改或密钥不匹配（密钥 {keyId}）", en: "Decryption failed: the value was tampered with or the key does not match (key {keyId})" } },
  PI_KEYRING_READONLY: { status: 409, messages: { "zh-CN": "密钥来自环境变量 ANJU_PI_KEY，无法在线生成新密钥：请先在所有节点配置新密钥（放在首位），再执行重新加密", en: "Keys come from ANJU_PI_KEY and cannot be generated online: put the new key first in ANJU_PI_KEY on every node, then re-encrypt" } },
  PI_KEY_IN_USE: { status: 409, messages: { "zh-CN": "密钥 {keyId} 仍被 {count} 个值使用，或为当前密钥，不能停用", en: "Key {keyId} is still used by {count} values or is the current key; it cannot be retired" } },

  // Declarations and fields
  PI_DECLARATION_INVALID: { status: 422, messages: { "zh-CN": "个人信息字段声明无效：{field} {reason}", en: "Invalid personal-information declaration: {field} {reason}" } },
  PI_DECLARATION_MISMATCH: { status: 422, messages: { "zh-CN": "个人信息字段声明与实体定义不一致：{problems}", en: "Personal-information declarations do not match the entities: {problems}" } },
  PI_FIELD_NOT_FOUND: { status: 404, messages: { "zh-CN": "未声明的个人信息字段：{entity}.{field}", en: "Not a declared personal-information field: {entity}.{field}" } },
  PI_RECORD_NOT_FOUND: { status: 404, messages: { "zh-CN": "记录不存在：{entity} {id}", en: "Record not found: {entity} {id}" } },
  AUDIT_UNAVAILABLE: { status: 503, messages: { "zh-CN": "审计服务不可用，为保证可追溯，拒绝查看明文个人信息", en: "The audit service is unavailable; revealing personal information is refused so that every view stays traceable" } },

  // Consent
  CONSENT_REQUIRED: { status: 403, messages: { "zh-CN": "缺少个人信息主体对“{purpose}”用途的同意，涉及：{missingZh}", en: "No consent from the data subject for purpose \"{purpose}\" covering: {missingEn}" } },
  CONSENT_NOT_FOUND: { status: 404, messages: { "zh-CN": "同意记录不存在：{id}", en: "Consent record not found: {id}" } },
  CONSENT_ALREADY_WITHDRAWN: { status: 409, messages: { "zh-CN": "同意已于 {withdrawnAt} 撤回", en: "Consent was already withdrawn at {withdrawnAt}" } },
  CONSENT_INVALID: { status: 422, messages: { "zh-CN": "同意记录无效：{reason}", en: "Invalid consent record: {reason}" } },
  ERASURE_FAILED: { status: 500, messages: { "zh-CN": "撤回同意时删除个人信息失败（{handler}），撤回未生效：{reason}", en: "Deleting personal information on withdrawal failed ({handler}); the withdrawal was not applied: {reason}" } },

  // Breach workflow
  BREACH_NOT_FOUND: { status: 404, messages: { "zh-CN": "安全事件记录不存在：{id}", en: "Breach record not found: {id}" } },
  BREACH_INVALID: { status: 422, messages: { "zh-CN": "安全事件记录无效：{reason}", en: "Invalid breach record: {reason}" } },
  BREACH_STATE_INVALID: { status: 409, messages: { "zh-CN": "安全事件当前状态为“{state}”，不能执行“{operation}”", en: "The breach is \"{state}\"; \"{operation}\" is not possible" } },
  BREACH_INCOMPLETE: { status: 422, messages: { "zh-CN": "通知前须填写：{missing}", en: "Fill in before notifying: {missing}" } },
});

export type PrivacyErrorCode = keyof typeof PrivacyErrors.specs;
