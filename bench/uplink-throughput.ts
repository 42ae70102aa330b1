/**
 * Upward flow throughput (issue #8, Yiyang Y2): readings per second from a community node's
 * outbox to rows in the county node's database, with the county's per-record dedupe, per-device
 * order check and counters — the whole path, nothing skipped.
 *
 * Three processes, as in production: a nats-server with JetStream (own port and store dir),
 * a county node (fixtures/county.ts: durable pull consumer → inbox transaction) and a community
 * node (fixtures/community.ts: outbox + relay). Two measurements per database pair:
 *   drain     the community first writes N readings into its outbox (relay stopped, as after
 *             an outage), then the relay starts: readings/s = N / (time until the county has
 *             stored all N, from the relay's start)
 *   live      the community writes N readings flat out while the relay and the county run:
 *             readings/s = N / (time from the first write until the county has stored all N)
 * The enqueue rate (readings/s committed into the outbox, 500 per transaction) is noted too, and
 * the CPU seconds the county and community processes used (drain: over the measured span; live:
 * since start) — on a shared 2-core machine that, not wall time, says what the path costs.
 *
 *   npx tsx bench/uplink-throughput.ts [--readings 100000] [--meters 200] [--sqlite-only | --pairs=sqlite-mysql,mysql-mysql]
 *   → markdown on stdout (progress on stderr), pasted into docs/benchmarks-uplink.md
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { createTestDatabase, type TestDatabase } from "@anju/data";
import { machineInfo, machineMarkdown, loadAverage } from "./lib/machine.js";
import { fmt, numberArgs } from "./lib/stats.js";
import { cpuSecondsOf, freePort, sleep } from "./lib/proc.js";

const FIXTURES = path.resolve(__dirname, "..", "core", "uplink", "test", "fixtures");
const COUNTY = "360981";
const COMMUNITY = "360981001";

type Status = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- fixture status lines

interface Child { proc: ChildProcess; last: Status; stderr: string }

function startNode(fixture: string, env: Record<string, string>): Child {
  const proc = spawn(process.execPath, ["--import", "tsx", path.join(FIXTURES, `${fixture}.ts`)], {
    env: { ...process.env, ANJU_STATUS_MS: "100", ...env }, stdio: ["ignore", "pipe", "pipe"],
  });
  const child: Child = { proc, last: {}, stderr: "" };
  readline.createInterface({ input: proc.stdout! }).on("line", (l) => { try { child.last = JSON.parse(l) as Status; } catch { /* not status */ } });
  proc.stderr!.on("data", (d: Buffer) => { child.stderr += d.toString(); });
  return child;
}

async function until(c: Child, what: string, check: (s: Status) => boolean, timeoutMs = 600_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (c.proc.exitCode !== null) throw new Error(`${what}: node exited: ${c.stderr.slice(-1500)}`);
    if (check(c.last)) return Date.now();
    await sleep(20);
  }
  throw new Error(`timed out: ${what}`);
}

async function stop(c: Child): Promise<void> {
  if (c.proc.exitCode !== null) return;
  await new Promise<void>((resolve) => { c.proc.once("exit", () => resolve()); c.proc.kill("SIGTERM"); });
}

