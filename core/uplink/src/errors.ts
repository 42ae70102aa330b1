/** The uplink package's error catalogue. Codes are stable: callers and tests match on them. */
import { defineErrors } from "@anju/errors";

export const UplinkErrors = defineErrors({
  UPLINK_RECORD_INVALID: {
    status: 422,
    messages: { "zh-CN": "上行记录无效：第 {index} 条 {field} {reason}", en: "Invalid upward record: #{index} {field} {reason}" },
  },
  UPLINK_CONFIG_INVALID: {
    status: 500,
    messages: { "zh-CN": "上行配置无效：{field} {reason}", en: "Invalid uplink configuration: {field} {reason}" },
  },
  UPLINK_NOT_MIGRATED: {
    status: 500,
    messages: { "zh-CN": "上行数据表尚未创建：{table}（请先执行迁移）", en: "Uplink table missing: {table} (run the migrations first)" },
  },
  UPLINK_SEAL_KEY_MISSING: {
    status: 500,
    messages: {
      "zh-CN": "本节点未配置上行记录封存密钥，含个人信息的记录不能以明文保存（请加载 uplink 模块）",
      en: "No uplink sealing key on this node: records with personal information cannot be stored in clear (load the uplink module)",
    },
  },
  UPLINK_SEALED_INVALID: {
    status: 500,
    messages: { "zh-CN": "加密保存的上行记录无法解密：{reason}", en: "A sealed uplink record cannot be opened: {reason}" },
  },
});
