/**
 * Device ingestion throughput (issue #7): MQTT → DriverSupervisor (the smoke-detector sample
 * driver in its own process) → normalised readings → alarm rules → batched INSERTs (≤ 500
 * rows) with latest values, on SQLite (embedded broker, the embedded default) and MariaDB
 * (the system Mosquitto, as in production), QoS 0 and QoS 1.
 *
 * A publisher process offers `--rate` readings/s (4 readings per detector report, spread over
 * `--devices` detectors) for `--seconds`; the host stores what it can. Reported: the offered
 * and published rate, readings stored per second over the window (and the slowest 5 s of it),
 * the backlog left when the publisher stopped and how long it took to store, rejections.
 * "Sustained" means the slowest 5 s window keeps up with the offered rate and the backlog
 * stays small.
 *
 *   npx tsx bench/devices-throughput.ts [--rate 30000] [--seconds 60] [--devices 2000] [--sqlite-only 1] [--mysql-only 1] [--qos 0|1|2 (2: both)]
 *   → markdown on stdout (progress on stderr), pasted into docs/benchmarks-devices.md
 */
import { machineInfo, machineMarkdown, loadAverage } from "./lib/machine.js";
import { fmt, numberArgs } from "./lib/stats.js";
import { sleep } from "./lib/proc.js";
import { startBenchHost, startPublisher } from "./devices/setup.js";

const args = numberArgs({ rate: 30_000, seconds: 60, devices: 2000, sqliteOnly: 0, mysqlOnly: 0, qos: 2 });

interface Result {
  label: string; offered: number; published: number; storedInWindow: number; slowest5s: number; backlogAtEnd: number;
  drainMs: number; stored: number; rejected: Record<string, number>; load: string;
}

async function run(db: "sqlite" | "mysql", broker: "embedded" | "mosquitto", qos: 0 | 1): Promise<Result> {
  const label = `${db === "sqlite" ? "SQLite" : "MariaDB"} · ${broker === "embedded" ? "embedded aedes" : "Mosquitto"} · QoS ${qos}`;
  process.stderr.write(`${label}: setting up\n`);
  const h = await startBenchHost(db, broker, args.devices);
  try {
    const pub = startPublisher(h.port!, { readingsPerSecond: args.rate, seconds: args.seconds, devices: args.devices, qos, login: h.login });
    await pub.ready;
    pub.go();
    const samples: number[] = [];
    const start = Date.now();
    const base = h.rt.counters.stored;
    while (Date.now() - start < args.seconds * 1000) {
      await sleep(1000);
      samples.push(h.rt.counters.stored - base);
      process.stderr.write(`  ${samples.length}s received ${h.rt.counters.accepted} msgs, stored ${samples[samples.length - 1]} readings, pending ${h.rt.pipeline.pending} msgs + ${h.rt.writer.pending} readings\n`);
    }
    const storedInWindow = h.rt.counters.stored - base;
    const { published } = await pub.done;
    const backlogAtEnd = published * 4 - storedInWindow;
    const t0 = Date.now();
    // Everything published is stored (or counted as rejected) before the next run.
    while (h.rt.counters.stored - base < published * 4 && Date.now() - t0 < 120_000) {
      const rej = Object.values(h.rt.counters.snapshot()).reduce((a, b) => a + b, 0);
      if (h.rt.counters.stored - base + rej >= published * 4) break;
      await sleep(50);
    }
    const drainMs = Date.now() - t0;
    let slowest = Infinity;
    for (let i = 5; i < samples.length; i++) slowest = Math.min(slowest, (samples[i] - samples[i - 5]) / 5);
    return {
      label, offered: args.rate, published: (published * 4) / args.seconds, storedInWindow: storedInWindow / args.seconds,
      slowest5s: slowest, backlogAtEnd, drainMs, stored: h.rt.counters.stored - base, rejected: h.rt.counters.snapshot(), load: loadAverage(),
    };
  } finally {
    await h.stop();
  }
}

async function main(): Promise<void> {
  const machine = machineInfo();
  const runs: Array<["sqlite" | "mysql", "embedded" | "mosquitto", 0 | 1]> = [];
  for (const qos of args.qos === 2 ? [0, 1] as const : [args.qos as 0 | 1]) {
    if (!args.mysqlOnly) runs.push(["sqlite", "embedded", qos]);
    if (!args.sqliteOnly) runs.push(["mysql", "mosquitto", qos]);
  }
  const results: Result[] = [];
  for (const [db, broker, qos] of runs) results.push(await run(db, broker, qos));
  const out = [
    `### Ingestion throughput (${args.seconds} s at ${args.rate} readings/s offered, ${args.devices} detectors)`,
    "",
    machineMarkdown(machine),
    "",
    "| path | offered /s | published /s | stored /s (window) | slowest 5 s /s | backlog at end | stored after | rejected | load after |",
    "|---|---|---|---|---|---|---|---|---|",
    ...results.map((r) => `| ${r.label} | ${fmt(r.offered)} | ${fmt(r.published)} | ${fmt(r.storedInWindow)} | ${fmt(r.slowest5s)} | ${fmt(r.backlogAtEnd)} | ${fmt(r.drainMs / 1000, 1)} s | ${JSON.stringify(r.rejected)} | ${r.load} |`),
  ];
  process.stdout.write(`${out.join("\n")}\n`);
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
