/**
 * Alternating load runs against several servers, each in its own child process; this process
 * only generates load (autocannon's programmatic API), so servers and client never share an
 * event loop. Every measured run follows an unrecorded warm-up with the same settings.
 */
import autocannon from "autocannon";
import { startServer, type ServerChild } from "./proc.js";
import { fmt, mean, median } from "./stats.js";

export interface ServerInfo { url: string; path: string; headers: Record<string, string> }

export interface Variant {
  key: string;
  label: string;
  script: string;
  env?: Record<string, string>;
}

export interface LoadOptions { connections: number; duration: number; warmup: number; rounds: number }

export interface RunResult {
  variant: string;
  round: number;
  rps: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
  /** Server CPU time (user + system) per request, µs. */
  cpuUsPerReq: number;
}

export interface VariantSummary { key: string; label: string; rps: number; p50: number; p99: number; cpuUsPerReq: number }

function load(info: ServerInfo, connections: number, duration: number): Promise<autocannon.Result> {
  return autocannon({ url: info.url + info.path, headers: info.headers, connections, duration, pipelining: 1 });
}

async function measure(variant: string, round: number, child: ServerChild<ServerInfo>, o: LoadOptions, profile: boolean): Promise<RunResult> {
  if (o.warmup > 0) await load(child.info, o.connections, o.warmup);
  if (profile) child.proc.kill("SIGUSR2");
  const cpu0 = child.cpuSeconds();
  const r = await load(child.info, o.connections, o.duration);
  const cpu = child.cpuSeconds() - cpu0;
  if (profile) {
    const written = child.nextLine("PROFILED");
    child.proc.kill("SIGUSR2");
    await written;
  }
  const total = r.requests.total;
  return {
    variant, round,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    total,
    non2xx: r.non2xx,
    errors: r.errors,
    cpuUsPerReq: total ? (cpu / total) * 1e6 : NaN,
  };
}

/**
 * Start every variant's server, check it answers `{ ok: true }`, then run rounds of
 * v1, v2, … so slow drift of the machine hits all variants alike.
 * With BENCH_CPU_PROF=<dir>, each measured run is profiled (see lib/profiler.ts).
 */
export async function compareServers(variants: Variant[], o: LoadOptions, log: (s: string) => void = console.error): Promise<{ runs: RunResult[]; summaries: VariantSummary[] }> {
  const profile = !!process.env.BENCH_CPU_PROF;
  const children: Array<ServerChild<ServerInfo>> = [];
  const runs: RunResult[] = [];
  try {
    for (const v of variants) children.push(await startServer<ServerInfo>(v.script, { BENCH_NAME: v.key, ...v.env }));
    for (const [i, child] of children.entries()) {
      const res = await fetch(child.info.url + child.info.path, { headers: child.info.headers });
      const body = await res.text();
      if (res.status !== 200 || JSON.parse(body).ok !== true) throw new Error(`${variants[i].key} answered ${res.status} ${body}`);
    }
    for (let round = 1; round <= o.rounds; round++) {
      for (const [i, child] of children.entries()) {
        const r = await measure(variants[i].key, round, child, o, profile);
        runs.push(r);
        log(`  round ${round} ${variants[i].key}: ${fmt(r.rps)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ${fmt(r.cpuUsPerReq, 1)} µs CPU/req, non2xx ${r.non2xx}, errors ${r.errors}`);
      }
    }
  } finally {
    for (const c of children) await c.stop();
  }
  const summaries = variants.map((v) => {
    const mine = runs.filter((r) => r.variant === v.key);
    return {
      key: v.key,
      label: v.label,
      rps: mean(mine.map((r) => r.rps)),
      p50: median(mine.map((r) => r.p50)),
      p99: median(mine.map((r) => r.p99)),
      cpuUsPerReq: mean(mine.map((r) => r.cpuUsPerReq)),
    };
  });
  return { runs, summaries };
}
