/**
 * Errors of the driver API. A bad driver definition is the vendor's error and throws a coded
 * AnjuError; a bad message is the device's, and never throws out of the host: it becomes a
 * counted rejection with one of the codes below.
 */
import { defineErrors } from "@anju/errors";
import type { I18nText } from "@anju/alarms";

export const DriverErrors = defineErrors({
  DRIVER_DEFINITION_INVALID: {
    status: 422,
    messages: { "zh-CN": "驱动定义无效：{field} {reason}", en: "Invalid driver definition: {field} {reason}" },
  },
  DEVICE_CATEGORY_UNKNOWN: {
    status: 422,
    messages: {
      "zh-CN": "设备型号的类别未知：{field} = “{category}”（可用：{allowed}）",
      en: "Unknown device category: {field} = \"{category}\" (known: {allowed})",
    },
  },
});

/** Thrown by a driver's `decode` for a message it cannot read. `code` is one of REJECTION_CODES or the driver's own ^[A-Z][A-Z0-9_]{2,63}$. */
export class DecodeError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = "DecodeError";
  }
}

export const REJECTION_MESSAGES = {
  PAYLOAD_TOO_LARGE: { "zh-CN": "报文过大", en: "Payload too large" },
  PAYLOAD_NOT_JSON: { "zh-CN": "报文不是合法的 JSON", en: "Payload is not valid JSON" },
  PAYLOAD_TRUNCATED: { "zh-CN": "报文不完整（被截断）", en: "Payload is truncated" },
  PAYLOAD_CHECKSUM: { "zh-CN": "报文校验和错误", en: "Payload checksum mismatch" },
  PAYLOAD_UNKNOWN_FRAME: { "zh-CN": "无法识别的报文类型", en: "Unknown frame type" },
  FIELD_MISSING: { "zh-CN": "报文缺少字段", en: "A field is missing" },
  FIELD_TYPE: { "zh-CN": "报文字段类型错误", en: "A field has the wrong type" },
  TOPIC_UNSUPPORTED: { "zh-CN": "驱动不处理该主题", en: "The driver does not handle this topic" },
  DEVICE_MISMATCH: { "zh-CN": "报文中的设备编码与主题不符", en: "Device code in the payload does not match the topic" },
  DECODE_FAILED: { "zh-CN": "驱动无法解析该报文", en: "The driver could not decode the message" },
  DRIVER_THREW: { "zh-CN": "驱动解析时出现异常", en: "The driver failed while decoding" },
  DRIVER_OUTPUT_INVALID: { "zh-CN": "驱动返回的结果不是读数列表", en: "The driver did not return a list of readings" },
  TOO_MANY_READINGS: { "zh-CN": "单条报文的读数过多", en: "Too many readings in one message" },
  READING_INVALID: { "zh-CN": "读数不是对象", en: "A reading is not an object" },
  DEVICE_CODE_INVALID: { "zh-CN": "设备编码无效", en: "Invalid device code" },
  RESOURCE_INVALID: { "zh-CN": "资源名称无效", en: "Invalid resource name" },
  RESOURCE_UNKNOWN: { "zh-CN": "设备型号未声明该资源", en: "The device profile does not declare this resource" },
  VALUE_TYPE: { "zh-CN": "读数值类型错误", en: "The reading's value has the wrong type" },
  VALUE_NOT_FINITE: { "zh-CN": "读数值不是有限数（NaN 或无穷大）", en: "The reading's value is not finite (NaN or Infinity)" },
  VALUE_TOO_LONG: { "zh-CN": "读数文本过长", en: "The reading's text is too long" },
  UNIT_INVALID: { "zh-CN": "单位无效", en: "Invalid unit" },
  QUALITY_INVALID: { "zh-CN": "读数质量标记无效", en: "Invalid quality flag" },
  TS_INVALID: { "zh-CN": "读数时间无效", en: "Invalid reading time" },
  TS_TOO_OLD: { "zh-CN": "读数时间过早（设备时钟错误或补传过久）", en: "Reading time too far in the past (device clock wrong or backlog too old)" },
  TS_IN_FUTURE: { "zh-CN": "读数时间在未来（设备时钟超前）", en: "Reading time in the future (device clock ahead)" },
} as const satisfies Record<string, I18nText>;

export type RejectionCode = keyof typeof REJECTION_MESSAGES;
export const REJECTION_CODES = Object.fromEntries(Object.keys(REJECTION_MESSAGES).map((k) => [k, k])) as { [K in RejectionCode]: K };
