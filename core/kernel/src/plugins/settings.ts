/**
 * Per-jurisdiction plugin settings. A node stores only what it overrides; the effective value
 * is the schema's defaults, then each override from the root down to the node. The merged
 * result is what gets validated, so an override cannot produce an invalid whole.
 */
import type { ValidateFunction } from "ajv";
import { deepMerge } from "../config/load.js";
import { fieldErrors, compileSchema } from "../schema/ajv.js";
import { KernelErrors } from "../errors/catalogue.js";
import type { PluginManifest } from "./types.js";

const validators = new WeakMap<object, ValidateFunction>();

function validatorFor(schema: object): ValidateFunction {
  let v = validators.get(schema);
  if (!v) { v = compileSchema(schema); validators.set(schema, v); }
  return v;
}

/** Defaults declared in the schema (`default` on properties, recursively). */
export function schemaDefaults(schema: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const props = (schema?.properties ?? {}) as Record<string, Record<string, unknown>>;
  for (const [key, prop] of Object.entries(props)) {
    if (prop.default !== undefined) out[key] = structuredClone(prop.default);
    else if (prop.type === "object" && prop.properties) {
      const nested = schemaDefaults(prop);
      if (Object.keys(nested).length) out[key] = nested;
    }
  }
  return out;
}

export interface SettingsLayer { jurisdiction: string; value: Record<string, unknown> }

export function mergeSettings(manifest: PluginManifest, layersRootFirst: SettingsLayer[]): Record<string, unknown> {
  let value = schemaDefaults(manifest.settings?.schema);
  for (const layer of layersRootFirst) value = deepMerge(value, layer.value);
  return value;
}

export function validateSettings(manifest: PluginManifest, value: Record<string, unknown>): void {
  const schema = manifest.settings?.schema;
  if (!schema) {
    if (Object.keys(value).length > 0) throw KernelErrors.PLUGIN_SETTINGS_INVALID({ id: manifest.id, summary: "此插件没有设置项 / this plugin has no settings", fields: [] });
    return;
  }
  const validate = validatorFor(schema);
  if (!validate(value)) {
    const fields = fieldErrors(validate.errors);
    throw KernelErrors.PLUGIN_SETTINGS_INVALID({ id: manifest.id, summary: fields.map((f) => `${f.field} ${f.reason}`).join("; "), fields });
  }
}

/** `a.b=3` style assignments into a nested patch; values parse as JSON when they can. */
export function parseAssignments(pairs: string[]): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw KernelErrors.BAD_REQUEST({ reason: `"${pair}" 不是 key=value / is not key=value` });
    const keys = pair.slice(0, eq).split(".");
    const raw = pair.slice(eq + 1);
    let value: unknown = raw;
    try { value = JSON.parse(raw); } catch { /* a plain string */ }
    let node = patch;
    for (const k of keys.slice(0, -1)) {
      if (typeof node[k] !== "object" || node[k] === null) node[k] = {};
      node = node[k] as Record<string, unknown>;
    }
    node[keys[keys.length - 1]] = value;
  }
  return patch;
}
