/**
 * `npm run bench`: the three host-foundation benchmarks, one after another, and a markdown
 * summary on stdout (progress on stderr) to paste into docs/benchmarks.md. They measure; they
 * do not pass or fail — each section says whether its goal was met.
 *
 *   npm run bench            # ≈ 3–4 minutes
 *   npm run bench -- --quick # shorter runs, for checking the scripts work
 */
import { coldStartMarkdown, runColdStart } from "./cold-start.js";
import { enableLatencyMarkdown, ENABLE_DEFAULTS, runEnableLatency } from "./enable-latency.js";
import { overheadMarkdown, OVERHEAD_DEFAULTS, runHostOverhead } from "./host-overhead.js";
import { loadAverage, machineInfo, machineMarkdown } from "./lib/machine.js";

async function main(): Promise<void> {
  const quick = process.argv.includes("--quick");
  const machine = machineInfo();
  const log = (s: string) => console.error(s);
  const loads: string[] = [];

  log("host overhead …");
  const overhead = await runHostOverhead(quick ? { connections: 50, duration: 3, warmup: 1, rounds: 1 } : OVERHEAD_DEFAULTS, log);
  loads.push(`host overhead: ${loadAverage()}`);
  log("enable/disable latency …");
  const enable = await runEnableLatency(quick ? { ...ENABLE_DEFAULTS, cycles: 3 } : ENABLE_DEFAULTS, log);
  loads.push(`enable latency: ${loadAverage()}`);
  log("cold start …");
  const cold = await runColdStart({ runs: quick ? 1 : 5, via: "npm" }, log);
  loads.push(`cold start: ${loadAverage()}`);

  console.log([
    `## Results`,
    ``,
    machineMarkdown(machine),
    ``,
    `Load average after each benchmark (1/5/15 min): ${loads.join("; ")}.`,
    ``,
    `| benchmark | goal | result | met |`,
    `|---|---|---|---|`,
    `| host overhead | (b) ≥ 90 % of (a) req/s | ${(overhead.ratio * 100).toFixed(1)} % (${overhead.b.rps.toFixed(0)} vs ${overhead.a.rps.toFixed(0)} req/s); CPU/req a/b ${(overhead.cpuRatio * 100).toFixed(1)} % | ${overhead.goalMet ? "yes" : "no"} |`,
    `| enable/disable latency | ≤ 1 s, 0 failed in-flight calls | max ${Math.max(...enable.cycles.map((c) => Math.max(c.disableToFirstRefusalMs, c.enableToFirstSuccessMs))).toFixed(0)} ms, ${enable.cycles.reduce((a, c) => a + c.inFlightErroredAtDisable + c.inFlightRefusedAtDisable, 0)} failed in flight | ${enable.goalMet ? "yes" : "no"} |`,
    `| cold start | ≤ 3 s to healthy /api/health | max ${Math.max(...cold.samples.map((s) => s.healthMs)).toFixed(0)} ms (${cold.command}) | ${cold.goalMet ? "yes" : "no"} |`,
    ``,
    overheadMarkdown(overhead),
    ``,
    enableLatencyMarkdown(enable),
    ``,
    coldStartMarkdown(cold),
  ].join("\n"));
}

main().catch((err) => { console.error(err); process.exit(1); });
