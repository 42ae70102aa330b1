/** The audit package's error catalogue. Codes are stable: clients and tests match on them. */
import { defineErrors } from "@anju/errors";

export const AuditErrors = defineErrors({
  AUDIT_WRITE_FAILED: {
    status: 503,
    messages: {
      "zh-CN": "审计记录写入失败（{action}）：{reason}",
      en: "The audit record could not be written ({action}): {reason}",
    },
  },
  AUDIT_NOT_RECORDED_AFTER_ACTION: {
    status: 503,
    messages: {
      "zh-CN": "操作 {action} 已执行，但审计记录写入失败：{reason}",
      en: "{action} was carried out, but its audit record could not be written: {reason}",
    },
  },
  AUDIT_KEY_MISMATCH: {
    status: 500,
    messages: {
      "zh-CN": "审计日志由密钥 {chainKey} 签名，本节点的密钥为 {nodeKey}：请为所有节点配置同一审计密钥（ANJU_AUDIT_KEY）",
      en: "The audit chain is keyed with {chainKey} but this node has key {nodeKey}: configure the same audit key (ANJU_AUDIT_KEY) on every node",
    },
  },
  AUDIT_KEY_INVALID: {
    status: 500,
    messages: {
      "zh-CN": "审计密钥无效：{reason}",
      en: "Invalid audit key: {reason}",
    },
  },
  AUDIT_CONFIG_INVALID: {
    status: 500,
    messages: { "zh-CN": "审计配置无效：{reason}", en: "Invalid audit configuration: {reason}" },
  },
  AUDIT_RETENTION_VIOLATION: {
    status: 422,
    messages: {
      "zh-CN": "审计记录至少保留 {days} 天（《网络安全法》第二十一条）：只能清除 {latest} 之前的记录",
      en: "Audit records are kept for at least {days} days (Cybersecurity Law art. 21): only records before {latest} may be purged",
    },
  },
  AUDIT_JURISDICTION_NOT_FOUND: {
    status: 404,
    messages: { "zh-CN": "行政区划不存在：{code}", en: "Unknown jurisdiction: {code}" },
  },
  AUDIT_EXPORT_TOO_LARGE: {
    status: 413,
    messages: {
      "zh-CN": "导出记录过多（{count} 条，上限 {limit}）：请缩小时间范围或增加筛选条件",
      en: "Too many records to export ({count}, limit {limit}): narrow the time range or add filters",
    },
  },
  AUDIT_RANGE_INVALID: {
    status: 422,
    messages: { "zh-CN": "时间范围无效：{reason}", en: "Invalid time range: {reason}" },
  },
});

export type AuditErrorCode = keyof typeof AuditErrors.specs;
