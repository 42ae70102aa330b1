/** The driver runtime's error catalogue. Codes are stable: the ingestion pipeline and the console match on them. */
import { defineErrors } from "@anju/errors";

export const RuntimeErrors = defineErrors({
  /** The caller keeps the batch and retries it once the driver is back (`reason` says why it is down). */
  DRIVER_UNAVAILABLE: {
    status: 503,
    messages: { "zh-CN": "驱动 {pluginId} 暂不可用（{reason}），请稍后重试", en: "Driver {pluginId} is unavailable ({reason}); retry later" },
  },
  DRIVER_NOT_STARTED: { status: 404, messages: { "zh-CN": "驱动 {pluginId} 未启动", en: "Driver {pluginId} is not started" } },
  DRIVER_START_FAILED: {
    status: 502,
    messages: { "zh-CN": "驱动 {pluginId} 启动失败：{error}", en: "Driver {pluginId} failed to start: {error}" },
  },
  DRIVER_PROFILES_INVALID: {
    status: 422,
    messages: { "zh-CN": "驱动 {pluginId} 的设备型号无效：{field} {reason}", en: "Driver {pluginId} declares an invalid device profile: {field} {reason}" },
  },
  DRIVER_ENTRY_INVALID: {
    status: 422,
    messages: { "zh-CN": "驱动入口文件无效：{entry}（{reason}）", en: "Invalid driver entry {entry} ({reason})" },
  },
});
