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
});
