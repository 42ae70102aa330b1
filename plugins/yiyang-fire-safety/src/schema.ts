/**
 * Params schemas (JSON Schema, checked by the host's validation slot, which coerces query-string
 * numbers). Names and short text refuse markup and control characters (SAFE_NAME_PATTERN);
 * notice content may hold line breaks; every string has a length cap; every object is closed.
 */
import type { ActionParams } from "moleculer";
import { CODE_PATTERN, SAFE_NAME_PATTERN } from "@anju/kernel";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "./constants.js";

export type JsonSchema = Record<string, unknown>;

const PROSE = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f<>]*$";
export const text = (maxLength: number): JsonSchema => ({ type: "string", minLength: 1, maxLength, pattern: SAFE_NAME_PATTERN });
export const prose = (maxLength: number): JsonSchema => ({ type: "string", minLength: 1, maxLength, pattern: PROSE });
export const id = { type: "integer", minimum: 1 } as const;
export const code = { type: "string", pattern: CODE_PATTERN, maxLength: 32 } as const;
/** `YYYY-MM-DD` (ajv-formats checks the calendar). */
export const date = { type: "string", format: "date", maxLength: 10 } as const;
/** An instant, ISO 8601 with an offset. */
export const instant = { type: "string", format: "date-time", maxLength: 40 } as const;
export const enumOf = (values: readonly string[]): JsonSchema => ({ type: "string", enum: [...values] });

export const paging = {
  page: { type: "integer", minimum: 1, maximum: 100000, default: 1 },
  pageSize: { type: "integer", minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE },
} as const;

export function object(properties: Record<string, unknown>, required: string[] = []): ActionParams {
  // Moleculer's ActionParams describes its own validator (switched off); ours is JSON Schema.
  return { type: "object", properties, required, additionalProperties: false } as unknown as ActionParams;
}

export const byId = object({ id }, ["id"]);

export interface Page<T> { items: T[]; total: number; page: number; pageSize: number }

export function pageOf<T>(rows: T[], page = 1, pageSize = DEFAULT_PAGE_SIZE): Page<T> {
  return { items: rows.slice((page - 1) * pageSize, page * pageSize), total: rows.length, page, pageSize };
}

/** NFC-normalised and trimmed; text that is only blanks is refused by the caller's schema minLength after trim. */
export function clean(value: string): string {
  return value.normalize("NFC").trim();
}
