/** The alarms package's error catalogue. Codes are stable: the console and tests match on them. */
import { defineErrors } from "@anju/errors";

export const AlarmErrors = defineErrors({
  ALARM_RULE_INVALID: {
    status: 422,
    messages: { "zh-CN": "告警规则无效：{field} {reason}", en: "Invalid alarm rule: {field} {reason}" },
  },
  ALARM_STATE_INVALID: {
    status: 422,
    messages: { "zh-CN": "告警状态无法恢复（设备 {deviceCode}）：{reason}", en: "Alarm state cannot be restored (device {deviceCode}): {reason}" },
  },
});
