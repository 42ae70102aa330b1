/**
 * Audit append throughput: how many audit records per second one node, and two nodes sharing
 * one database, can commit to the hash chain — on SQLite (embedded default) and MariaDB.
 *
 * Every writer is its own process (a node), started and connected before the clock runs, then
 * released together; it appends N events through the same path the service uses
 * (`recordAudit(host, …)`: sanitise → per-process queue → transaction holding the chain-head
 * lock → multi-row insert), each awaited before it counts. Two modes per writer:
 *   in flight 1    the next event is sent when the previous one is committed: one transaction
 *                  per event, i.e. the latency-bound rate of a single sequential caller
 *   in flight 64   64 callers at once: events queue while a transaction runs and go together in
 *                  the next one (batching), i.e. the rate a busy node reaches
 * After each run the chain is verified (all rows, one unbroken chain) and the verify rate noted.
 *
 *   npx tsx bench/audit-append.ts [--events 2000] [--inflight 64] [--sqlite-only]
 *   → markdown on stdout (progress on stderr), pasted into docs/benchmarks-audit.md
 */
import path from "node:path";
import readline from "node:readline";
import { performance } from "node:perf_hooks";
import { spawn, type ChildProcess } from "node:child_process";
import { createTestDatabase, type TestDatabase } from "@anju/data";
import { createTestHost } from "@anju/kernel/testing";
import { auditLogOf, createAuditService, recordAudit } from "@anju/audit";
import { machineInfo, machineMarkdown, loadAverage } from "./lib/machine.js";
import { fmt, numberArgs } from "./lib/stats.js";

const KEY = "c3".repeat(32);
const ROOT = path.resolve(__dirname, "..");

interface WriterResult { n: number; ms: number; p50: number; p99: number }

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** Child: one node appending `n` events with `inflight` callers. */
async function child(url: string, n: number, inflight: number, label: string): Promise<void> {
  const t = await createTestHost({ dbUrl: url, services: [createAuditService({ key: KEY })] });
  process.stdout.write("ready\n");
  await new Promise<void>((resolve) => readline.createInterface({ input: process.stdin }).once("line", () => resolve()));
  const lat: number[] = [];
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const s = performance.now();
      await recordAudit(t.host, { action: "bench.append", object: `item:${i}`, result: "success", userId: label, jurisdiction: "340100", ip: "192.0.2.1", detail: { i, note: "benchmark event" } });
      lat.push(performance.now() - s);
    }
  };
  await Promise.all(Array.from({ length: inflight }, worker));
  const ms = performance.now() - t0;
  lat.sort((a, b) => a - b);
  process.stdout.write(`done ${JSON.stringify({ n, ms, p50: quantile(lat, 0.5), p99: quantile(lat, 0.99) })}\n`);
  await t.stop();
  process.exit(0);
}

function startChild(url: string, n: number, inflight: number, label: string): { proc: ChildProcess; line(prefix: string): Promise<string> } {
  const proc = spawn(process.execPath, ["--import", "tsx", __filename, "--child", url, String(n), String(inflight), label], { cwd: ROOT, stdio: ["pipe", "pipe", "inherit"] });
  const seen: string[] = [];
  const waiters: Array<{ prefix: string; resolve(l: string): void }> = [];
  readline.createInterface({ input: proc.stdout! }).on("line", (l) => {
    const w = waiters.findIndex((x) => l.startsWith(x.prefix));
    if (w >= 0) waiters.splice(w, 1)[0].resolve(l);
    else seen.push(l);
  });
  return {
    proc,
    line: (prefix) => new Promise((resolve, reject) => {
      const i = seen.findIndex((l) => l.startsWith(prefix));
      if (i >= 0) return resolve(seen.splice(i, 1)[0]);
      waiters.push({ prefix, resolve });
      proc.once("exit", (code) => reject(new Error(`writer exited with ${code}`)));
    }),
  };
}

interface RunResult {
  db: "sqlite" | "mysql";
  writers: number;
  inflight: number;
  total: number;
  seconds: number;
  rate: number;
  perWriter: WriterResult[];
  verifyOk: boolean;
  verifyRate: number;
}