async function natsServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "anju-uplink-bench-js-"));
  const proc = spawn("/usr/sbin/nats-server", ["-a", "127.0.0.1", "-p", String(port), "-js", "-sd", dir], { stdio: "ignore" });
  await sleep(800);
  return {
    url: `nats://127.0.0.1:${port}`,
    async stop() {
      await new Promise<void>((resolve) => { proc.once("exit", () => resolve()); proc.kill("SIGTERM"); });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface Result { pair: string; mode: string; n: number; seconds: number; rate: number; enqueueRate: number; duplicates: number; outOfOrder: number; countyCpu: number; communityCpu: number }

async function run(communityKind: "sqlite" | "mysql", countyKind: "sqlite" | "mysql", mode: "drain" | "live", n: number, meters: number): Promise<Result> {
  const nats = await natsServer();
  const cdb: TestDatabase = await createTestDatabase(communityKind);
  const kdb: TestDatabase = await createTestDatabase(countyKind);
  const county = startNode("county", { ANJU_DB_URL: kdb.url, ANJU_NATS_URL: nats.url, ANJU_COUNTY: COUNTY, ANJU_COMMUNITIES: COMMUNITY, ANJU_FETCH: "50" });
  const community = startNode("community", {
    ANJU_DB_URL: cdb.url, ANJU_NATS_URL: nats.url, ANJU_COUNTY: COUNTY, ANJU_COMMUNITY: COMMUNITY,
    ANJU_READINGS: String(n), ANJU_ALARMS: "0", ANJU_METERS: String(meters), ANJU_BATCH: "500", ANJU_PREFILL: mode === "drain" ? "1" : "0",
  });
  try {
    await until(community, "enqueued", (s) => s.done === true);
    // CPU of the two node processes over the measured span (drain: relay + county only).
    const cpu0 = mode === "drain" ? [cpuSecondsOf(county.proc.pid!), cpuSecondsOf(community.proc.pid!)] : [0, 0];
    const start = Number(mode === "drain" ? community.last.relayStartedAt : community.last.writeStartedAt);
    const sent = await until(community, "sent", (s) => s.pending === 0);
    const end = await until(county, "stored", (s) => s.stored === n);
    process.stderr.write(`(relay done after ${fmt((sent - start) / 1000, 2)} s) `);
    const seconds = (end - start) / 1000;
    const countyCpu = cpuSecondsOf(county.proc.pid!) - cpu0[0];
    const communityCpu = cpuSecondsOf(community.proc.pid!) - cpu0[1];
    const enqueueRate = n / (Number(community.last.enqueueMs) / 1000);
    return { pair: `${communityKind} → ${countyKind === "mysql" ? "MariaDB" : "SQLite"}`, mode, n, seconds, rate: n / seconds, enqueueRate, duplicates: county.last.duplicates, outOfOrder: county.last.outOfOrder, countyCpu, communityCpu };
  } finally {
    await stop(community);
    await stop(county);
    await nats.stop();
    await cdb.drop();
    await kdb.drop();
  }
}

async function main(): Promise<void> {
  const args = numberArgs({ readings: 100_000, meters: 200 });
  const sqliteOnly = process.argv.includes("--sqlite-only");
  const machine = machineInfo();
  const only = process.argv.find((a) => a.startsWith("--pairs="))?.slice("--pairs=".length);
  const pairs = (only ? only.split(",") : sqliteOnly ? ["sqlite-sqlite"] : ["sqlite-mysql", "mysql-mysql", "sqlite-sqlite"])
    .map((p) => p.split("-") as ["sqlite" | "mysql", "sqlite" | "mysql"]);
  const results: Result[] = [];
  for (const [a, b] of pairs) {
    for (const mode of ["drain", "live"] as const) {
      process.stderr.write(`${a} → ${b} ${mode} … `);
      const r = await run(a, b, mode, args.readings, args.meters);
      process.stderr.write(`${fmt(r.rate)} readings/s (load ${loadAverage()})\n`);
      results.push(r);
    }
  }
  const lines = [
    `### Upward flow, ${args.readings.toLocaleString("en")} readings over ${args.meters} meters, 200 a message`,
    "",
    machineMarkdown(machine),
    "",
    "| community → county | mode | seconds | readings/s community → county | enqueue readings/s | county CPU s | readings per county CPU s | community CPU s | duplicates | out of order |",
    "|---|---|---|---|---|---|---|---|---|---|",
    ...results.map((r) => `| ${r.pair} | ${r.mode} | ${fmt(r.seconds, 2)} | **${fmt(r.rate)}** | ${fmt(r.enqueueRate)} | ${fmt(r.countyCpu, 2)} | ${fmt(r.n / r.countyCpu)} | ${fmt(r.communityCpu, 2)} | ${r.duplicates} | ${r.outOfOrder} |`),
    "",
    `load average at the end: ${loadAverage()}`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
