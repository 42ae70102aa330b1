/**
 * Render time of the 40-field form (bench/lib/forty-field-form.ts) in real Chromium with the
 * Element Plus renderer set: the harness page (bench/forms-render/) is bundled with Vite, served
 * from a local HTTP server and mounted --runs times per round in headless Debian Chromium; each
 * sample is mount → laid out and painted (two animation frames). Reports the median and p90 of
 * each round, and the median over rounds.
 *
 *   npx tsx bench/forms-render.ts [--runs 20] [--rounds 3]
 */
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { chromium } from "playwright-core";
import { machineInfo, machineMarkdown } from "./lib/machine.js";
import { fmt, median, numberArgs } from "./lib/stats.js";

/** What the harness leaves on `window` (bench/forms-render/main.ts). */
interface BenchResult { ms: number[]; controls: number; unmatched: number }
type BenchWindow = { __bench?: BenchResult };

const args = numberArgs({ runs: 20, rounds: 3 });
const CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf" };

async function buildHarness(outDir: string): Promise<void> {
  const { build } = await import("vite");
  const vue = (await import("@vitejs/plugin-vue")).default;
  await build({ root: path.join(__dirname, "forms-render"), base: "./", logLevel: "error", plugins: [vue()], build: { outDir, emptyOutDir: true } });
}

function serve(dir: string): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const file = path.join(dir, decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname).replace(/^\/+/, "") || "index.html");
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) { res.writeHead(404).end(); return; }
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" }).end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

function p90(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.9) - 1)];
}

async function main(): Promise<void> {
  const machine = machineInfo();
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "anju-forms-render-"));
  await buildHarness(out);
  const server = await serve(out);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/index.html?runs=${args.runs}`;
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_FLAGS });
  const rounds: Array<{ median: number; p90: number }> = [];
  let controls = 0;
  let unmatched = 0;
  try {
    for (let r = 0; r < args.rounds; r++) {
      const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
      await page.goto(url);
      await page.waitForFunction(() => (window as unknown as BenchWindow).__bench !== undefined, null, { timeout: 120_000 });
      const result = await page.evaluate(() => (window as unknown as BenchWindow).__bench!);
      rounds.push({ median: median(result.ms), p90: p90(result.ms) });
      controls = result.controls;
      unmatched = result.unmatched;
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
    fs.rmSync(out, { recursive: true, force: true });
  }
  console.log("# Forms: render time of a 40-field form in Chromium\n");
  console.log(machineMarkdown(machine));
  console.log(`\n${(await import("node:child_process")).execFileSync("/usr/bin/chromium", ["--version"], { stdio: ["ignore", "pipe", "ignore"] }).toString().trim()}, headless, 1366×900; ${args.rounds} rounds × ${args.runs} mounts after a warm-up; ${controls} form controls rendered, ${unmatched} "No applicable renderer".\n`);
  console.log("| round | median | p90 |");
  console.log("|---|---|---|");
  rounds.forEach((r, i) => console.log(`| ${i + 1} | ${fmt(r.median, 1)} ms | ${fmt(r.p90, 1)} ms |`));
  console.log(`\nMedian over rounds: **${fmt(median(rounds.map((r) => r.median)), 1)} ms** from mount to painted.`);
}

main().catch((err) => { console.error(err); process.exit(1); });
