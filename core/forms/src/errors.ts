/** The forms package's error catalogue. Codes are stable: the console and tests match on them. */
import { defineErrors } from "@anju/errors";

export const FormsErrors = defineErrors({
  FORM_NOT_FOUND: { status: 404, messages: { "zh-CN": "表单不存在：{key}", en: "Unknown form: {key}" } },
  FORM_VERSION_NOT_FOUND: { status: 404, messages: { "zh-CN": "表单 {key} 没有版本 {version}", en: "Form {key} has no version {version}" } },
  FORM_NOT_PUBLISHED: { status: 409, messages: { "zh-CN": "表单 {key} 尚未发布", en: "Form {key} has not been published" } },
  FORM_NO_DRAFT: { status: 409, messages: { "zh-CN": "表单 {key} 没有待发布的草稿", en: "Form {key} has no draft to publish" } },
  FORM_VERSION_IMMUTABLE: {
    status: 409,
    messages: { "zh-CN": "表单 {key} 的版本 {version} 已发布，不能修改（修改会生成新的草稿版本）", en: "Version {version} of form {key} is published and cannot change (edits make a new draft version)" },
  },
  FORM_CHANGED_CONCURRENTLY: {
    status: 409,
    messages: { "zh-CN": "表单 {key} 刚被他人修改，请刷新后重试", en: "Form {key} was changed by someone else just now; reload and try again" },
  },
  FORM_KEY_INVALID: { status: 422, messages: { "zh-CN": "表单标识无效：{key}", en: "Invalid form key: {key}" } },
  FORM_KEY_TAKEN: { status: 409, messages: { "zh-CN": "表单标识已被使用：{key}（{owner}）", en: "Form key already in use: {key} ({owner})" } },
  FORM_NOT_EDITABLE: {
    status: 409,
    messages: { "zh-CN": "表单 {key} 属于 {owner}，不能在此修改（可以扩展插件表单）", en: "Form {key} belongs to {owner} and cannot be changed here (a plugin's form can be extended)" },
  },
  FORM_NOT_EXTENSIBLE: {
    status: 409,
    messages: { "zh-CN": "只能扩展插件提供的表单；{key} 属于 {owner}", en: "Only a plugin's forms can be extended; {key} belongs to {owner}" },
  },

  FORM_SCHEMA_INVALID: { status: 422, messages: { "zh-CN": "表单结构无效：{path} {reason}", en: "Invalid form schema: {path} {reason}" } },
  FORM_SCHEMA_REMOTE_REF: {
    status: 422,
    messages: { "zh-CN": "表单结构不允许引用外部文档：{path} 的 $ref 为 {ref}（只能以 # 开头）", en: "Form schemas may not reference other documents: $ref {ref} at {path} (must start with #)" },
  },
  FORM_SCHEMA_RECURSIVE: {
    status: 422,
    messages: { "zh-CN": "表单结构不允许递归引用：{path} 的 $ref {ref} 形成循环", en: "Form schemas may not be recursive: $ref {ref} at {path} forms a cycle" },
  },
  FORM_SCHEMA_TOO_LARGE: { status: 422, messages: { "zh-CN": "表单结构过大：{bytes} 字节（上限 {limit}）", en: "Form schema too large: {bytes} bytes (limit {limit})" } },
  FORM_SCHEMA_TOO_MANY_FIELDS: { status: 422, messages: { "zh-CN": "表单字段过多：{count} 个（上限 {limit}）", en: "Too many form fields: {count} (limit {limit})" } },
  FORM_UISCHEMA_INVALID: { status: 422, messages: { "zh-CN": "界面结构无效：{path} {reason}", en: "Invalid UI schema: {path} {reason}" } },
  FORM_UISCHEMA_SCOPE_UNKNOWN: {
    status: 422,
    messages: { "zh-CN": "界面结构 {path} 指向不存在的字段：{scope}", en: "UI schema {path} points at a missing property: {scope}" },
  },

  FORM_EXTENSION_REMOVES_FIELD: {
    status: 422,
    messages: { "zh-CN": "扩展不能删除基础表单的内容：{path}", en: "An extension cannot remove what the base form defines: {path}" },
  },
  FORM_EXTENSION_LOOSENS: {
    status: 422,
    messages: { "zh-CN": "扩展不能放宽基础表单的要求：{path}（{keyword}：{base} → {value}）", en: "An extension cannot loosen the base form: {path} ({keyword}: {base} → {value})" },
  },
  FORM_EXTENSION_CHANGES_FIELD: {
    status: 422,
    messages: { "zh-CN": "扩展不能修改基础表单字段的 {keyword}：{path}", en: "An extension cannot change {keyword} of a base field: {path}" },
  },
  FORM_EXTENSION_NOT_FOUND: { status: 404, messages: { "zh-CN": "本辖区没有扩展表单 {key}", en: "This jurisdiction has not extended form {key}" } },

  FORM_SUBMISSION_INVALID: { status: 422, messages: { "zh-CN": "提交内容有 {count} 处错误：{zh}", en: "The submission has {count} error(s): {en}" } },
  FORM_SUBMISSION_NOT_FOUND: { status: 404, messages: { "zh-CN": "提交记录不存在：{id}", en: "Unknown submission: {id}" } },
  FORM_ATTACHMENT_NOT_FOUND: { status: 404, messages: { "zh-CN": "附件不存在：{id}", en: "Unknown attachment: {id}" } },
  FORM_PLUGIN_FORM_INVALID: { status: 422, messages: { "zh-CN": "插件 {plugin} 的表单 {file} 无效：{reason}", en: "Form {file} of plugin {plugin} is invalid: {reason}" } },
});

export type FormsErrorCode = keyof typeof FormsErrors.specs;
