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

export function childEnv(source: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const key of ENV_ALLOW) if (source[key] !== undefined) env[key] = source[key];
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

const TS_ENTRY = /\.(ts|mts|cts)$/;

/** Checks the entry (inside the package, present) and returns the child's execArgv. */
export function childExecArgv(pluginId: string, dir: string, entry: string, memoryMb: number): string[] {
  const root = path.resolve(dir);
  const file = path.resolve(entry);
  if (!file.startsWith(root + path.sep)) throw RuntimeErrors.DRIVER_ENTRY_INVALID({ entry, reason: `outside the package folder of ${pluginId}` });
  if (!fs.existsSync(file)) throw RuntimeErrors.DRIVER_ENTRY_INVALID({ entry, reason: "file not found" });
  const argv = [`--max-old-space-size=${Math.max(16, Math.floor(memoryMb))}`];
  if (TS_ENTRY.test(file)) {
    const loader = tsxLoaderUrl();
    if (!loader) throw RuntimeErrors.DRIVER_ENTRY_INVALID({ entry, reason: "a TypeScript entry needs tsx, which is not installed" });
    argv.push("--import", loader);
  }
  return argv;
}
