/** A description of the machine a benchmark ran on, for docs/benchmarks.md. */
import fs from "node:fs";
import os from "node:os";

function osName(): string {
  try {
    const m = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(fs.readFileSync("/etc/os-release", "utf8"));
    if (m) return `${m[1]} (kernel ${os.release()})`;
  } catch { /* not Linux */ }
  return `${os.type()} ${os.release()}`;
}

export interface MachineInfo { date: string; cpu: string; cores: number; memory: string; node: string; os: string; loadBefore: string }

export function machineInfo(): MachineInfo {
  return {
    date: new Date().toISOString(),
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.availableParallelism?.() ?? os.cpus().length,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    os: osName(),
    loadBefore: os.loadavg().map((x) => x.toFixed(2)).join(" / "),
  };
}

export function loadAverage(): string {
  return os.loadavg().map((x) => x.toFixed(2)).join(" / ");
}

export function machineMarkdown(m: MachineInfo): string {
  return [
    `| | |`,
    `|---|---|`,
    `| date | ${m.date} |`,
    `| CPU | ${m.cpu}, ${m.cores} cores |`,
    `| memory | ${m.memory} |`,
    `| OS | ${m.os} |`,
    `| Node.js | ${m.node} |`,
    `| load average (1/5/15 min) at start | ${m.loadBefore} |`,
  ].join("\n");
}
