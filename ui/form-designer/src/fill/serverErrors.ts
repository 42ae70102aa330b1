/**
 * The server's field errors (FORM_SUBMISSION_INVALID → data.fields) as ajv errors JSON Forms
 * shows inline through its `additionalErrors` prop. A field path in dots (`contact.phone`,
 * `rows.1.name`) becomes the instancePath JSON Forms matches controls by; the message is the
 * server's in the user's language (the form's i18n leaves it untouched, see renderers/index.ts).
 */
import type { ErrorObject } from "ajv";
import type { FieldError } from "../api";
import { SERVER_ERROR_KEYWORD } from "../renderers";
import type { Locale } from "../model/types";

const escapeSegment = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");

export function toAdditionalErrors(fields: FieldError[], locale: Locale): ErrorObject[] {
  return fields.map((f) => ({
    instancePath: f.path ? `/${f.path.split(".").map(escapeSegment).join("/")}` : "",
    schemaPath: "",
    keyword: SERVER_ERROR_KEYWORD,
    params: { keyword: f.keyword },
    message: f.messages?.[locale] ?? f.message,
  }));
}

/** Field errors as the server sent them, when `data` is a FORM_SUBMISSION_INVALID payload. */
export function fieldErrorsOf(data: Record<string, unknown>): FieldError[] {
  const fields = data.fields;
  if (!Array.isArray(fields)) return [];
  return fields.filter((f): f is FieldError => typeof f === "object" && f !== null && typeof (f as FieldError).path === "string");
}

function valueAt(data: unknown, path: string): unknown {
  let here = data;
  for (const segment of path ? path.split(".") : []) {
    if (typeof here !== "object" || here === null) return undefined;
    here = (here as Record<string, unknown>)[segment];
  }
  return here;
}

/** The errors still standing once the user has changed some answers: an edited answer loses its server error. */
export function stillStanding(fields: FieldError[], submitted: unknown, now: unknown): FieldError[] {
  return fields.filter((f) => JSON.stringify(valueAt(submitted, f.path)) === JSON.stringify(valueAt(now, f.path)));
}

/** Errors no control shows: their path does not start at a property the UI schema renders. */
export function unplacedErrors(fields: FieldError[], shown: Set<string>): FieldError[] {
  return fields.filter((f) => !shown.has(f.path.split(".")[0] ?? ""));
}
