/**
 * Runs the real `anju` (bin/anju.js, as a person or a script would) in a child process with a
 * throwaway data folder, and reads what it printed.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "@anju/data";

export const REPO = path.resolve(__dirname, "../../..");
export const BIN = path.join(REPO, "core/cli/bin/anju.js");
export const FIXTURES = path.join(REPO, "core/kernel/test/fixtures/basic");
export const UPGRADE_FIXTURES = path.join(REPO, "core/kernel/test/fixtures/upgrade");
export const PLUGINS = path.join(REPO, "plugins");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each command prints its own JSON shape
  json: any;
}

/** The parent's environment without our own ANJU_* settings (test-service URLs stay). */
function baseEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "PORT" && (!k.startsWith("ANJU_") || k.startsWith("ANJU_TEST_"))));
}

export interface Workspace {
  dataDir: string;
  db: TestDatabase | null;
  env: NodeJS.ProcessEnv;
  run(args: string[], extraEnv?: NodeJS.ProcessEnv): Promise<CliResult>;
  spawn(args: string[], extraEnv?: NodeJS.ProcessEnv): ChildProcess;
  close(): Promise<void>;
}

/** A data folder (and, for MariaDB, a fresh database) the CLI runs against. */
export async function workspace(kind: "sqlite" | "mysql" = "sqlite", env: NodeJS.ProcessEnv = {}): Promise<Workspace> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "anju-cli-"));
  const db = kind === "mysql" ? await createTestDatabase("mysql") : null;
  const wsEnv: NodeJS.ProcessEnv = {
    ...baseEnv(),
    ANJU_DATA_DIR: dataDir,
    ANJU_PLUGIN_DIRS: FIXTURES,
    ANJU_LOG_LEVEL: "error",
    ANJU_DEMO: "false",
    PORT: "0",
    ANJU_HOST: "127.0.0.1",
    ...(db ? { ANJU_DB_URL: db.url } : {}),
    ...env,
  };
  return {
    dataDir,
    db,
    env: wsEnv,
    run: (args, extraEnv = {}) => runCli(args, { ...wsEnv, ...extraEnv }),
    spawn: (args, extraEnv = {}) => spawn(process.execPath, [BIN, ...args], { cwd: REPO, env: { ...wsEnv, ...extraEnv }, stdio: ["ignore", "pipe", "pipe"] }),
    async close() {
      await db?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: REPO, env, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === "number" ? (err as { code: number }).code : 1) : 0;
      let json: unknown;
      try { json = JSON.parse(stdout); } catch { json = undefined; }
      resolve({ code, stdout, stderr, json });
    });
  });
}

/** Read lines from a child's stdout until one parses as JSON with the wanted event. */
export function nextJsonEvent(child: ChildProcess, event: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let buffer = "";
    let stderr = "";
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl: number;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        try {
          const parsed = JSON.parse(line);
          if (parsed.event === event || parsed.error) {
            child.stdout!.off("data", onData);
            return parsed.error ? reject(new Error(`anju failed: ${line}\n${stderr}`)) : resolve(parsed);
          }
        } catch { /* not JSON: a log line */ }
      }
    };
    child.stderr!.on("data", (c: Buffer) => { stderr += c.toString(); });
    child.stdout!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`anju exited with ${code} before "${event}"\n${stderr}`)));
  });
}

export function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once("exit", (code) => resolve(code));
  });
}

/** Retry `check` until it returns true (bounded, for changes another process makes). */
export async function eventually(check: () => Promise<boolean>, tries = 100, everyMs = 200): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return false;
}

export function tarball(fromDir: string, name: string, into: string, layout: "npm-pack" | "folder"): string {
  const file = path.join(into, `${name}.tgz`);
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), "anju-tgz-"));
  const top = layout === "npm-pack" ? "package" : name;
  fs.cpSync(fromDir, path.join(staging, top), { recursive: true });
  execFileSync("tar", ["-czf", file, "-C", staging, top]);
  fs.rmSync(staging, { recursive: true, force: true });
  return file;
}
