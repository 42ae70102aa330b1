/**
 * Decode throughput through one driver child process (#7): the host sends batches of raw MQTT
 * messages to a trivial JSON driver and checks what comes back (normalizeReadings). Target for
 * the whole pipeline: 30,000 readings/s on 2 cores, so this hop must leave most of that budget.
 *
 * For each IPC serialisation ("advanced" = V8 structured clone with the batch as one Uint8Array,
 * "json" = the batch as one base64 string) and batch size (100, 500): `--batches` batches with
 * `--depth` in flight, one reading per message. Reported: readings/s, host and child CPU
 * milliseconds per 1,000 readings (the host's share is what competes with ingestion and the
 * database writer), and the child's start time.
 *
 *   npx tsx bench/driver-ipc.ts [--batches 400] [--depth 4] [--rounds 3]
 */
import path from "node:path";
import { performance } from "node:perf_hooks";
import { DriverSupervisor, type RawMessage } from "../core/devices/src/runtime/index.js";
import { GENERIC_PROFILE } from "../core/devices/test/fixtures/drivers/profile.js";
import { cpuSecondsOf } from "./lib/proc.js";
import { machineInfo, machineMarkdown } from "./lib/machine.js";
import { fmt, median, numberArgs } from "./lib/stats.js";

const args = numberArgs({ batches: 400, depth: 4, rounds: 3 });
const FIXTURES = path.resolve(__dirname, "..", "core", "devices", "test", "fixtures", "drivers");

function makeBatch(size: number, seq: number): RawMessage[] {
  const now = Date.now();
  return Array.from({ length: size }, (_, i) => {
    const device = `SMK${String((seq * size + i) % 5000).padStart(5, "0")}`;
    const body = JSON.stringify({ device, ts: now, values: { temp: 20 + (i % 10) / 10 } });
    return { topic: `anju/340102/${device}/up`, payload: Buffer.from(body), receivedAt: now };
  });
}

async function run(sup: DriverSupervisor, pid: number, size: number): Promise<{ rate: number; hostMsPerK: number; childMsPerK: number }> {
  const batches = Array.from({ length: args.batches }, (_, i) => makeBatch(size, i));
  const profileOf = () => GENERIC_PROFILE;
  const host0 = process.cpuUsage();
  const child0 = cpuSecondsOf(pid);
  const t0 = performance.now();
  let next = 0;
  let readings = 0;
  const worker = async () => {
    while (next < batches.length) {
      const r = await sup.decode("bench-json", batches[next++], profileOf);
      readings += r.readings.length;
    }
  };
  await Promise.all(Array.from({ length: args.depth }, worker));
  const secs = (performance.now() - t0) / 1000;
  const host = process.cpuUsage(host0);
  const childSecs = cpuSecondsOf(pid) - child0;
  if (readings !== size * args.batches) throw new Error(`lost readings: ${readings} of ${size * args.batches}`);
  return { rate: readings / secs, hostMsPerK: ((host.user + host.system) / 1000) / (readings / 1000), childMsPerK: (childSecs * 1000) / (readings / 1000) };
}

async function main(): Promise<void> {
  const machine = machineInfo();
  const rows: string[] = [];
  for (const [label, file] of [["ts entry (tsx)", "json/driver.ts"], ["js entry", "json-js/driver.cjs"]] as const) {
    for (const serialization of ["advanced", "json"] as const) {
      const sup = new DriverSupervisor({ serialization });
      const t0 = performance.now();
      const dir = path.join(FIXTURES, path.dirname(file));
      const st = await sup.start({ pluginId: "bench-json", version: "1.0.0", dir, entry: path.join(FIXTURES, file) });
      const startMs = performance.now() - t0;
      for (const size of [100, 500]) {
        await run(sup, st.pid!, size); // warm-up
        const results = [];
        for (let i = 0; i < args.rounds; i++) results.push(await run(sup, st.pid!, size));
        const row = `| ${label} | ${serialization} | ${size} | ${fmt(median(results.map((r) => r.rate)))} | ${fmt(median(results.map((r) => r.hostMsPerK)), 1)} | ${fmt(median(results.map((r) => r.childMsPerK)), 1)} | ${fmt(startMs)} |`;
        rows.push(row);
        console.log(row);
      }
      await sup.stopAll();
    }
  }
  console.log(`\n${machineMarkdown(machine)}\n`);
  console.log(`${args.batches} batches per round, ${args.depth} in flight, median of ${args.rounds} rounds; one reading per message\n`);
  console.log("| entry | IPC | batch | readings/s | host CPU ms / 1k | child CPU ms / 1k | child start ms |");
  console.log("|---|---|---|---|---|---|---|");
  for (const r of rows) console.log(r);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
