/**
 * Cold start of the embedded default: time from spawning `npm start` (what a user types after
 * `npm install`) in a fresh data folder until `GET /api/health` answers 200. Goal ≤ 3 s.
 *
 * Measured per start:
 *   health 200   spawn → first 200 from /api/health (the goal's measure; the gateway answers as
 *                soon as it listens, which is before demo seeding ends)
 *   ready        spawn → the CLI's "started" line (demo data seeded, banner printed)
 *   CPU          CPU time the whole process group (npm, sh, tsx, node, esbuild) had used at
 *                health 200: what the start costs with nothing else competing for the cores
 * Scenarios:
 *   fresh            new data folder each time: migrations, auto-install, demo seeding
 *   existing         the same folder again (second and later starts)
 *   fresh, cold tsx  a fresh folder and an empty tsx transform cache (TMPDIR) — the very first
 *                    start after `npm install`
 * `npm start` adds npm's own start-up; `--via tsx` runs `tsx core/cli/src/bin.ts start` instead.
 * Without core/cli/src/bin.ts the script falls back to bench/servers/embedded-start.ts
 * (startNode with the environment's config, no demo seeding) and says so.
 *
 *   npx tsx bench/cold-start.ts [--runs 5] [--via npm|tsx]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { spawn } from "node:child_process";
import { freePort, groupCpuSeconds, ROOT, sleep, stopChild, TSX_BIN } from "./lib/proc.js";
import { fmt, numberArgs, summary } from "./lib/stats.js";

export interface ColdStartOptions { runs: number; via: "npm" | "tsx" }
export const COLD_DEFAULTS: ColdStartOptions = { runs: 5, via: "npm" };

export interface StartSample { scenario: string; healthMs: number; readyMs: number; cpuMs: number; plugins: string[] }
export interface ColdStartResult { options: ColdStartOptions; command: string; usesCli: boolean; samples: StartSample[]; goalMet: boolean }

const CLI = path.join(ROOT, "core", "cli", "src", "bin.ts");

function commandFor(via: "npm" | "tsx"): { cmd: string; args: string[]; label: string; usesCli: boolean } {
  if (!fs.existsSync(CLI)) {
    return { cmd: process.execPath, args: ["--import", "tsx", "bench/servers/embedded-start.ts"], label: "node --import tsx bench/servers/embedded-start.ts (fallback: no CLI yet)", usesCli: false };
  }
  if (via === "npm") return { cmd: "npm", args: ["start", "--silent"], label: "npm start", usesCli: true };
  return { cmd: TSX_BIN, args: [CLI, "start"], label: "tsx core/cli/src/bin.ts start", usesCli: true };
}

/** The environment of a user's shell, minus any ANJU_* settings of this one. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("ANJU_") && !k.startsWith("npm_")) env[k] = v;
  return { ...env, ...extra };
}

async function startOnce(scenario: string, via: "npm" | "tsx", dataDir: string, tmpDir?: string): Promise<StartSample> {
  const port = await freePort();
  const { cmd, args } = commandFor(via);
  const env = cleanEnv({ ANJU_DATA_DIR: dataDir, PORT: String(port), ANJU_DEMO: "true", ...(tmpDir ? { TMPDIR: tmpDir } : {}) });
  const t0 = performance.now();
  // Own process group, so npm → sh → tsx → node stop together.
  const proc = spawn(cmd, args, { cwd: ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let readyMs = NaN;
  const onData = (d: Buffer) => {
    out += d;
    if (Number.isNaN(readyMs) && /已启动 \/ started|^READY /m.test(out)) readyMs = performance.now() - t0;
  };
  proc.stdout!.on("data", onData);
  proc.stderr!.on("data", (d) => { out += d; });
  let healthMs = NaN;
  let cpuMs = NaN;
  let plugins: string[] = [];
  try {
    const deadline = t0 + 60_000;
    while (performance.now() < deadline) {
      if (proc.exitCode !== null) throw new Error(`start exited with ${proc.exitCode}:\n${out.slice(-2000)}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(1000) });
        if (res.status === 200) {
          healthMs = performance.now() - t0;
          cpuMs = groupCpuSeconds(proc.pid!) * 1000;
          plugins = ((await res.json()) as { plugins?: Array<{ id: string }> }).plugins?.map((p) => p.id) ?? [];
          break;
        }
      } catch { /* not listening yet */ }
      await sleep(10);
    }
    if (Number.isNaN(healthMs)) throw new Error(`no healthy /api/health within 60 s:\n${out.slice(-2000)}`);
    const readyDeadline = performance.now() + 30_000;
    while (Number.isNaN(readyMs) && performance.now() < readyDeadline && proc.exitCode === null) await sleep(10);
  } finally {
    await stopChild(proc, true);
  }
  return { scenario, healthMs, readyMs, cpuMs, plugins };
}

