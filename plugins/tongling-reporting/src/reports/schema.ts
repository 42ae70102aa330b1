/**
 * Params schemas (JSON Schema, checked by the host's validation slot). The author's part of a
 * report is loose while it is a draft — every field optional — and checked whole against the
 * effective form when it is submitted. Free text may hold any printable character (Vue escapes
 * it on screen); control characters other than line breaks and tabs are refused.
 */
import type { ActionParams } from "moleculer";
import { SAFE_NAME_PATTERN } from "@anju/kernel";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, REPORT_STATUSES } from "../constants.js";
import { PERIOD_PATTERN } from "../period.js";

export type JsonSchema = Record<string, unknown>;

const PROSE = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$";
export const prose = (maxLength: number): JsonSchema => ({ type: "string", minLength: 1, maxLength, pattern: PROSE });
export const safeText = (maxLength: number): JsonSchema => ({ type: "string", minLength: 1, maxLength, pattern: SAFE_NAME_PATTERN });
export const id = { type: "integer", minimum: 1 } as const;
export const period = { type: "string", pattern: PERIOD_PATTERN, maxLength: 7 } as const;
export const enumOf = (values: readonly string[]): JsonSchema => ({ type: "string", enum: [...values] });
export const code = { type: "string", pattern: "^[0-9A-Za-z][0-9A-Za-z-]{1,31}$", maxLength: 32 } as const;

export const paging = {
  page: { type: "integer", minimum: 1, maximum: 100000, default: 1 },
  pageSize: { type: "integer", minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE },
} as const;

export function object(properties: Record<string, unknown>, required: string[] = []): ActionParams {
  // Moleculer's ActionParams describes its own validator (switched off); ours is JSON Schema.
  return { type: "object", properties, required, additionalProperties: false } as unknown as ActionParams;
}

/** A new upload (as the forms module takes it) or a file already stored by an earlier submission. */
const upload = object({ name: { type: "string", minLength: 1, maxLength: 255 }, content: { type: "string", minLength: 4, maxLength: 14_000_000 } }, ["name", "content"]);
const storedFile = object({
  fileId: { type: "string", pattern: "^[0-9a-f-]{36}$" },
  name: { type: "string", maxLength: 255 }, type: { type: "string", maxLength: 16 }, size: { type: "integer", minimum: 0 },
  sha256: { type: "string", pattern: "^[0-9a-f]{64}$" },
}, ["fileId"]);

/**
 * The author's fields (the form's problems, next steps, contact and attachments), and `extra`:
 * the fields a city or county added by extending the form. `extra` is checked here only for
 * size; the effective form checks its content at submission.
 */
export const authorFields = {
  problems: prose(2000),
  nextSteps: prose(2000),
  contact: object({ name: safeText(50), phone: { type: "string", pattern: "^[0-9+() -]{3,32}$" } }),
  attachments: { type: "array", maxItems: 10, items: { oneOf: [upload, storedFile] } },
  extra: { type: "object", maxProperties: 50, propertyNames: { pattern: "^[A-Za-z][A-Za-z0-9_]{0,63}$" } },
};

/** Form fields the plugin owns: an extension's `extra` cannot replace them. */
export const BASE_FIELDS = ["period", "progress", "problems", "nextSteps", "contact", "attachments"] as const;

export const listParams = object({ ...paging, period, status: enumOf(REPORT_STATUSES), countyCode: code });
export const byId = object({ id }, ["id"]);

export interface AuthorData {
  problems?: string;
  nextSteps?: string;
  contact?: { name?: string; phone?: string };
  attachments?: Array<{ name: string; content: string } | { fileId: string; name?: string; type?: string; size?: number; sha256?: string }>;
  /** Fields added by a jurisdiction's extension of the form (kept at the top level once submitted). */
  extra?: Record<string, unknown>;
}
