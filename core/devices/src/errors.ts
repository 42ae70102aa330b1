/** The device platform's error catalogue. Codes are stable: the console and tests match on them. */
import { defineErrors } from "@anju/errors";

export const DevicesErrors = defineErrors({
  DEVICE_NOT_FOUND: { status: 404, messages: { "zh-CN": "设备不存在：{code}", en: "Unknown device: {code}" } },
  DEVICE_CODE_TAKEN: { status: 409, messages: { "zh-CN": "设备编码已被使用：{code}", en: "Device code already in use: {code}" } },
  DEVICE_JURISDICTION_INVALID: {
    status: 422,
    messages: { "zh-CN": "设备只能登记在您辖区内的小区：{code}", en: "A device must sit in a community of your jurisdiction: {code}" },
  },
  DEVICE_DRIVER_UNKNOWN: { status: 422, messages: { "zh-CN": "驱动插件未运行或没有型号 {profile}：{plugin}", en: "Driver plugin {plugin} is not running or has no profile {profile}" } },
  ALARM_NOT_FOUND: { status: 404, messages: { "zh-CN": "告警不存在：{id}", en: "Unknown alarm: {id}" } },
  ALARM_STATE_CONFLICT: { status: 409, messages: { "zh-CN": "告警当前为“{statusZh}”，不能{verbZh}", en: "The alarm is {status} and cannot be {verb}" } },
  MQTT_UNAVAILABLE: { status: 503, messages: { "zh-CN": "MQTT 服务不可用：{reason}", en: "MQTT unavailable: {reason}" } },
});

export type DevicesErrorCode = keyof typeof DevicesErrors.specs;
