/**
 * Publish → alarm latency (issue #7): while a publisher process offers `--rate` readings/s of
 * normal detector reports, this process publishes a smoke alarm for a fresh detector every
 * `--every` ms and times it from just before `publish` to the host's `devices.alarm.raised`
 * event, which is emitted after the alarm row is committed (MQTT → driver process → readings
 * → rules → database → event). Same clock: the probe client and the host share this process
 * (the probe costs the host a little CPU; the background load runs in its own process).
 *
 *   npx tsx bench/devices-latency.ts [--rate 5000] [--seconds 30] [--every 20] [--devices 2000] [--sqlite-only 1] [--mysql-only 1]
 *   → markdown on stdout (progress on stderr), pasted into docs/benchmarks-devices.md
 */
import { performance } from "node:perf_hooks";
import mqtt from "mqtt";
import { machineInfo, machineMarkdown, loadAverage } from "./lib/machine.js";
import { fmt, numberArgs } from "./lib/stats.js";
import { sleep } from "./lib/proc.js";
import { COMMUNITY, deviceCode, startBenchHost, startPublisher } from "./devices/setup.js";

const args = numberArgs({ rate: 5000, seconds: 30, every: 20, devices: 2000, sqliteOnly: 0, mysqlOnly: 0 });

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

interface Result { label: string; probes: number; raised: number; p50: number; p90: number; p99: number; max: number; stored: number; load: string }

async function run(db: "sqlite" | "mysql", broker: "embedded" | "mosquitto"): Promise<Result> {
  const label = `${db === "sqlite" ? "SQLite" : "MariaDB"} · ${broker === "embedded" ? "embedded aedes" : "Mosquitto"}`;
  const probes = Math.ceil((args.seconds * 1000) / args.every);
  process.stderr.write(`${label}: setting up (${args.devices} + ${probes} detectors)\n`);
  const h = await startBenchHost(db, broker, args.devices + probes);
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  h.t.host.broker.createService({
    name: "bench-alarm-probe",
    events: {
      "devices.alarm.raised"(ctx: { params: { alarm: { deviceCode: string } } }) {
        const t = sentAt.get(ctx.params.alarm.deviceCode);
        if (t !== undefined) latencies.push(performance.now() - t);
      },
    },
  });
  try {
    const pub = startPublisher(h.port!, { readingsPerSecond: args.rate, seconds: args.seconds + 2, devices: args.devices, qos: 0, login: h.login });
    await pub.ready;
    pub.go();
    const probe = await mqtt.connectAsync(`mqtt://127.0.0.1:${h.port}`, { clientId: `bench-probe-${process.pid}`, ...(h.login ?? {}) });
    await sleep(1000); // background load running first
    const base = h.rt.counters.stored;
    for (let i = 0; i < probes; i++) {
      const code = deviceCode(args.devices + i);
      const body = JSON.stringify({ dev: code, type: "alarm", smoke: true, temp: 30 });
      sentAt.set(code, performance.now());
      probe.publish(`anju/${COMMUNITY}/${code}/up`, body, { qos: 0 });
      if (i % 250 === 0) process.stderr.write(`  probe ${i}/${probes}, raised ${latencies.length}\n`);
      await sleep(args.every);
    }
    const t0 = Date.now();
    while (latencies.length < probes && Date.now() - t0 < 10_000) await sleep(20);
    const stored = (h.rt.counters.stored - base) / (args.seconds);
    await probe.endAsync();
    await pub.done.catch(() => undefined);
    const sorted = [...latencies].sort((a, b) => a - b);
    return { label, probes, raised: latencies.length, p50: quantile(sorted, 0.5), p90: quantile(sorted, 0.9), p99: quantile(sorted, 0.99), max: sorted[sorted.length - 1], stored, load: loadAverage() };
  } finally {
    await h.stop();
  }
}

async function main(): Promise<void> {
  const machine = machineInfo();
  const runs: Array<["sqlite" | "mysql", "embedded" | "mosquitto"]> = [];
  if (!args.mysqlOnly) runs.push(["sqlite", "embedded"]);
  if (!args.sqliteOnly) runs.push(["mysql", "mosquitto"]);
  const results: Result[] = [];
  for (const [db, broker] of runs) results.push(await run(db, broker));
  process.stdout.write([
    `### Publish → alarm latency (${args.rate} readings/s background, one alarm probe every ${args.every} ms for ${args.seconds} s)`,
    "",
    machineMarkdown(machine),
    "",
    "| path | probes | alarms raised | p50 ms | p90 ms | p99 ms | max ms | readings stored /s | load after |",
    "|---|---|---|---|---|---|---|---|---|",
    ...results.map((r) => `| ${r.label} | ${r.probes} | ${r.raised} | ${fmt(r.p50, 1)} | ${fmt(r.p90, 1)} | ${fmt(r.p99, 1)} | ${fmt(r.max, 1)} | ${fmt(r.stored)} | ${r.load} |`),
    "",
  ].join("\n"));
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
