#!/usr/bin/env node
/**
 * `npm start`'s prestart: build the console when ui/console/dist is missing or older than
 * anything it is built from (sources, index.html, the Vite config, this package's manifest and
 * the JSON Forms renderer set and the form designer it imports). A fresh clone builds once; later starts skip it.
 *
 *   node ui/console/scripts/ensure-built.mjs          build if stale
 *   node ui/console/scripts/ensure-built.mjs --check  exit 1 if stale, build nothing
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist", "index.html");
const inputs = [
  path.join(root, "src"),
  path.join(root, "index.html"),
  path.join(root, "vite.config.ts"),
  path.join(root, "package.json"),
  path.resolve(root, "../jsonforms-element-plus/src"),
  path.resolve(root, "../form-designer/src"),
];

/** Newest modification time under a file or folder (0 when it does not exist). */
function newest(p) {
  let stat;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = 0;
  for (const entry of fs.readdirSync(p)) max = Math.max(max, newest(path.join(p, entry)));
  return max;
}

function builtAt() {
  try {
    return fs.statSync(dist).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * One build at a time: the browser tests call this from each test file, and vitest runs files in
 * parallel; two builds into the same dist (emptied first) left a page loading half-deleted
 * assets. The lock is a folder in the temp dir (mkdir is atomic); one older than ten minutes is from a build that
 * died and is taken over.
 */
const lock = path.join(os.tmpdir(), `anju-console-build-${root.replace(/[^A-Za-z0-9]+/g, "_")}.lock`);
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
function acquire() {
  for (;;) {
    try {
      fs.mkdirSync(lock);
      return;
    } catch (err) {
      if (err.code !== "EEXIST") throw err;
      let age = 0;
      try {
        age = Date.now() - fs.statSync(lock).mtimeMs;
      } catch { continue; /* released meanwhile */ }
      if (age > 10 * 60_000) fs.rmSync(lock, { recursive: true, force: true });
      else sleep(250);
    }
  }
}
const release = () => fs.rmSync(lock, { recursive: true, force: true });

const check = process.argv.includes("--check");
if (!check) acquire();
process.on("exit", () => { if (!check) release(); });

const built = builtAt();
const stale = built === 0 || inputs.some((p) => newest(p) > built);
if (!stale) {
  console.log("控制台已是最新 / console is up to date (ui/console/dist)");
  process.exit(0);
}
if (check) {
  console.log("控制台需要重新构建 / console needs a build");
  process.exit(1);
}
console.log("正在构建控制台 / building the console (ui/console) …");
const vite = fs.existsSync(path.join(root, "node_modules", "vite", "bin", "vite.js"))
  ? path.join(root, "node_modules", "vite", "bin", "vite.js")
  : path.resolve(root, "../../node_modules/vite/bin/vite.js");
const result = spawnSync(process.execPath, [vite, "build", "--logLevel", "warn"], { cwd: root, stdio: "inherit" });
if (result.status !== 0) {
  console.error("控制台构建失败 / console build failed");
  process.exit(result.status ?? 1);
}
// Vite may keep an older index.html's time when its content did not change: mark the build now.
const now = new Date();
fs.utimesSync(dist, now, now);
console.log("控制台已构建 / console built");
