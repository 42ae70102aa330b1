/**
 * Enable/disable latency on a running node under load. Goal: a switch takes effect within 1 s,
 * and no call that was already running fails because of it.
 *
 * The node (bench/servers/anju-server.ts) runs in its own process; this process sends an
 * open-loop stream of `GET /api/ping/slow?delay=<ms>` calls at a fixed rate (so there are always
 * calls inside the handler), and every few seconds switches the plugin off and on again for the
 * token's jurisdiction through the REST API an administrator uses
 * (`POST /api/plugins/ping/disable|enable`). Every call is recorded (send time, answer time,
 * status, error code) and judged afterwards:
 *
 *   disable → first refusal   time from sending the disable until the first PLUGIN_NOT_ENABLED
 *                             answer, as the client sees it
 *   enable → first success    time from sending the enable until the first 200 for a call sent
 *                             after it (includes the action's own delay)
 *   failed in-flight calls    calls sent before the disable was sent and still running then that
 *                             did not answer 200 (goal 0). A refusal among them would mean the
 *                             call reached the gate only after the switch (queueing), an error
 *                             would mean a running call was broken: both are counted, apart.
 *   stale answers             calls whose whole life (sent → answered) lies after a switch
 *                             returned and before the next one was sent, yet that got the old
 *                             behaviour (goal 0: a switch is in force once its call returns).
 *                             Only whole lives count: under queueing a call sent before a switch
 *                             may reach the server after the next one.
 *   errors                    any answer other than 200 or a clean PLUGIN_NOT_ENABLED 403,
 *                             anywhere in the run (timeouts, 5xx, resets; goal 0)
 *   steady-state latency      p50/p99 of successful calls away from the switches: far above the
 *                             action's delay means the node (or this machine) was overloaded and
 *                             the run says more about queueing than about switching
 *
 *   npx tsx bench/enable-latency.ts [--rate 500] [--delay 20] [--cycles 10] [--settle 1000]
 *   BENCH_DUMP=/tmp/calls.json …   # also write every call and switch for a closer look
 */
import fs from "node:fs";
import http from "node:http";
import { performance } from "node:perf_hooks";
import { startServer, sleep } from "./lib/proc.js";
import { fmt, numberArgs, summary } from "./lib/stats.js";

interface ServerInfo { url: string; slowPath: string; jurisdiction: string; headers: Record<string, string> }

export interface EnableLatencyOptions {
  /** Calls sent per second. */
  rate: number;
  /** ms each call spends inside the action. */
  delay: number;
  cycles: number;
  /** ms of load between switches. */
  settle: number;
}

export const ENABLE_DEFAULTS: EnableLatencyOptions = { rate: 500, delay: 20, cycles: 10, settle: 1000 };

interface Call { t0: number; t1: number; status: number; code: string | null }
interface Switch { kind: "disable" | "enable"; t0: number; t1: number; status: number }

export interface CycleResult {
  disableCallMs: number;
  disableToFirstRefusalMs: number;
  enableCallMs: number;
  enableToFirstSuccessMs: number;
  inFlightAtDisable: number;
  /** In flight at the disable and refused: reached the gate only after the switch. */
  inFlightRefusedAtDisable: number;
  /** In flight at the disable and broken (an error other than the refusal). */
  inFlightErroredAtDisable: number;
  staleAfterDisable: number;
  staleAfterEnable: number;
}

export interface EnableLatencyResult {
  options: EnableLatencyOptions;
  calls: number;
  achievedRate: number;
  refused: number;
  errors: number;
  errorSamples: string[];
  steadyP50: number;
  steadyP99: number;
  /** Time spent waiting for the outstanding calls to drain back to normal before switches. */
  waitedForSteadyMs: number;
  overloaded: boolean;
  cycles: CycleResult[];
  goalMet: boolean;
}

function request(agent: http.Agent, url: URL, method: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = http.request(url, { method, agent, headers: body ? { ...headers, "content-type": "application/json" } : headers, timeout: 15_000 }, (res) => {
      let data = "";
      res.setEncoding("utf8");
      res.on("data", (d) => { data += d; });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: data }));
      res.on("error", (e) => resolve({ status: 0, body: String(e) }));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", (e) => resolve({ status: 0, body: String(e) }));
    req.end(body);
  });
}

function errorCode(body: string): string | null {
  try {
    return (JSON.parse(body) as { error?: { code?: string } }).error?.code ?? null;
  } catch {
    return null;
  }
}

