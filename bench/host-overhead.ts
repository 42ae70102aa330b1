/**
 * Host overhead: the same trivial action, (a) bare through moleculer-web and (b) through the
 * Anju gateway (token check) + request context + plugin gate (+ the validation slot). Goal:
 * (b)'s requests/s ≥ 90 % of (a)'s.
 *
 * Servers run in their own child processes, load comes from this process (autocannon), runs
 * alternate a, b, a, b, … with the same client settings after an unrecorded warm-up each. The
 * headline ratio is mean(b req/s) / mean(a req/s) over all rounds; per-round ratios show the
 * spread.
 *
 *   npx tsx bench/host-overhead.ts [--connections 50] [--duration 10] [--warmup 2] [--rounds 3]
 *   BENCH_CPU_PROF=/tmp/prof npx tsx bench/host-overhead.ts   # + /tmp/prof/{a,b}-<n>.cpuprofile
 */
import { compareServers, type LoadOptions, type RunResult, type VariantSummary } from "./lib/load.js";
import { fmt, numberArgs, pct } from "./lib/stats.js";

export type OverheadOptions = LoadOptions;

export interface OverheadResult {
  options: OverheadOptions;
  runs: RunResult[];
  a: VariantSummary;
  b: VariantSummary;
  ratio: number;
  /** a's server CPU per request over b's: the capacity ratio when the server is the bottleneck. */
  cpuRatio: number;
  roundRatios: number[];
  valid: boolean;
  goalMet: boolean;
}

export const OVERHEAD_DEFAULTS: OverheadOptions = { connections: 50, duration: 10, warmup: 2, rounds: 3 };

export async function runHostOverhead(o: OverheadOptions = OVERHEAD_DEFAULTS, log: (s: string) => void = console.error): Promise<OverheadResult> {
  const { runs, summaries } = await compareServers([
    { key: "a", label: "(a) bare moleculer-web", script: "bench/servers/bare-server.ts" },
    { key: "b", label: "(b) Anju gateway + context + gate", script: "bench/servers/anju-server.ts" },
  ], o, log);
  const [a, b] = summaries;
  const of = (k: string) => runs.filter((r) => r.variant === k);
  const roundRatios = of("b").map((r, i) => r.rps / of("a")[i].rps);
  const valid = runs.every((r) => r.non2xx === 0 && r.errors === 0);
  const ratio = b.rps / a.rps;
  return { options: o, runs, a, b, ratio, cpuRatio: a.cpuUsPerReq / b.cpuUsPerReq, roundRatios, valid, goalMet: valid && ratio >= 0.9 };
}

export function overheadMarkdown(r: OverheadResult): string {
  const o = r.options;
  return [
    `### Host overhead`,
    ``,
    `autocannon, ${o.connections} connections, ${o.duration} s per run after a ${o.warmup} s warm-up, ${o.rounds} rounds (a, b alternating); each server in its own process, load from a third.`,
    ``,
    `| | req/s (mean) | p50 ms (median) | p99 ms (median) | server CPU µs/req |`,
    `|---|---:|---:|---:|---:|`,
    ...[r.a, r.b].map((s) => `| ${s.label} | ${fmt(s.rps)} | ${fmt(s.p50)} | ${fmt(s.p99)} | ${fmt(s.cpuUsPerReq, 1)} |`),
    ``,
    `Ratio b/a (req/s): **${pct(r.ratio)}** (per round: ${r.roundRatios.map(pct).join(", ")}). Goal ≥ 90 %: **${r.goalMet ? "met" : "not met"}**${r.valid ? "" : " (some runs had errors or non-2xx answers: invalid)"}.`,
    `Server CPU per request, a/b: ${pct(r.cpuRatio)} — what b can serve per core relative to a, independent of how the cores were shared during the run.`,
    ``,
    `| round | server | req/s | p50 ms | p99 ms | CPU µs/req | non-2xx | errors |`,
    `|---:|---|---:|---:|---:|---:|---:|---:|`,
    ...r.runs.map((x) => `| ${x.round} | ${x.variant} | ${fmt(x.rps)} | ${x.p50} | ${x.p99} | ${fmt(x.cpuUsPerReq, 1)} | ${x.non2xx} | ${x.errors} |`),
  ].join("\n");
}

if (require.main === module) {
  runHostOverhead(numberArgs(OVERHEAD_DEFAULTS))
    .then((r) => console.log(overheadMarkdown(r)))
    .catch((err) => { console.error(err); process.exit(1); });
}
