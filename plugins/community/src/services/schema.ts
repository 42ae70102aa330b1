/**
 * JSON Schema fragments for action params (validated by the host's ajv slot, which coerces
 * query-string numbers). Free text refuses markup, quotes, statement separators and control
 * characters (SAFE_NAME_PATTERN); every string has a length cap; every object is closed.
 */
import type { ActionParams } from "moleculer";
import { CODE_PATTERN, SAFE_NAME_PATTERN } from "@anju/kernel";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../constants.js";

export type JsonSchema = Record<string, unknown>;

export const text = (maxLength: number): JsonSchema => ({ type: "string", minLength: 1, maxLength, pattern: SAFE_NAME_PATTERN });
/** Optional text that an update may clear with null. */
export const optionalText = (maxLength: number): JsonSchema => ({ type: ["string", "null"], minLength: 1, maxLength, pattern: SAFE_NAME_PATTERN });

export const name = text(100);
export const id = { type: "integer", minimum: 1 } as const;
export const optionalId = { type: ["integer", "null"], minimum: 1 } as const;
export const code = { type: "string", pattern: CODE_PATTERN, maxLength: 32 } as const;
export const phone = { type: ["string", "null"], pattern: "^[0-9+() -]{3,32}$", maxLength: 32 } as const;
export const year = { type: "integer", minimum: 1900, maximum: 2100 } as const;
/** `YYYY-MM-DD` (ajv-formats checks the calendar). */
export const date = { type: ["string", "null"], format: "date", maxLength: 10 } as const;
export const enumOf = (values: readonly string[]): JsonSchema => ({ type: "string", enum: [...values] });

export const paging = {
  page: { type: "integer", minimum: 1, maximum: 100000, default: 1 },
  pageSize: { type: "integer", minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE },
} as const;

/**
 * A closed object schema. Moleculer types `params` for its own validator (switched off here);
 * ours are JSON Schema, hence the cast.
 */
export function object(properties: Record<string, unknown>, required: string[] = []): ActionParams {
  return { type: "object", properties, required, additionalProperties: false } as unknown as ActionParams;
}

/** Params of `get` and `remove`: just the id. */
export const byId = object({ id }, ["id"]);
