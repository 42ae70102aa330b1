/** Params of the devices actions, as JSON Schema (the kernel's validation slot checks them; OpenAPI shows them). */
import { SEVERITIES } from "@anju/alarms";
import { DEVICE_CODE_PATTERN, PLUGIN_ID_PATTERN, PROFILE_ID_PATTERN } from "./constants.js";

const code = { type: "string", pattern: DEVICE_CODE_PATTERN };
const jurisdiction = { type: "string", minLength: 2, maxLength: 32, pattern: "^[0-9A-Za-z][0-9A-Za-z-]{1,31}$" };
const name = { type: "string", minLength: 1, maxLength: 100, format: "anju-name" };
const driverPluginId = { type: "string", pattern: PLUGIN_ID_PATTERN };
const profileId = { type: "string", pattern: PROFILE_ID_PATTERN };
const id = { type: "string", pattern: "^[0-9a-f-]{36}$" };
const page = { type: "integer", minimum: 1, maximum: 100_000, default: 1 };
const pageSize = { type: "integer", minimum: 1, maximum: 200, default: 50 };

function object(properties: Record<string, unknown>, required: string[] = []) {
  return { type: "object", properties, required, additionalProperties: false };
}

export const Params = {
  list: object({ page, pageSize, state: { enum: ["online", "offline", "unknown"] }, jurisdiction }),
  byCode: object({ code }, ["code"]),
  register: object({ code, name, jurisdiction, driverPluginId, profileId }, ["code", "name", "driverPluginId", "profileId"]),
  update: object({ code, name, jurisdiction, driverPluginId, profileId }, ["code"]),
  stats: object({}),
  alarms: object({ page, pageSize, status: { enum: ["open", "acknowledged", "escalated", "closed", "active"] }, deviceCode: code }),
  alarm: object({ id }, ["id"]),
  close: object({ id, reason: { type: "string", minLength: 1, maxLength: 200, format: "anju-name" } }, ["id", "reason"]),
  stream: object({}),
  countByCategory: object({ jurisdiction }),
  raise: object({
    deviceCode: code,
    ruleId: { type: "string", pattern: "^[a-z][a-z0-9-]{1,63}$" },
    severity: { enum: [...SEVERITIES] },
    titleZh: { type: "string", minLength: 1, maxLength: 200, format: "anju-name" },
    titleEn: { type: "string", minLength: 1, maxLength: 200, format: "anju-name" },
    resource: { type: "string", pattern: "^[A-Za-z*][A-Za-z0-9_.-]{0,63}$" },
    value: {},
    at: { type: "integer", minimum: 0, maximum: 8_640_000_000_000_000 },
  }, ["deviceCode", "ruleId", "severity", "titleZh", "titleEn"]),
};
