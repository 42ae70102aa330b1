import { defineErrors } from "@anju/errors";

export const DataErrors = defineErrors({
  DB_URL_INVALID: { status: 500, messages: { "zh-CN": "数据库地址无效：{url}", en: "Invalid database URL: {url}" } },
  DB_UNAVAILABLE: { status: 503, messages: { "zh-CN": "数据库不可用：{reason}", en: "Database unavailable: {reason}" } },
  MIGRATION_FAILED: { status: 500, messages: { "zh-CN": "迁移 {owner}/{name} 失败：{reason}", en: "Migration {owner}/{name} failed: {reason}" } },
  TENANT_SCOPE_REQUIRED: { status: 500, messages: { "zh-CN": "租户表 {table} 的查询必须带行政区划范围", en: "A query on tenant table {table} must be scoped to a jurisdiction" } },
  TENANT_OUT_OF_SCOPE: { status: 404, messages: { "zh-CN": "未找到记录", en: "Record not found" } },
});
