/**
 * Summarise a V8 .cpuprofile (from `BENCH_CPU_PROF=<dir> npx tsx bench/host-overhead.ts`):
 * self time by package and by function, and inclusive time of named functions — used to find
 * where the host's per-request time goes.
 *
 *   npx tsx bench/profile-summary.ts <file.cpuprofile> [--top 25] [--fn name,name,…]
 */
import fs from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

/** Which package a frame belongs to, by its script URL. */
export function packageOf(url: string, fn: string): string {
  if (!url) return fn.startsWith("(") ? fn : "(native)";
  if (url.startsWith("node:")) return "node:" + url.slice(5).split("/")[0];
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  const core = /\/core\/([^/]+)\//.exec(url);
  if (core) return `@anju/${core[1]}`;
  if (url.includes("/bench/")) return "bench";
  return url;
}

export interface ProfileSummary {
  totalMs: number;
  idleMs: number;
  byPackage: Array<{ name: string; ms: number }>;
  byFunction: Array<{ name: string; ms: number }>;
  inclusive: Array<{ name: string; ms: number }>;
}

export function summariseProfile(file: string, fns: string[] = []): ProfileSummary {
  const p = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) selfUs.set(p.samples[i], (selfUs.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));

  const pkg = new Map<string, number>();
  const fn = new Map<string, number>();
  const incl = new Map<string, number>(fns.map((f) => [f, 0]));
  let total = 0;
  let idle = 0;
  for (const [id, us] of selfUs) {
    const n = byId.get(id)!;
    const { functionName, url, lineNumber } = n.callFrame;
    total += us;
    if (functionName === "(idle)") { idle += us; continue; }
    const k = packageOf(url, functionName);
    pkg.set(k, (pkg.get(k) ?? 0) + us);
    const label = `${functionName || "(anonymous)"} ${k}${url && !url.startsWith("node:") ? `:${lineNumber + 1}` : ""}`;
    fn.set(label, (fn.get(label) ?? 0) + us);
    if (fns.length) {
      const seen = new Set<string>();
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
        const name = byId.get(cur)!.callFrame.functionName;
        if (incl.has(name) && !seen.has(name)) { seen.add(name); incl.set(name, incl.get(name)! + us); }
      }
    }
  }
  const sorted = (m: Map<string, number>) => [...m].map(([name, us]) => ({ name, ms: us / 1000 })).sort((a, b) => b.ms - a.ms);
  return { totalMs: total / 1000, idleMs: idle / 1000, byPackage: sorted(pkg), byFunction: sorted(fn), inclusive: sorted(incl) };
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith("--"));
  if (!file) { console.error("usage: profile-summary.ts <file.cpuprofile> [--top N] [--fn a,b]"); process.exit(2); }
  const top = Number(args[args.indexOf("--top") + 1] ?? 25) || 25;
  const fns = args.includes("--fn") ? args[args.indexOf("--fn") + 1].split(",") : [];
  const s = summariseProfile(file, fns);
  const busy = s.totalMs - s.idleMs;
  const share = (ms: number) => `${((ms / busy) * 100).toFixed(1)} %`;
  console.log(`profile ${file}: ${s.totalMs.toFixed(0)} ms sampled, ${busy.toFixed(0)} ms busy`);
  console.log("\nself time by package (share of busy time):");
  for (const x of s.byPackage.slice(0, top)) console.log(`  ${share(x.ms).padStart(7)}  ${x.ms.toFixed(0).padStart(7)} ms  ${x.name}`);
  console.log("\nself time by function:");
  for (const x of s.byFunction.slice(0, top)) console.log(`  ${share(x.ms).padStart(7)}  ${x.ms.toFixed(0).padStart(7)} ms  ${x.name}`);
  if (fns.length) {
    console.log("\ninclusive time of named functions:");
    for (const x of s.inclusive) console.log(`  ${share(x.ms).padStart(7)}  ${x.ms.toFixed(0).padStart(7)} ms  ${x.name}`);
  }
}
