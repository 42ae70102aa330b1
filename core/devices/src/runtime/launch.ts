/**
 * How a driver child is started: which environment it sees, which Node flags it gets.
 * The environment is an allow-list: database URLs, ANJU_* secrets, NODE_OPTIONS (which could
 * carry a loader or --require) and everything else the host was given stay in the host.
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { RuntimeErrors } from "./errors.js";

const ENV_ALLOW = ["PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "NODE_ENV"] as const;

export const CHILD_SCRIPT = path.join(__dirname, "child.cjs");

const TS_ENTRY = /\.(ts|mts|cts)$/;

export function childEnv(entry: string, sandboxed: boolean, source: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const key of ENV_ALLOW) if (source[key] !== undefined) env[key] = source[key];
  // tsx caches compiled files in the temp folder; a sandboxed child may not write there.
  if (sandboxed && TS_ENTRY.test(entry)) env.TSX_DISABLE_CACHE = "1";
  return env;
}

let tsxLoader: string | null | undefined;

/**
 * tsx's loader as a file URL, resolved from this package (the host's node_modules), so a child
 * started with cwd inside an install folder finds it no matter where that folder is.
 */
export function tsxLoaderUrl(): string | null {
  if (tsxLoader === undefined) {
    try {
      tsxLoader = pathToFileURL(require.resolve("tsx", { paths: [__dirname] })).href;
    } catch {
      tsxLoader = null;
    }
  }
  return tsxLoader;
}

/** The node_modules folder the host's own packages resolve from. */
function hostNodeModules(): string | null {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules");
    if (fs.existsSync(path.join(candidate, "@anju", "devices"))) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
}

const PERMISSION_FLAG = process.allowedNodeEnvironmentFlags.has("--permission") ? "--permission"
  : process.allowedNodeEnvironmentFlags.has("--experimental-permission") ? "--experimental-permission" : null;

/** Can this Node confine a child with its permission model? */
export const SANDBOX_SUPPORTED = PERMISSION_FLAG !== null;

let readableCache: string[] | undefined;

/** The host's packages a driver may load: node_modules and where its workspace links point. */
function hostReadable(): string[] {
  if (readableCache) return readableCache;
  const modules = hostNodeModules();
  const out = new Set<string>([path.dirname(CHILD_SCRIPT)]);
  if (modules) {
    out.add(modules);
    const scope = path.join(modules, "@anju");
    for (const name of fs.existsSync(scope) ? fs.readdirSync(scope) : []) {
      try {
        out.add(fs.realpathSync(path.join(scope, name)));
      } catch { /* a dangling link is nothing to read */ }
    }
  }
  return (readableCache = [...out]);
}

/**
 * node_modules folders above the package: an installed plugin finds the host's packages through
 * a link next to its folder (`<installDir>/node_modules`, see the kernel's linkHostModules).
 */
function ancestorModules(dir: string): string[] {
  const out: string[] = [];
  for (let d = path.dirname(path.resolve(dir)); ; d = path.dirname(d)) {
    const candidate = path.join(d, "node_modules");
    if (fs.existsSync(candidate)) out.push(candidate);
    if (path.dirname(d) === d) return out;
  }
}

/**
 * Node's permission model around the driver: it may read its own package and the host's
 * packages, nothing else (not the host's config, not /proc/<host pid>/environ, which holds
 * the database credentials the environment scrub keeps out); it may not write files, start
 * processes or load native addons. Network stays open (Node cannot restrict it).
 */
function sandboxArgv(dir: string, ts: boolean): string[] {
  if (!PERMISSION_FLAG) return [];
  const own = fs.realpathSync(dir);
  const paths = [own, ...hostReadable(), ...ancestorModules(dir)];
  // tsx probes whether the file system is case-sensitive by looking for the upper-cased cwd.
  if (ts) paths.push(own.toUpperCase());
  // Node 20 aborts (RadixTree assertion) on a path given twice, e.g. a plugin folder that is
  // also a workspace package; a folder inside another listed one adds nothing anyway.
  const unique = [...new Set(paths)];
  const read = unique.filter((p) => !unique.some((q) => q !== p && p.startsWith(q + path.sep)));
  const argv = [PERMISSION_FLAG, ...read.map((p) => `--allow-fs-read=${p}`), "--disable-warning=ExperimentalWarning", "--disable-warning=SecurityWarning"];
  // Loader hooks (tsx) run on a worker thread; the worker has the same permissions.
  if (ts) argv.push("--allow-worker");
  return argv;
}

/** Checks the entry (inside the package, present) and returns the child's execArgv. */
export function childExecArgv(pluginId: string, dir: string, entry: string, memoryMb: number, sandboxed = false): string[] {
  const root = path.resolve(dir);
  const file = path.resolve(entry);
  if (!file.startsWith(root + path.sep)) throw RuntimeErrors.DRIVER_ENTRY_INVALID({ entry, reason: `outside the package folder of ${pluginId}` });
  if (!fs.existsSync(file)) throw RuntimeErrors.DRIVER_ENTRY_INVALID({ entry, reason: "file not found" });
  const argv = [`--max-old-space-size=${Math.max(16, Math.floor(memoryMb))}`];
  if (sandboxed) argv.push(...sandboxArgv(root, TS_ENTRY.test(file)));
  if (TS_ENTRY.test(file)) {
    const loader = tsxLoaderUrl();
    if (!loader) throw RuntimeErrors.DRIVER_ENTRY_INVALID({ entry, reason: "a TypeScript entry needs tsx, which is not installed" });
    argv.push("--import", loader);
  }
  return argv;
}
