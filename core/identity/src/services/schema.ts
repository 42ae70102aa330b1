/** JSON Schema pieces for identity's params: every string has a length cap, names a pattern. */
import { CODE_PATTERN } from "@anju/kernel";
import { DISPLAY_NAME_PATTERN, PASSWORD_MAX, USERNAME_MAX, USERNAME_PATTERN } from "../username.js";

export function object(properties: Record<string, object>, required: string[] = []) {
  return { type: "object", properties, required, additionalProperties: false };
}

export const loginName = { type: "string", minLength: 1, maxLength: USERNAME_MAX };
export const newUsername = { type: "string", minLength: 1, maxLength: USERNAME_MAX, pattern: USERNAME_PATTERN };
export const password = { type: "string", minLength: 1, maxLength: PASSWORD_MAX };
export const otp = { type: "string", minLength: 6, maxLength: 16, pattern: "^[0-9A-Za-z -]+$" };
export const uuid = { type: "string", pattern: "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$" };
export const jurisdiction = { type: "string", pattern: CODE_PATTERN, maxLength: 32 };
export const displayName = { type: "string", minLength: 1, maxLength: 100, pattern: DISPLAY_NAME_PATTERN };
export const text = (max: number) => ({ type: "string", minLength: 1, maxLength: max, pattern: DISPLAY_NAME_PATTERN });
export const note = { type: "string", maxLength: 1000, pattern: "^[^<>\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$" };
export const date = { type: "string", format: "date" };
export const keyList = { type: "array", maxItems: 50, items: text(100) };
export const paging = {
  page: { type: "integer", minimum: 1, maximum: 100000, default: 1 },
  pageSize: { type: "integer", minimum: 1, maximum: 100, default: 20 },
};
export const byId = object({ id: uuid }, ["id"]);
