/**
 * Windowed CPU profiling for a benchmark server: with BENCH_CPU_PROF=<dir> set, each SIGUSR2
 * toggles the V8 profiler (start / stop and write `<dir>/<name>-<n>.cpuprofile`), so the
 * profile covers exactly the measured load and not start-up or module loading.
 */
import fs from "node:fs";
import path from "node:path";
import { Session } from "node:inspector";

export function installProfilerToggle(name: string): void {
  const dir = process.env.BENCH_CPU_PROF;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<Record<string, unknown>>((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res as Record<string, unknown>))));
  let running = false;
  let n = 0;
  process.on("SIGUSR2", () => {
    if (!running) {
      running = true;
      void post("Profiler.enable").then(() => post("Profiler.setSamplingInterval", { interval: 200 })).then(() => post("Profiler.start"));
      return;
    }
    running = false;
    void post("Profiler.stop").then((res) => {
      fs.writeFileSync(path.join(dir, `${name}-${++n}.cpuprofile`), JSON.stringify(res.profile));
      process.stdout.write(`PROFILED ${n}\n`);
    });
  });
}
