/**
 * RBAC decision latency with 1,000 jurisdictions × 100 rules (100,000 rows in anju_policy).
 * Goal (issue 3): decision p99 ≤ 0.2 ms. For comparison the issue measured one Casbin enforcer
 * holding every domain's rules at p99 63 ms (≈ 29 checks/s).
 *
 * The tree: 1 province → 10 cities → 100 counties → 889 streets (1,000 nodes). Every node holds
 * 100 rules: 30 `p` (10 roles × 3 permissions, like a plugin's roles enabled there) and 70 `g`
 * (70 users each granted one of the roles there). Requests pick a random street, a user granted
 * at one of its ancestors (or at a sibling branch) and a permission that user's role has or has
 * not — half allowed, half denied.
 *
 * Measured, each as p50 / p99 / p99.9 / max of single `await engine.can(...)` calls:
 *   hits       every request already decided once: answered from the decision cache
 *   stream     the node's real path: 200,000 calls drawn from 20,000 distinct requests, each
 *              a miss the first time it is seen and a hit after (a busy node between changes)
 *   uncached   the cache cleared before every call: the path-derived covering grants plus
 *              Casbin evaluating each ancestor's enforcer (what the first request after a change pays)
 *   baseline   one Casbin enforcer with every rule and a domain-matching role manager, on a
 *              tenth of the data (10,000 rules), a few hundred checks — the approach this replaces
 *
 *   npx tsx bench/rbac-decision.ts [--calls 200000] [--working-set 20000] [--uncached 20000] [--baseline 200] [--mysql 0|1]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { newEnforcer, newModelFromString } from "casbin";
import type { DataSource } from "typeorm";
import { createDataSource, createTestDatabase, dbTimestamp, HOST_ENTITIES, HOST_MIGRATIONS, runMigrations } from "@anju/data";
import { migrate, RbacEngine } from "@anju/rbac";
import { machineInfo, machineMarkdown } from "./lib/machine.js";
import { fmt, numberArgs } from "./lib/stats.js";

const DEFAULTS = { calls: 200_000, workingSet: 20_000, uncached: 20_000, baseline: 200, mysql: 0 };
const ROLES = 10;
const PERMS_PER_ROLE = 3;
const USERS_PER_NODE = 70;

interface Node { code: string; level: string; parent: string | null; path: string; chain: string[] }

function buildTree(): Node[] {
  const nodes: Node[] = [];
  const add = (code: string, level: string, parent: Node | null) => {
    const p = parent ? `${parent.path}${code}/` : `/${code}/`;
    const node = { code, level, parent: parent?.code ?? null, path: p, chain: [...(parent?.chain ?? []), code] };
    nodes.push(node);
    return node;
  };
  const province = add("P0", "province", null);
  let streets = 0;
  for (let c = 0; c < 10; c++) {
    const city = add(`C${c}`, "city", province);
    for (let k = 0; k < 10; k++) {
      const county = add(`K${c}${k}`, "county", city);
      for (let s = 0; s < 9 && streets < 889; s++, streets++) add(`S${c}${k}${s}`, "street", county);
    }
  }
  return nodes;
}

const perm = (k: number) => `bench.obj${k}:act`;
const role = (r: number) => `role-${r}`;
const userAt = (code: string, i: number) => `u-${code}-${i}`;

async function seed(ds: DataSource, nodes: Node[]): Promise<number> {
  const now = dbTimestamp();
  await ds.transaction(async (m) => {
    for (let i = 0; i < nodes.length; i += 200) {
      const batch = nodes.slice(i, i + 200);
      await m.query(`INSERT INTO anju_jurisdiction (code, name, level, parent_code, path, created_at, updated_at) VALUES ${batch.map(() => "(?, ?, ?, ?, ?, ?, ?)").join(", ")}`,
        batch.flatMap((n) => [n.code, n.code, n.level, n.parent, n.path, now, now]));
    }
  });
  const rows: Array<[string, string, string, string, string]> = [];
  for (const n of nodes) {
    for (let k = 0; k < ROLES * PERMS_PER_ROLE; k++) rows.push(["p", role(k % ROLES), n.code, perm(k), n.code]);
    for (let i = 0; i < USERS_PER_NODE; i++) rows.push(["g", userAt(n.code, i), role(i % ROLES), n.code, n.code]);
  }
  await ds.transaction(async (m) => {
    for (let i = 0; i < rows.length; i += 500) {
      const batch = rows.slice(i, i + 500);
      await m.query(`INSERT INTO anju_policy (ptype, v0, v1, v2, domain, source, created_at) VALUES ${batch.map(() => "(?, ?, ?, ?, ?, 'bench', ?)").join(", ")}`,
        batch.flatMap((r) => [...r, now]));
    }
  });
  return rows.length;
}

interface Request { subject: string; jurisdiction: string; permission: string; expect: boolean }

/** Deterministic pseudo-random numbers, so every run asks the same questions. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function requests(nodes: Node[], n: number, seedValue: number): Request[] {
  const random = rng(seedValue);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  const streets = nodes.filter((x) => x.level === "street");
  const out: Request[] = [];
  for (let i = 0; i < n; i++) {
    const street = pick(streets);
    const grantedAt = pick(street.chain);
    const u = Math.floor(random() * USERS_PER_NODE);
    const r = u % ROLES;
    const own = r + ROLES * Math.floor(random() * PERMS_PER_ROLE);
    switch (i % 4) {
      case 0: case 1: // allowed: a permission of the user's role, granted at an ancestor
        out.push({ subject: userAt(grantedAt, u), jurisdiction: street.code, permission: perm(own), expect: true });
        break;
      case 2: // denied: a permission of another role
        out.push({ subject: userAt(grantedAt, u), jurisdiction: street.code, permission: perm((own + 1 + Math.floor(random() * (ROLES - 1))) % (ROLES * PERMS_PER_ROLE)), expect: false });
        break;
      default: { // denied: granted in another county's branch
        const other = pick(streets.filter((s) => s.chain[2] !== street.chain[2]).slice(0, 50));
        out.push({ subject: userAt(other.code, u), jurisdiction: street.code, permission: perm(own), expect: false });
      }
    }
  }
  return out;
}

function percentiles(xs: number[]): { p50: number; p99: number; p999: number; max: number; mean: number } {
  const s = Float64Array.from(xs).sort();
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { p50: at(0.5), p99: at(0.99), p999: at(0.999), max: s[s.length - 1], mean: xs.reduce((a, b) => a + b, 0) / xs.length };
}

async function measure(engine: RbacEngine, reqs: Request[], clearEach: boolean): Promise<number[]> {
  const times = new Array<number>(reqs.length);
  let wrong = 0;
  for (let i = 0; i < reqs.length; i++) {
    const q = reqs[i];
    if (clearEach) engine.cache.clear();
    const t0 = performance.now();
    const ok = await engine.can(q.subject, q.jurisdiction, q.permission);
    times[i] = (performance.now() - t0) * 1000;
    if (ok !== q.expect) wrong++;
  }
  if (wrong) throw new Error(`${wrong} decisions differ from the expected answer`);
  return times;
}

/** The replaced approach: one enforcer, every domain's rules, subtree coverage by domain matching. */
async function baseline(nodes: Node[], checks: number): Promise<{ rules: number; load: number; times: number[] }> {
  const some = nodes.slice(0, 100);
  const m = newModelFromString(`
[request_definition]
r = sub, dom, obj
[policy_definition]
p = sub, dom, obj
[role_definition]
g = _, _, _
[policy_effect]
e = some(where (p.eft == allow))
[matchers]
m = g(r.sub, p.sub, r.dom) && startsWith(r.dom, p.dom) && r.obj == p.obj
`);
  const t0 = performance.now();
  const e = await newEnforcer(m);
  await e.addFunction("startsWith", (a: string, b: string) => a.startsWith(b));
  // A grant at a node's path applies to every path below it.
  await e.addNamedDomainMatchingFunc("g", (request: string, pattern: string) => request.startsWith(pattern));
  let rules = 0;
  for (const n of some) {
    for (let k = 0; k < ROLES * PERMS_PER_ROLE; k++, rules++) e.getModel().addPolicy("p", "p", [role(k % ROLES), n.path, perm(k)]);
    for (let i = 0; i < USERS_PER_NODE; i++, rules++) e.getModel().addPolicy("g", "g", [userAt(n.code, i), role(i % ROLES), n.path]);
  }
  await e.buildRoleLinks();
  const load = performance.now() - t0;
  const byCode = new Map(some.map((n) => [n.code, n]));
  const use = requests(some, checks, 11);
  const times: number[] = [];
  for (const q of use) {
    const t = performance.now();
    await e.enforce(q.subject, byCode.get(q.jurisdiction)!.path, q.permission);
    times.push((performance.now() - t) * 1000);
  }
  return { rules, load, times };
}