export async function runEnableLatency(o: EnableLatencyOptions = ENABLE_DEFAULTS, log: (s: string) => void = console.error): Promise<EnableLatencyResult> {
  const server = await startServer<ServerInfo>("bench/servers/anju-server.ts");
  const { url, slowPath, jurisdiction, headers } = server.info;
  // At most 64 connections: the steady state needs about rate × delay (10 at the defaults); a
  // hiccup then queues calls in this client instead of opening hundreds of new connections,
  // which costs the node more than the calls themselves and never lets it catch up.
  const loadAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const adminAgent = new http.Agent({ keepAlive: true, maxSockets: 2 });
  const target = new URL(`${url}${slowPath}?delay=${o.delay}`);
  const calls: Call[] = [];
  const switches: Switch[] = [];
  const pending = new Set<Promise<void>>();
  let running = true;

  // Warm-up, closed loop: JIT and keep-alive connections are ready before the open loop starts.
  const warmUntil = performance.now() + 2000;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (performance.now() < warmUntil) await request(loadAgent, target, "GET", headers);
  }));

  // Open loop: send whatever the schedule says is due, whether or not earlier calls answered
  // (ramping up to the full rate over the first second).
  const loadDone = (async () => {
    const start = performance.now();
    const rampMs = 1000;
    let sent = 0;
    while (running) {
      const el = performance.now() - start;
      const due = Math.floor(el < rampMs ? (o.rate * el * el) / (2 * rampMs * 1000) : o.rate * (el - rampMs / 2) / 1000);
      for (; sent < due; sent++) {
        const t0 = performance.now();
        const p = request(loadAgent, target, "GET", headers).then((r) => {
          calls.push({ t0, t1: performance.now(), status: r.status, code: r.status === 200 ? null : errorCode(r.body) ?? `HTTP ${r.status} ${r.body.slice(0, 80)}` });
          pending.delete(p);
        });
        pending.add(p);
      }
      await sleep(1);
    }
  })();

  const toggle = async (kind: "disable" | "enable") => {
    const t0 = performance.now();
    const r = await request(adminAgent, new URL(`${url}/api/plugins/ping/${kind}`), "POST", headers, JSON.stringify({ jurisdiction }));
    switches.push({ kind, t0, t1: performance.now(), status: r.status });
    if (r.status !== 200) throw new Error(`${kind} answered ${r.status} ${r.body}`);
  };

  // A switch is measured from a steady state: with no more calls outstanding than the rate and
  // delay explain (plus slack), so a queue left by a hiccup of this shared machine is not counted
  // as switching time. How long that wait took is reported.
  const steadyInFlight = Math.max(20, Math.ceil((o.rate * (o.delay + 30)) / 1000) * 2);
  let waitedForSteadyMs = 0;
  const untilSteady = async () => {
    const t = performance.now();
    while (pending.size > steadyInFlight && performance.now() - t < 10_000) await sleep(5);
    waitedForSteadyMs += performance.now() - t;
  };

  let loadStart = 0;
  let loadEnd = 0;
  try {
    await sleep(3000); // the open loop runs a while before the first switch
    loadStart = performance.now();
    for (let i = 0; i < o.cycles; i++) {
      await sleep(o.settle);
      await untilSteady();
      await toggle("disable");
      await sleep(o.settle);
      await untilSteady();
      await toggle("enable");
    }
    await sleep(o.settle);
  } finally {
    running = false;
    await loadDone;
    loadEnd = performance.now();
    await Promise.all(pending);
    loadAgent.destroy();
    adminAgent.destroy();
    await server.stop();
  }

  if (process.env.BENCH_DUMP) fs.writeFileSync(process.env.BENCH_DUMP, JSON.stringify({ switches, calls }));
  const refusedCode = "PLUGIN_NOT_ENABLED";
  const cycles: CycleResult[] = [];
  for (let i = 0; i < switches.length; i += 2) {
    const d = switches[i];
    const e = switches[i + 1];
    const offWindow = calls.filter((c) => c.t1 >= d.t0 && c.t0 < e.t0);
    const firstRefusal = Math.min(...offWindow.filter((c) => c.code === refusedCode).map((c) => c.t1));
    const nextDisable = switches[i + 2]?.t0 ?? Infinity;
    const firstSuccess = Math.min(...calls.filter((c) => c.t0 >= e.t0 && c.t0 < nextDisable && c.status === 200).map((c) => c.t1));
    const inFlightD = calls.filter((c) => c.t0 < d.t0 && c.t1 > d.t0);
    cycles.push({
      disableCallMs: d.t1 - d.t0,
      disableToFirstRefusalMs: firstRefusal - d.t0,
      enableCallMs: e.t1 - e.t0,
      enableToFirstSuccessMs: firstSuccess - e.t0,
      inFlightAtDisable: inFlightD.length,
      inFlightRefusedAtDisable: inFlightD.filter((c) => c.code === refusedCode).length,
      inFlightErroredAtDisable: inFlightD.filter((c) => c.status !== 200 && c.code !== refusedCode).length,
      staleAfterDisable: calls.filter((c) => c.t0 >= d.t1 && c.t1 < e.t0 && c.status === 200).length,
      staleAfterEnable: calls.filter((c) => c.t0 >= e.t1 && c.t1 < nextDisable && c.code === refusedCode).length,
    });
    const last = cycles[cycles.length - 1];
    log(`  cycle ${i / 2 + 1}: disable call ${fmt(last.disableCallMs, 1)} ms, first refusal +${fmt(last.disableToFirstRefusalMs, 1)} ms, in flight ${last.inFlightAtDisable} (refused ${last.inFlightRefusedAtDisable}, errored ${last.inFlightErroredAtDisable}); enable call ${fmt(last.enableCallMs, 1)} ms, first success +${fmt(last.enableToFirstSuccessMs, 1)} ms; stale ${last.staleAfterDisable}/${last.staleAfterEnable}`);
  }
  const errors = calls.filter((c) => c.status !== 200 && c.code !== refusedCode);
  const measured = calls.filter((c) => c.t0 >= loadStart && c.t0 <= loadEnd).length;
  const worst = Math.max(...cycles.flatMap((c) => [c.disableToFirstRefusalMs, c.enableToFirstSuccessMs, c.disableCallMs, c.enableCallMs]));
  // Successful calls at least 200 ms away from any switch: the node's latency under this load.
  const nearSwitch = (t: number) => switches.some((w) => t > w.t0 - 200 && t < w.t1 + 200);
  const steady = calls.filter((c) => c.status === 200 && c.t0 >= loadStart && !nearSwitch(c.t0) && !nearSwitch(c.t1)).map((c) => c.t1 - c.t0).sort((x, y) => x - y);
  const steadyP50 = steady[Math.floor(steady.length * 0.5)] ?? NaN;
  const steadyP99 = steady[Math.floor(steady.length * 0.99)] ?? NaN;
  const goalMet = errors.length === 0 && worst <= 1000
    && cycles.every((c) => c.inFlightRefusedAtDisable === 0 && c.inFlightErroredAtDisable === 0 && c.staleAfterDisable === 0 && c.staleAfterEnable === 0);
  return {
    options: o,
    calls: calls.length,
    achievedRate: measured / ((loadEnd - loadStart) / 1000),
    refused: calls.filter((c) => c.code === refusedCode).length,
    errors: errors.length,
    errorSamples: [...new Set(errors.map((c) => c.code ?? `HTTP ${c.status}`))].slice(0, 5),
    steadyP50,
    steadyP99,
    waitedForSteadyMs,
    overloaded: steadyP99 > o.delay + 250,
    cycles,
    goalMet,
  };
}

