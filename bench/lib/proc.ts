/**
 * Child processes for the benchmarks. Servers run in their own process, never in the process
 * that generates load: on a 2-core machine a shared event loop would measure the client as
 * much as the server.
 */
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";

export const ROOT = path.resolve(__dirname, "..", "..");
export const BENCH = path.join(ROOT, "bench");
export const TSX_BIN = path.join(ROOT, "node_modules", ".bin", "tsx");

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface ServerChild<T> {
  proc: ChildProcess;
  info: T;
  /** CPU seconds (user + system) the process has used so far, from /proc. */
  cpuSeconds(): number;
  /** Resolves with the next stdout line starting with `prefix`. */
  nextLine(prefix: string, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

const CLK_TCK = 100; // Linux USER_HZ; /proc/<pid>/stat counts in these ticks.

export function cpuSecondsOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the ")" that closes the command name; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/**
 * CPU seconds used so far by a process group (e.g. npm → sh → tsx → node), including children
 * already reaped. Machine-load independent, unlike wall time: on a busy shared machine it shows
 * what a start costs when nothing else competes.
 */
export function groupCpuSeconds(pgid: number): number {
  let total = 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try { stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8"); } catch { continue; }
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // After the command: state(0) ppid(1) pgrp(2) … utime(11) stime(12) cutime(13) cstime(14)
    if (Number(f[2]) !== pgid) continue;
    total += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
  }
  return total / CLK_TCK;
}

/**
 * Run a TypeScript server script under plain `node --import tsx` (one process, so its pid is
 * the server's own and --cpu-prof profiles the server) and wait for its `READY <json>` line.
 */
export function startServer<T>(script: string, env: Record<string, string> = {}, nodeArgs: string[] = [], timeoutMs = 60_000): Promise<ServerChild<T>> {
  const proc = spawn(process.execPath, [...nodeArgs, "--import", "tsx", script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  proc.stderr!.on("data", (d) => { stderr += d; if (stderr.length > 20_000) stderr = stderr.slice(-20_000); });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { proc.kill("SIGKILL"); reject(new Error(`${script} not ready after ${timeoutMs} ms\n${stderr}`)); }, timeoutMs);
    let partial = "";
    const waiters: Array<{ prefix: string; resolve: (l: string) => void }> = [];
    const onLine = (line: string) => {
      const i = waiters.findIndex((w) => line.startsWith(w.prefix));
      if (i >= 0) waiters.splice(i, 1)[0].resolve(line);
    };
    const nextLine = (prefix: string, ms = 30_000) => new Promise<string>((res, rej) => {
      const t = setTimeout(() => rej(new Error(`${script}: no "${prefix}" line within ${ms} ms`)), ms);
      waiters.push({ prefix, resolve: (l) => { clearTimeout(t); res(l); } });
    });
    proc.stdout!.on("data", (d) => {
      const lines = (partial + d).split("\n");
      partial = lines.pop() ?? "";
      lines.forEach(onLine);
    });
    nextLine("READY ", timeoutMs + 1000).then((line) => {
      clearTimeout(timer);
      resolve({
        proc,
        info: JSON.parse(line.slice(6)) as T,
        cpuSeconds: () => cpuSecondsOf(proc.pid!),
        nextLine,
        stop: () => stopChild(proc),
      });
    }, () => undefined);
    proc.once("exit", (code) => { clearTimeout(timer); reject(new Error(`${script} exited with ${code} before ready\n${stderr}`)); });
  });
}

/** SIGTERM the child (it shuts down cleanly), SIGKILL it if it has not exited in 10 s. */
export function stopChild(proc: ChildProcess, group = false): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = (sig: NodeJS.Signals) => {
      try {
        if (group) process.kill(-proc.pid!, sig);
        else proc.kill(sig);
      } catch { /* already gone */ }
    };
    const timer = setTimeout(() => kill("SIGKILL"), 10_000);
    proc.once("exit", () => { clearTimeout(timer); resolve(); });
    kill("SIGTERM");
  });
}

/** Print `READY <json>` for the parent and shut down cleanly on SIGTERM/SIGINT. */
export function announceReady(info: unknown, stop: () => Promise<void>): void {
  process.stdout.write(`READY ${JSON.stringify(info)}\n`);
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    stop().catch(() => undefined).finally(() => process.exit(0));
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}
