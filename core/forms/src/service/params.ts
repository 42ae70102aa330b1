/**
 * Params of the forms actions, as JSON Schema (checked by the kernel's validation slot and
 * shown in /api/openapi.json). Form content itself (schema, UI schema, submitted data) is only
 * required to be an object here: its own checks give coded errors naming the place.
 */
const key = { type: "string", minLength: 1, maxLength: 160 };
const title = {
  type: "object",
  required: ["zh-CN", "en"],
  properties: {
    "zh-CN": { type: "string", minLength: 1, maxLength: 200, format: "anju-name" },
    en: { type: "string", minLength: 1, maxLength: 200, format: "anju-name" },
  },
  additionalProperties: false,
};
const schema = { type: "object", description: "JSON Schema (draft-07) of the form" };
const uischema = { type: ["object", "null"], description: "JSON Forms UI schema" };
const version = { type: "integer", minimum: 1, maximum: 1_000_000 };
const id = { type: "string", minLength: 36, maxLength: 36, pattern: "^[0-9a-f-]{36}$" };

function object(properties: Record<string, unknown>, required: string[] = []) {
  return { type: "object", properties, required, additionalProperties: false };
}

export const Params = {
  list: object({}),
  byKey: object({ key }, ["key"]),
  create: object({ key, title, schema, uischema }, ["key", "title", "schema"]),
  saveDraft: object({ key, title, schema, uischema, version: { ...version, description: "the draft version being edited (optional check)" } }, ["key"]),
  version: object({ key, version }, ["key", "version"]),
  diff: object({ key, from: version, to: version }, ["key", "from", "to"]),
  extend: object({ key, schema, uischema }, ["key", "schema"]),
  submit: object({ key, data: { type: "object", description: "the answers; attachment fields carry {name, content: base64}" } }, ["key", "data"]),
  submissions: object({
    key,
    page: { type: "integer", minimum: 1, maximum: 100_000, default: 1 },
    pageSize: { type: "integer", minimum: 1, maximum: 200, default: 50 },
  }),
  submission: object({ id }, ["id"]),
  attachment: object({ id, fileId: id }, ["id", "fileId"]),
};
