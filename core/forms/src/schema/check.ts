/**
 * Everything a form definition must pass before it is stored (a draft, a plugin's form, an
 * extension's result): a bounded size and field count, an object at the root, local and
 * acyclic `$ref`s, a schema ajv compiles, attachment fields declared the one supported way, and
 * a UI schema whose scopes all resolve. Each refusal is a coded error naming the place.
 */
import { FormsErrors } from "../errors.js";
import type { FormsLimits } from "../constants.js";
import { ATTACHMENT_KEYWORD } from "../attachments/keyword.js";
import type { ValidatorCache } from "../validate/ajv.js";
import { hashOf, isPlainObject } from "./canonical.js";
import { dotted } from "./pointer.js";
import { checkRefs } from "./refs.js";
import { checkUiSchema } from "./uischema.js";
import { countProperties, walkSchema } from "./walk.js";

export interface FormDocument {
  schema: Record<string, unknown>;
  uischema?: Record<string, unknown> | null;
}

export interface CheckedForm { schemaHash: string }

export function schemaHashOf(schema: unknown): string {
  return hashOf(schema);
}

export function checkFormDocument(doc: { schema: unknown; uischema?: unknown }, limits: FormsLimits, validators: ValidatorCache): CheckedForm {
  const bytes = Buffer.byteLength(JSON.stringify({ schema: doc.schema, uischema: doc.uischema ?? null }));
  if (bytes > limits.schemaBytes) throw FormsErrors.FORM_SCHEMA_TOO_LARGE({ bytes, limit: limits.schemaBytes });
  const schema = doc.schema;
  if (!isPlainObject(schema) || schema.type !== "object" || !isPlainObject(schema.properties)) {
    throw FormsErrors.FORM_SCHEMA_INVALID({ path: "(root)", reason: "表单结构的根应为带 properties 的 object / the root must be an object schema with properties" });
  }
  if (!walkSchema(schema, () => undefined)) throw FormsErrors.FORM_SCHEMA_INVALID({ path: "(root)", reason: "嵌套过深 / nested too deeply" });
  const count = countProperties(schema);
  if (count > limits.properties) throw FormsErrors.FORM_SCHEMA_TOO_MANY_FIELDS({ count, limit: limits.properties });
  checkRefs(schema);
  const formats = validators.ajv.formats;
  walkSchema(schema, (node, path) => {
    if (path[path.length - 1] === "properties") return;
    // ajv ignores a format it does not know; a typo would then check nothing at all.
    if (typeof node.format === "string" && !(node.format in formats)) {
      throw FormsErrors.FORM_SCHEMA_INVALID({ path: dotted([...path, "format"]), reason: `未知格式 ${node.format.slice(0, 40)} / unknown format` });
    }
    if (!(ATTACHMENT_KEYWORD in node)) return;
    if (node.type !== undefined && node.type !== "object") {
      throw FormsErrors.FORM_SCHEMA_INVALID({ path: dotted([...path, "type"]), reason: `${ATTACHMENT_KEYWORD} 字段不能声明其他类型 / an ${ATTACHMENT_KEYWORD} field takes no other type` });
    }
  });
  try {
    validators.check(schema);
  } catch (err) {
    throw FormsErrors.FORM_SCHEMA_INVALID({ path: "(root)", reason: String((err as Error).message).slice(0, 500) });
  }
  checkUiSchema(schema, doc.uischema);
  return { schemaHash: schemaHashOf(schema) };
}
