import { defineErrors } from "@anju/errors";

export const GatewayErrors = defineErrors({
  TOKEN_INVALID: { status: 401, messages: { "zh-CN": "访问令牌无效或已过期", en: "The access token is invalid or has expired" } },
  ROUTE_NOT_FOUND: { status: 404, messages: { "zh-CN": "接口不存在：{method} {path}", en: "No such endpoint: {method} {path}" } },
  METHOD_NOT_ALLOWED: { status: 405, messages: { "zh-CN": "不支持的请求方法", en: "Method not allowed" } },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, messages: { "zh-CN": "请求体必须是 JSON", en: "The request body must be JSON" } },
});
