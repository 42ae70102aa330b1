/** Reading and checking a plugin's manifest. Every refusal names the field. */
import fs from "node:fs";
import path from "node:path";
import semver from "semver";
import { KernelErrors } from "../errors/catalogue.js";
import { compileSchema, firstErrorField, ajv } from "../schema/ajv.js";
import { MANIFEST_SCHEMA } from "./manifest-schema.js";
import type { PluginManifest } from "./types.js";

/** The plugin API this host offers; manifests declare a semver range against it. */
export const HOST_API_VERSION = "1.0.0";

const validateSchema = compileSchema<PluginManifest>(MANIFEST_SCHEMA);

export function validateManifest(raw: unknown, source: string): PluginManifest {
  if (!validateSchema(raw)) {
    const { field, reason } = firstErrorField(validateSchema.errors);
    throw KernelErrors.MANIFEST_INVALID({ source, field: `anju.${field}`.replace(/\.\(root\)$/, ""), reason });
  }
  const m = raw as PluginManifest;
  if (!semver.valid(m.version)) throw KernelErrors.MANIFEST_INVALID({ source, field: "anju.version", reason: `"${m.version}" is not a semver version` });
  if (!semver.validRange(m.host)) throw KernelErrors.MANIFEST_INVALID({ source, field: "anju.host", reason: `"${m.host}" is not a semver range` });
  if (!semver.satisfies(HOST_API_VERSION, m.host)) {
    throw KernelErrors.PLUGIN_HOST_INCOMPATIBLE({ id: m.id, range: m.host, host: HOST_API_VERSION });
  }
  for (const [dep, range] of Object.entries(m.requires ?? {})) {
    if (!semver.validRange(range)) throw KernelErrors.MANIFEST_INVALID({ source, field: `anju.requires.${dep}`, reason: `"${range}" is not a semver range` });
    if (dep === m.id) throw KernelErrors.PLUGIN_DEPENDENCY_CYCLE({ chain: [m.id, m.id] });
  }
  if (m.settings) {
    try {
      ajv.compile(m.settings.schema);
    } catch (err) {
      throw KernelErrors.MANIFEST_INVALID({ source, field: "anju.settings.schema", reason: (err as Error).message });
    }
  }
  const permissionCodes = new Set((m.permissions ?? []).map((p) => p.code));
  for (const [i, role] of (m.roles ?? []).entries()) {
    for (const p of role.permissions) {
      if (!permissionCodes.has(p)) throw KernelErrors.MANIFEST_INVALID({ source, field: `anju.roles.${i}.permissions`, reason: `unknown permission "${p}"` });
    }
  }
  return m;
}

export interface PluginPackage {
  manifest: PluginManifest;
  /** Absolute folder of the package. */
  dir: string;
}

/** Read `<dir>/package.json` and validate its "anju" block; the package version must match. */
export function readPluginPackage(dir: string): PluginPackage {
  const file = path.join(dir, "package.json");
  let pkg: { name?: string; version?: string; anju?: Record<string, unknown> };
  try {
    pkg = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw KernelErrors.MANIFEST_INVALID({ source: file, field: "package.json", reason: (err as Error).message });
  }
  if (!pkg.anju || typeof pkg.anju !== "object") throw KernelErrors.MANIFEST_INVALID({ source: file, field: "anju", reason: "is missing" });
  // The manifest's version defaults to the package's so the two cannot drift.
  const raw = { version: pkg.version, ...pkg.anju };
  return { manifest: validateManifest(raw, file), dir: path.resolve(dir) };
}
