/**
 * One shared ajv setup (JSON Schema draft-07 + formats) for config, manifests, settings and
 * action params, and one way to turn its errors into a field path a person can act on.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

export const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: false, coerceTypes: false });
addFormats(ajv);

export function compileSchema<T = unknown>(schema: object): ValidateFunction<T> {
  return ajv.compile<T>(schema);
}

/** `/http/port` → `http.port`; a missing required property names the property itself. */
export function errorField(err: ErrorObject): string {
  const base = err.instancePath.replace(/^\//, "").split("/").filter(Boolean).join(".");
  const extra =
    err.keyword === "required" ? (err.params as { missingProperty: string }).missingProperty
    : err.keyword === "additionalProperties" ? (err.params as { additionalProperty: string }).additionalProperty
    : "";
  return [base, extra].filter(Boolean).join(".") || "(root)";
}

export function errorReason(err: ErrorObject): string {
  if (err.keyword === "additionalProperties") return "is not a known key";
  if (err.keyword === "enum") return `must be one of ${JSON.stringify((err.params as { allowedValues: unknown[] }).allowedValues)}`;
  return err.message ?? err.keyword;
}

export function firstErrorField(errors: ErrorObject[] | null | undefined): { field: string; reason: string } {
  const err = errors?.[0];
  if (!err) return { field: "(root)", reason: "invalid" };
  return { field: errorField(err), reason: errorReason(err) };
}

export interface FieldError { field: string; reason: string; keyword: string }

export function fieldErrors(errors: ErrorObject[] | null | undefined): FieldError[] {
  return (errors ?? []).map((e) => ({ field: errorField(e), reason: errorReason(e), keyword: e.keyword }));
}
