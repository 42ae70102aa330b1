/**
 * Validation slot (innermost): an action's `params` is a JSON Schema; input is checked with
 * ajv (query-string numbers coerced) and refused with VALIDATION_FAILED (422) naming fields.
 * The same schemas generate the OpenAPI document. Actions without `params` pay nothing.
 */
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import type { Context, Middleware } from "moleculer";
import { KernelErrors } from "../errors/catalogue.js";
import { fieldErrors } from "../schema/ajv.js";

const paramsAjv = new Ajv({ allErrors: true, strict: false, coerceTypes: true, useDefaults: true });
addFormats(paramsAjv);

/** Safe display names: no markup, quotes, statement separators or control characters. */
export const SAFE_NAME_PATTERN = "^[^<>\"'`;\\\\\\u0000-\\u001f\\u007f]+$";
paramsAjv.addFormat("anju-name", new RegExp(SAFE_NAME_PATTERN));

export function isJsonSchema(params: unknown): params is Record<string, unknown> {
  return typeof params === "object" && params !== null && (params as { type?: unknown }).type === "object";
}

export function compileParams(schema: object): ValidateFunction {
  return paramsAjv.compile(schema);
}

export function validationMiddleware(): Middleware {
  return {
    name: "AnjuValidation",
    localAction(next: (ctx: Context) => Promise<unknown>, action: { params?: unknown }) {
      if (!isJsonSchema(action.params)) return next;
      const validate = compileParams(action.params);
      return async function validateParams(ctx: Context) {
        if (!validate(ctx.params ?? {})) {
          const fields = fieldErrors(validate.errors);
          throw KernelErrors.VALIDATION_FAILED({ summary: fields.map((f) => `${f.field} ${f.reason}`).join("; "), fields });
        }
        return next(ctx);
      };
    },
  } as unknown as Middleware;
}