export async function runColdStart(o: ColdStartOptions = COLD_DEFAULTS, log: (s: string) => void = console.error): Promise<ColdStartResult> {
  const { label, usesCli } = commandFor(o.via);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "anju-cold-"));
  const samples: StartSample[] = [];
  const record = (s: StartSample) => {
    samples.push(s);
    log(`  ${s.scenario}: health ${fmt(s.healthMs)} ms (CPU ${fmt(s.cpuMs)} ms), ready ${fmt(s.readyMs)} ms, plugins [${s.plugins.join(", ")}]`);
  };
  try {
    // The first start after install: nothing cached, not even tsx's transforms.
    record(await startOnce("fresh, cold tsx cache", o.via, path.join(work, "cold"), fs.mkdtempSync(path.join(work, "tmp-"))));
    let last = "";
    for (let i = 0; i < o.runs; i++) {
      last = path.join(work, `fresh-${i}`);
      record(await startOnce("fresh", o.via, last));
    }
    for (let i = 0; i < o.runs; i++) record(await startOnce("existing", o.via, last));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  const goalMet = samples.every((s) => s.healthMs <= 3000);
  return { options: o, command: label, usesCli, samples, goalMet };
}

export function coldStartMarkdown(r: ColdStartResult): string {
  const scenarios = [...new Set(r.samples.map((s) => s.scenario))];
  return [
    `### Cold start of the embedded default`,
    ``,
    `Command: \`${r.command}\` with ANJU_DATA_DIR=<temp>, PORT=<free>, ANJU_DEMO=true; ${r.options.runs} runs per scenario (1 for the cold tsx cache).${r.usesCli ? "" : " **Fallback measured: the CLI did not exist; no demo seeding.**"}`,
    ``,
    `| scenario | runs | health 200 ms (min / median / max) | CPU ms until health 200 (median) | ready ms (median) |`,
    `|---|---:|---|---:|---:|`,
    ...scenarios.map((sc) => {
      const xs = r.samples.filter((s) => s.scenario === sc);
      const h = summary(xs.map((s) => s.healthMs));
      const ready = summary(xs.map((s) => s.readyMs).filter(Number.isFinite));
      const cpu = summary(xs.map((s) => s.cpuMs));
      return `| ${sc} | ${xs.length} | ${fmt(h.min)} / ${fmt(h.median)} / ${fmt(h.max)} | ${fmt(cpu.median)} | ${fmt(ready.median)} |`;
    }),
    ``,
    `Plugins reported by /api/health: ${[...new Set(r.samples.flatMap((s) => s.plugins))].join(", ") || "none"}. Goal ≤ 3 s to a healthy /api/health (every run): **${r.goalMet ? "met" : "not met"}**.`,
  ].join("\n");
}

function parseArgs(): ColdStartOptions {
  const { runs } = numberArgs({ runs: COLD_DEFAULTS.runs });
  const i = process.argv.indexOf("--via");
  const via = i > 0 ? process.argv[i + 1] : COLD_DEFAULTS.via;
  if (via !== "npm" && via !== "tsx") throw new Error("--via npm|tsx");
  return { runs, via };
}

if (require.main === module) {
  runColdStart(parseArgs())
    .then((r) => console.log(coldStartMarkdown(r)))
    .catch((err) => { console.error(err); process.exit(1); });
}
