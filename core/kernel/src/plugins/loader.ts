/**
 * Loads a plugin package's entry module with dynamic import(), so the same code path works
 * under tsx and vitest (TypeScript in this repo) and plain Node (a vendor's JavaScript).
 * Module caches cannot be emptied, so an upgrade never reloads a path: each version is
 * unpacked into its own folder (`<installDir>/<id>@<version>`).
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { KernelErrors } from "../errors/catalogue.js";
import type { PluginPackage } from "./manifest.js";
import type { PluginDefinition } from "./types.js";

/** The node_modules folder this host's own packages resolve from (holds `@anju/kernel`). */
function hostNodeModules(): string | null {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules");
    if (fs.existsSync(path.join(candidate, "@anju", "kernel"))) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
}

/**
 * Packages copied into the install folder lose their node_modules (the copy leaves them out) and
 * may sit outside the host's tree (a data folder elsewhere, a test's temp folder), where
 * `import "@anju/kernel"` would not resolve. A `node_modules` link in the install folder points
 * bare imports back at the host's own packages, so a plugin shares the host's module instances.
 */
export function linkHostModules(installDir: string): void {
  const modules = hostNodeModules();
  if (!modules) return;
  const resolved = path.resolve(installDir);
  if (resolved.startsWith(path.dirname(modules) + path.sep)) return; // inside the host tree already
  const link = path.join(resolved, "node_modules");
  if (fs.existsSync(link)) return;
  fs.mkdirSync(resolved, { recursive: true });
  fs.symlinkSync(modules, link, "dir");
}

export function entryOf(pkg: PluginPackage): string {
  const candidates = pkg.manifest.main ? [pkg.manifest.main] : ["src/index.ts", "dist/index.js", "index.js"];
  for (const c of candidates) {
    const file = path.resolve(pkg.dir, c);
    if (!file.startsWith(pkg.dir + path.sep)) continue;
    if (fs.existsSync(file)) return file;
  }
  throw KernelErrors.PLUGIN_LOAD_FAILED({ id: pkg.manifest.id, error: `entry not found (${candidates.join(", ")})` });
}

/**
 * Absolute path of a driver plugin's entry (`anju.driver.entry`), checked to lie inside the
 * package. The device runtime starts it in a child process; nothing here imports it.
 */
export function driverEntryOf(pkg: PluginPackage): string {
  const id = pkg.manifest.id;
  const rel = pkg.manifest.driver?.entry;
  if (pkg.manifest.kind !== "driver" || !rel) throw KernelErrors.PLUGIN_LOAD_FAILED({ id, error: "not a driver plugin (anju.driver.entry is missing)" });
  const file = path.resolve(pkg.dir, rel);
  if (!file.startsWith(pkg.dir + path.sep)) throw KernelErrors.PLUGIN_LOAD_FAILED({ id, error: `driver entry "${rel}" is outside the package` });
  if (!fs.existsSync(file)) throw KernelErrors.PLUGIN_LOAD_FAILED({ id, error: `driver entry not found (${rel})` });
  return file;
}

/**
 * A driver plugin's code is vendor code that decodes untrusted device traffic: it never runs in
 * the host process. To the host it is an empty definition (no services, entities, migrations or
 * hooks); its entry only has to exist.
 */
const DRIVER_DEFINITION: PluginDefinition = Object.freeze({});

export async function loadPluginModule(pkg: PluginPackage): Promise<PluginDefinition> {
  if (pkg.manifest.kind === "driver") {
    driverEntryOf(pkg);
    return DRIVER_DEFINITION;
  }
  const entry = entryOf(pkg);
  let mod: { default?: PluginDefinition & { default?: PluginDefinition } } & PluginDefinition;
  try {
    mod = await import(pathToFileURL(entry).href);
  } catch (err) {
    throw KernelErrors.PLUGIN_LOAD_FAILED({ id: pkg.manifest.id, error: (err as Error).message });
  }
  // CommonJS compiled to ESM interop can nest the default export once more.
  const def = (mod.default?.default ?? mod.default ?? mod) as PluginDefinition;
  const id = pkg.manifest.id;
  for (const svc of def.services ?? []) {
    const name = String(svc.name);
    if (name !== id && !name.startsWith(`${id}.`)) {
      throw KernelErrors.PLUGIN_LOAD_FAILED({ id, error: `service "${name}" must be named "${id}" or "${id}.<name>"` });
    }
  }
  for (const route of def.routes ?? []) {
    if (!route.action.startsWith(`${id}.`)) throw KernelErrors.PLUGIN_LOAD_FAILED({ id, error: `route action "${route.action}" is not the plugin's own` });
  }
  return def;
}