export function enableLatencyMarkdown(r: EnableLatencyResult): string {
  const o = r.options;
  const row = (label: string, xs: number[], digits = 1) => {
    const s = summary(xs);
    return `| ${label} | ${fmt(s.min, digits)} | ${fmt(s.median, digits)} | ${fmt(s.max, digits)} |`;
  };
  const c = r.cycles;
  const sum = (f: (x: CycleResult) => number) => c.reduce((a, x) => a + f(x), 0);
  return [
    `### Enable/disable latency under load`,
    ``,
    `${o.cycles} disable/enable cycles, ${o.settle} ms apart, while the client sent ${o.rate} calls/s (achieved ${fmt(r.achievedRate)}/s) that each spend ${o.delay} ms in the action; ${r.calls} calls in all, ${r.refused} refused with PLUGIN_NOT_ENABLED while off.`,
    ``,
    `| ms | min | median | max |`,
    `|---|---:|---:|---:|`,
    row("disable call (POST …/disable) answered", c.map((x) => x.disableCallMs)),
    row("disable sent → first refused call", c.map((x) => x.disableToFirstRefusalMs)),
    row("enable call (POST …/enable) answered", c.map((x) => x.enableCallMs)),
    row(`enable sent → first successful call (incl. ${o.delay} ms in the action)`, c.map((x) => x.enableToFirstSuccessMs)),
    row("calls in flight when disable was sent", c.map((x) => x.inFlightAtDisable), 0),
    ``,
    `Steady-state latency of successful calls (action delay ${o.delay} ms): p50 ${fmt(r.steadyP50, 1)} ms, p99 ${fmt(r.steadyP99, 1)} ms${r.overloaded ? " — **overloaded: queueing dominates this run**" : ""}; waited ${fmt(r.waitedForSteadyMs)} ms in all for a backlog to drain before switching.`,
    `In-flight calls that failed at a disable: **${sum((x) => x.inFlightErroredAtDisable)}** broken, **${sum((x) => x.inFlightRefusedAtDisable)}** refused (sent before the switch but reached the gate after it); calls that lived wholly after a switch returned yet saw the old state: **${sum((x) => x.staleAfterDisable + x.staleAfterEnable)}**; errors other than the expected refusal: **${r.errors}**${r.errorSamples.length ? ` (${r.errorSamples.join(", ")})` : ""}.`,
    `Goal (≤ 1 s, zero failed in-flight calls): **${r.goalMet ? "met" : "not met"}**.`,
  ].join("\n");
}

if (require.main === module) {
  runEnableLatency(numberArgs(ENABLE_DEFAULTS))
    .then((r) => console.log(enableLatencyMarkdown(r)))
    .catch((err) => { console.error(err); process.exit(1); });
}
