/**
 * Where does the host's per-request time go? Runs the host-overhead load against what-if
 * variants (applied inside the bench server processes, never to core/*), so each proposed fix
 * in docs/benchmarks.md comes with a measured effect:
 *
 *   a                       bare moleculer-web (the baseline)
 *   a+als                   the baseline with one AsyncLocalStorage switched on (@anju/data's
 *                           tenant scope does this), pricing Node 20's promise hooks alone
 *   b                       the Anju node as shipped
 *   b+secret                host.tokenSecret() read once instead of from disk per request
 *   b+secret+token-cache    + verified tokens cached (no HMAC / JSON parse per request)
 *   b+all-auth-fixes        + the cached frozen request context attached without re-cloning
 *
 *   npx tsx bench/overhead-experiments.ts [--connections 50] [--duration 8] [--warmup 2] [--rounds 3]
 */
import { compareServers, type LoadOptions, type RunResult, type VariantSummary } from "./lib/load.js";
import { fmt, numberArgs, pct } from "./lib/stats.js";

export const EXPERIMENT_DEFAULTS: LoadOptions = { connections: 50, duration: 8, warmup: 2, rounds: 3 };

const BARE = "bench/servers/bare-server.ts";
const ANJU = "bench/servers/anju-server.ts";

export async function runOverheadExperiments(o: LoadOptions = EXPERIMENT_DEFAULTS, log: (s: string) => void = console.error): Promise<{ options: LoadOptions; runs: RunResult[]; summaries: VariantSummary[] }> {
  const { runs, summaries } = await compareServers([
    { key: "a", label: "bare moleculer-web", script: BARE },
    { key: "a+als", label: "bare + AsyncLocalStorage on", script: BARE, env: { BENCH_ALS: "1" } },
    { key: "b", label: "Anju as shipped", script: ANJU },
    { key: "b+secret", label: "Anju, secret read once", script: ANJU, env: { BENCH_PATCH: "secret" } },
    { key: "b+secret+token-cache", label: "Anju, secret once + token cache", script: ANJU, env: { BENCH_PATCH: "secret,token-cache" } },
    { key: "b+all-auth-fixes", label: "Anju, + frozen context reused", script: ANJU, env: { BENCH_PATCH: "secret,token-cache,frozen-context" } },
  ], o, log);
  return { options: o, runs, summaries };
}

export function experimentsMarkdown(r: { options: LoadOptions; summaries: VariantSummary[] }): string {
  const base = r.summaries[0];
  return [
    `autocannon, ${r.options.connections} connections, ${r.options.duration} s per run after a ${r.options.warmup} s warm-up, ${r.options.rounds} rounds, variants alternating.`,
    ``,
    `| variant | req/s (mean) | vs bare | p99 ms (median) | server CPU µs/req | CPU µs/req above bare |`,
    `|---|---:|---:|---:|---:|---:|`,
    ...r.summaries.map((s) => `| ${s.key}: ${s.label} | ${fmt(s.rps)} | ${pct(s.rps / base.rps)} | ${fmt(s.p99)} | ${fmt(s.cpuUsPerReq, 1)} | ${fmt(s.cpuUsPerReq - base.cpuUsPerReq, 1)} |`),
  ].join("\n");
}

if (require.main === module) {
  runOverheadExperiments(numberArgs(EXPERIMENT_DEFAULTS))
    .then((r) => console.log(experimentsMarkdown(r)))
    .catch((err) => { console.error(err); process.exit(1); });
}