async function run(db: "sqlite" | "mysql", writers: number, inflight: number, events: number, log: (s: string) => void): Promise<RunResult> {
  const database: TestDatabase = await createTestDatabase(db);
  // The parent migrates the database and verifies at the end; it stays idle while writers run.
  const owner = await createTestHost({ dbUrl: database.url, services: [createAuditService({ key: KEY })] });
  try {
    const children = Array.from({ length: writers }, (_, i) => startChild(database.url, events, inflight, `node-${i + 1}`));
    await Promise.all(children.map((c) => c.line("ready")));
    const t0 = performance.now();
    children.forEach((c) => c.proc.stdin!.write("go\n"));
    const done = await Promise.all(children.map((c) => c.line("done ")));
    const seconds = (performance.now() - t0) / 1000;
    const perWriter = done.map((l) => JSON.parse(l.slice(5)) as WriterResult);
    const total = perWriter.reduce((a, w) => a + w.n, 0);
    const v0 = performance.now();
    const report = await auditLogOf(owner.host).verify();
    const verifySeconds = (performance.now() - v0) / 1000;
    const r: RunResult = {
      db, writers, inflight, total, seconds, rate: total / seconds, perWriter,
      verifyOk: report.ok && report.checked === total, verifyRate: report.checked / verifySeconds,
    };
    log(`${db} writers=${writers} inflight=${inflight}: ${fmt(r.rate)} appends/s (${total} in ${fmt(seconds, 2)} s), verify ${r.verifyOk ? "ok" : "FAILED"} ${fmt(r.verifyRate)} rows/s`);
    return r;
  } finally {
    await owner.stop();
    await database.drop();
  }
}

async function sqliteVersionOf(): Promise<string> {
  const database = await createTestDatabase("sqlite");
  const t = await createTestHost({ dbUrl: database.url });
  try {
    const [v] = (await t.host.ds.query("SELECT sqlite_version() AS v")) as Array<{ v: string }>;
    return v.v;
  } finally {
    await t.stop();
    await database.drop();
  }
}

async function serverVersion(): Promise<string> {
  const database = await createTestDatabase("mysql");
  const t = await createTestHost({ dbUrl: database.url });
  try {
    const [v] = (await t.host.ds.query("SELECT VERSION() AS v, @@innodb_flush_log_at_trx_commit AS f, @@sync_binlog AS s, @@log_bin AS b")) as Array<{ v: string; f: number; s: number; b: number }>;
    return `MariaDB ${v.v} (innodb_flush_log_at_trx_commit=${v.f}, log_bin=${v.b}, sync_binlog=${v.s})`;
  } finally {
    await t.stop();
    await database.drop();
  }
}

async function main(): Promise<void> {
  if (process.argv[2] === "--child") {
    const [url, n, inflight, label] = process.argv.slice(3);
    return child(url, Number(n), Number(inflight), label);
  }
  const opts = numberArgs({ events: 2000, inflight: 64 });
  const kinds: Array<"sqlite" | "mysql"> = process.argv.includes("--sqlite-only") ? ["sqlite"] : ["sqlite", "mysql"];
  const log = (s: string) => console.error(s);
  const machine = machineInfo();
  const sqliteVersion = await sqliteVersionOf();
  const mysqlVersion = kinds.includes("mysql") ? await serverVersion() : "not run";
  const results: RunResult[] = [];
  for (const db of kinds) {
    for (const writers of [1, 2]) {
      for (const inflight of [1, opts.inflight]) results.push(await run(db, writers, inflight, opts.events, log));
    }
  }
  const rows = results.map((r) => `| ${r.db === "sqlite" ? "SQLite" : "MariaDB"} | ${r.writers} | ${r.inflight} | ${r.total} | ${fmt(r.rate)} | ${r.perWriter.map((w) => `${fmt(w.p50, 2)} / ${fmt(w.p99, 2)}`).join("; ")} | ${r.verifyOk ? "ok" : "**broken**"} (${fmt(r.verifyRate)} rows/s) |`);
  console.log([
    `## Results`,
    ``,
    machineMarkdown(machine),
    `| SQLite | ${sqliteVersion} (better-sqlite3, WAL, file on the local disk under /tmp) |`,
    `| MariaDB | ${mysqlVersion}, 127.0.0.1 |`,
    ``,
    `Load average at the end (1/5/15 min): ${loadAverage()}. Events per writer: ${opts.events}.`,
    ``,
    `| database | writer processes | in flight per writer | appends | appends/s (all writers) | latency p50 / p99 ms per writer | chain after the run |`,
    `|---|---|---|---|---|---|---|`,
    ...rows,
  ].join("\n"));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
