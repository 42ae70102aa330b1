/** The kernel's error catalogue. Codes are stable: clients and tests match on them. */
import { defineErrors } from "@anju/errors";

export const KernelErrors = defineErrors({
  CONFIG_INVALID: { status: 500, messages: { "zh-CN": "配置无效：{key} {reason}", en: "Invalid configuration: {key} {reason}" } },
  CONFIG_FILE_UNREADABLE: { status: 500, messages: { "zh-CN": "无法读取配置文件 {file}：{reason}", en: "Cannot read config file {file}: {reason}" } },
  UNAUTHENTICATED: { status: 401, messages: { "zh-CN": "未登录或会话已失效", en: "Not signed in or the session has expired" } },
  FORBIDDEN: { status: 403, messages: { "zh-CN": "无权执行此操作", en: "You are not allowed to do this" } },
  NOT_FOUND: { status: 404, messages: { "zh-CN": "未找到：{what}", en: "Not found: {what}" } },
  VALIDATION_FAILED: { status: 422, messages: { "zh-CN": "参数校验失败：{summary}", en: "Validation failed: {summary}" } },
  BAD_REQUEST: { status: 400, messages: { "zh-CN": "请求无效：{reason}", en: "Bad request: {reason}" } },
  PAYLOAD_TOO_LARGE: { status: 413, messages: { "zh-CN": "请求体过大（上限 {limit}）", en: "Request body too large (limit {limit})" } },
  SERVICE_UNAVAILABLE: { status: 503, messages: { "zh-CN": "服务暂不可用：{reason}", en: "Service unavailable: {reason}" } },
  TIMEOUT: { status: 504, messages: { "zh-CN": "请求超时：{action}", en: "Request timed out: {action}" } },
  INTERNAL: { status: 500, messages: { "zh-CN": "服务器内部错误（编号 {ref}）", en: "Internal server error (ref {ref})" } },
  CONTEXT_TAMPERED: { status: 403, messages: { "zh-CN": "请求上下文无效", en: "Invalid request context" } },

  JURISDICTION_NOT_FOUND: { status: 404, messages: { "zh-CN": "行政区划不存在：{code}", en: "Unknown jurisdiction: {code}" } },
  JURISDICTION_EXISTS: { status: 409, messages: { "zh-CN": "行政区划已存在：{code}", en: "Jurisdiction already exists: {code}" } },
  JURISDICTION_INVALID: { status: 422, messages: { "zh-CN": "行政区划无效：{reason}", en: "Invalid jurisdiction: {reason}" } },
  JURISDICTION_HAS_CHILDREN: { status: 409, messages: { "zh-CN": "行政区划 {code} 下仍有下级，无法删除", en: "Jurisdiction {code} still has children" } },

  MANIFEST_INVALID: { status: 422, messages: { "zh-CN": "插件清单无效（{source}）：{field} {reason}", en: "Invalid plugin manifest ({source}): {field} {reason}" } },
  PLUGIN_NOT_FOUND: { status: 404, messages: { "zh-CN": "插件不存在：{id}", en: "Unknown plugin: {id}" } },
  PLUGIN_DUPLICATE_ID: { status: 409, messages: { "zh-CN": "插件 ID 重复：{id}（{sources}）", en: "Duplicate plugin id {id} ({sources})" } },
  PLUGIN_ALREADY_INSTALLED: { status: 409, messages: { "zh-CN": "插件已安装：{id}@{version}", en: "Plugin already installed: {id}@{version}" } },
  PLUGIN_NOT_INSTALLED: { status: 409, messages: { "zh-CN": "插件未安装：{id}", en: "Plugin is not installed: {id}" } },
  PLUGIN_HOST_INCOMPATIBLE: { status: 422, messages: { "zh-CN": "插件 {id} 要求宿主 API {range}，当前为 {host}", en: "Plugin {id} needs host API {range}, this host is {host}" } },
  PLUGIN_DEPENDENCY_MISSING: { status: 422, messages: { "zh-CN": "缺少依赖插件：{chain}", en: "Missing required plugin: {chain}" } },
  PLUGIN_DEPENDENCY_INCOMPATIBLE: { status: 422, messages: { "zh-CN": "依赖版本不兼容：{chain}（需要 {range}，实际 {version}）", en: "Incompatible dependency: {chain} (needs {range}, found {version})" } },
  PLUGIN_DEPENDENCY_CYCLE: { status: 422, messages: { "zh-CN": "插件依赖存在循环：{chain}", en: "Plugin dependency cycle: {chain}" } },
  PLUGIN_REQUIRED_BY: { status: 409, messages: { "zh-CN": "插件 {id} 被其他插件依赖：{dependents}", en: "Plugin {id} is required by: {dependents}" } },
  PLUGIN_VERSION_NOT_NEWER: { status: 409, messages: { "zh-CN": "升级版本必须更高：{id} 当前 {installed}，提供 {offered}", en: "Upgrade must increase the version: {id} is {installed}, offered {offered}" } },
  PLUGIN_NOT_ENABLED: { status: 403, messages: { "zh-CN": "插件 {id} 未在行政区划 {jurisdiction} 启用", en: "Plugin {id} is not enabled for jurisdiction {jurisdiction}" } },
  PLUGIN_FAILED: { status: 409, messages: { "zh-CN": "插件 {id} 处于失败状态：{error}", en: "Plugin {id} is in a failed state: {error}" } },
  PLUGIN_HOOK_FAILED: { status: 500, messages: { "zh-CN": "插件 {id} 的 {hook} 钩子失败：{error}", en: "Plugin {id} {hook} hook failed: {error}" } },
  PLUGIN_LOAD_FAILED: { status: 500, messages: { "zh-CN": "插件 {id} 加载失败：{error}", en: "Plugin {id} failed to load: {error}" } },
  PLUGIN_SETTINGS_INVALID: { status: 422, messages: { "zh-CN": "插件 {id} 的设置无效：{summary}", en: "Invalid settings for plugin {id}: {summary}" } },
  PLUGIN_PACKAGE_INVALID: { status: 422, messages: { "zh-CN": "插件包无效：{reason}", en: "Invalid plugin package: {reason}" } },
  PLUGIN_SIGNATURE_UNVERIFIABLE: {
    status: 422,
    messages: { "zh-CN": "本节点没有签名校验模块，不能安装外部插件包 {id}", en: "This node has no signature verifier and cannot install the outside package {id}" },
  },
});

export type KernelErrorCode = keyof typeof KernelErrors.specs;
