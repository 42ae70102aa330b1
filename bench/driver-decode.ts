/**
 * Decode + normalise + alarm evaluation throughput of the two sample drivers, in one process
 * (one core), the path every device reading takes: driver.decode → normalizeReadings (profile
 * lookup, scale, range, time window) → AlarmEngine.evaluate with the profile's default rules.
 * The issue's target is 30 000 readings/s on 2 cores for the whole ingestion; this is the CPU
 * share of the driver and alarm steps alone (no IPC, no MQTT, no database).
 *
 * Streams: 10 000 devices, values that wander (so rules do work, a few alarms raise and clear),
 * one message per device in turn. Each measurement runs ~1 s after a warm-up; median of 5.
 *
 *   npx tsx bench/driver-decode.ts [--seconds 1] [--runs 5] [--devices 10000]
 *   → markdown on stdout, pasted into docs/drivers.md ("Performance")
 */
import { performance } from "node:perf_hooks";
import { AlarmEngine } from "@anju/alarms";
import { decodeMessage, type DriverDefinition } from "@anju/sdk/driver";
import smoke from "../plugins/driver-smoke-json/src/driver.js";
import water, { buildFrame } from "../plugins/driver-water-pressure/src/index.js";
import { machineInfo, machineMarkdown } from "./lib/machine.js";
import { fmt, median, numberArgs } from "./lib/stats.js";

const args = numberArgs({ seconds: 1, runs: 5, devices: 10_000 });
const NOW = Date.UTC(2026, 0, 1);

interface Msg { topic: string; payload: Buffer }

function smokeMessages(n: number): Msg[] {
  return Array.from({ length: n }, (_, i) => {
    const dev = `SD-${String(i).padStart(6, "0")}`;
    const body = { dev, ts: NOW / 1000, type: "report", smoke: i % 997 === 0, battery: 10 + (i % 90), temp: 20 + (i % 40), fault: false };
    return { topic: `anju/340700/${dev}/up`, payload: Buffer.from(JSON.stringify(body)) };
  });
}

function waterMessages(n: number): Msg[] {
  return Array.from({ length: n }, (_, i) => {
    const payload = buildFrame({ type: 1, deviceNo: i, pressure: 80 + ((i * 37) % 400), lowBattery: i % 101 === 0, sensorFault: false, battery: 50 + (i % 50) });
    return { topic: `anju/360600/WP${String(i).padStart(8, "0")}/up`, payload };
  });
}

function measure(label: string, driver: DriverDefinition, msgs: Msg[], withAlarms: boolean): string {
  const profile = driver.profiles[0];
  const profileOf = () => profile;
  const rates: number[] = [];
  let perMessage = 0;
  let alarms = 0;
  for (let run = -1; run < args.runs; run++) {
    const engine = new AlarmEngine();
    let readings = 0;
    let clock = NOW;
    const start = performance.now();
    let elapsed = 0;
    for (let i = 0; elapsed < args.seconds * 1000; i++) {
      const m = msgs[i % msgs.length];
      if (i % msgs.length === 0) clock += 60_000; // each round of all devices is a minute later
      const res = decodeMessage(driver, m.topic, m.payload, { now: clock, profileOf });
      readings += res.readings.length;
      if (withAlarms) for (const r of res.readings) alarms += engine.evaluate(r.ts === NOW ? { ...r, ts: clock } : r, profile.alarmRules).length;
      if ((i & 1023) === 0) elapsed = performance.now() - start;
      perMessage = res.readings.length;
    }
    elapsed = performance.now() - start;
    if (run >= 0) rates.push((readings / elapsed) * 1000);
  }
  const r = median(rates);
  return `| ${label} | ${perMessage} | ${fmt(r / perMessage)} | ${fmt(r)} | ${withAlarms ? `${profile.alarmRules.length} rules` : "–"} |`;
}

const m = machineInfo();
const smokeMsgs = smokeMessages(args.devices);
const waterMsgs = waterMessages(args.devices);
const rows = [
  measure("smoke-json: decode + normalise", smoke, smokeMsgs, false),
  measure("smoke-json: + alarm rules", smoke, smokeMsgs, true),
  measure("water-pressure (binary): decode + normalise", water, waterMsgs, false),
  measure("water-pressure (binary): + alarm rules", water, waterMsgs, true),
];
console.log(machineMarkdown(m));
console.log(`\n${args.devices} devices, ${args.runs} runs of ${args.seconds} s each (median), one process\n`);
console.log("| stream | readings / message | messages / s | readings / s | alarm evaluation |");
console.log("|---|---:|---:|---:|---|");
for (const row of rows) console.log(row);