async function main(): Promise<void> {
  const o = numberArgs(DEFAULTS);
  const log = (s: string) => console.error(s);
  const machine = machineInfo();
  const db = o.mysql ? await createTestDatabase("mysql") : null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "anju-rbac-bench-"));
  const url = db?.url ?? `sqlite:${path.join(dir, "bench.sqlite")}`;
  const ds = await createDataSource({ url, entities: HOST_ENTITIES });
  try {
    await runMigrations(ds, "@host", HOST_MIGRATIONS);
    await migrate(ds);
    const nodes = buildTree();
    log(`seeding ${nodes.length} jurisdictions …`);
    const rows = await seed(ds, nodes);

    const engine = new RbacEngine(ds);
    const heap0 = process.memoryUsage().heapUsed;
    let t = performance.now();
    await engine.load();
    const loadMs = performance.now() - t;
    const heapMb = (process.memoryUsage().heapUsed - heap0) / 2 ** 20;
    log(`loaded ${engine.domainCount} enforcers in ${fmt(loadMs)} ms`);

    // Warm up the JIT on a separate stream, then measure.
    await measure(engine, requests(nodes, 5_000, 99), true);

    log("uncached …");
    const uncached = percentiles(await measure(engine, requests(nodes, o.uncached, 1), true));

    log("cached …");
    engine.cache.clear();
    const working = requests(nodes, o.workingSet, 2);
    const random = rng(3);
    const stream = Array.from({ length: o.calls }, () => working[Math.floor(random() * working.length)]);
    t = performance.now();
    const cachedTimes = await measure(engine, stream, false);
    const cachedWall = performance.now() - t;
    const cached = percentiles(cachedTimes);
    // The same stream again: every request has been seen, so every answer is a cache hit.
    const hits = percentiles(await measure(engine, stream, false));

    log("baseline (one enforcer) …");
    const base = o.baseline > 0 ? await baseline(nodes, o.baseline) : null;
    const baseP = base ? percentiles(base.times) : null;

    const row = (name: string, p: ReturnType<typeof percentiles>, n: number) =>
      `| ${name} | ${n.toLocaleString("en")} | ${fmt(p.p50, 1)} | ${fmt(p.p99, 1)} | ${fmt(p.p999, 1)} | ${fmt(p.max, 0)} | ${fmt(1e6 / p.mean, 0)} |`;
    console.log([
      `### RBAC decision latency (${o.mysql ? "MariaDB" : "SQLite"}, ${nodes.length} jurisdictions × 100 rules = ${rows.toLocaleString("en")} rows)`,
      "",
      machineMarkdown(machine),
      "",
      `Load: ${engine.domainCount} per-jurisdiction enforcers built from one query in ${fmt(loadMs)} ms (heap +${fmt(heapMb)} MiB).`,
      "",
      "| decision | calls | p50 µs | p99 µs | p99.9 µs | max µs | decisions/s (1 core) |",
      "|---|---|---|---|---|---|---|",
      row(`cache hits only (second pass over the stream)`, hits, o.calls),
      row(`realistic stream: ${o.workingSet.toLocaleString("en")} distinct requests, first sight of each a miss`, cached, o.calls),
      row("uncached (cache cleared before each)", uncached, o.uncached),
      ...(base && baseP ? [row(`baseline: one enforcer, ${base.rules.toLocaleString("en")} rules (built in ${fmt(base.load)} ms)`, baseP, base.times.length)] : []),
      "",
      `Goal p99 ≤ 200 µs: cache hits ${hits.p99 <= 200 ? "met" : "NOT met"} (${fmt(hits.p99, 1)} µs), realistic stream ${cached.p99 <= 200 ? "met" : "NOT met"} (${fmt(cached.p99, 1)} µs), uncached ${uncached.p99 <= 200 ? "met" : "NOT met"} (${fmt(uncached.p99, 1)} µs). ` +
      `Cached stream wall time ${fmt(cachedWall)} ms for ${o.calls.toLocaleString("en")} calls.`,
    ].join("\n"));
  } finally {
    await ds.destroy();
    await db?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
