/**
 * Shared set-up of the device benchmarks: a host with the devices module on SQLite or
 * MariaDB, the smoke-detector sample driver running in its own process under the
 * DriverSupervisor, the Anhui tree with one community, and N registered detectors; plus the
 * load publisher (a separate process: on two cores the client must not share the host's loop).
 */
import path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import readline from "node:readline";
import { asSystem, dbTimestamp } from "@anju/data";
import { createTestHost, seedTree, TREE, type TestHost } from "@anju/kernel/testing";
import { devicesModule, runtimeOf, type DevicesRuntime } from "@anju/devices";
import { DriverSupervisor } from "../../core/devices/src/runtime/index.js";
import { ROOT } from "../lib/proc.js";

export const COMMUNITY = "340102001001";
export const DRIVER = "driver-smoke-json";
const DRIVER_DIR = path.join(ROOT, "plugins", "driver-smoke-json");

export interface BenchHost { t: TestHost; rt: DevicesRuntime; supervisor: DriverSupervisor; port: number | null; login?: { username: string; password: string }; stop(): Promise<void> }

export async function startBenchHost(db: "sqlite" | "mysql", broker: "embedded" | "mosquitto", devices: number): Promise<BenchHost> {
  // Sandboxed as on a real node (Node's permission model where supported).
  const supervisor = new DriverSupervisor();
  await supervisor.start({ pluginId: DRIVER, version: "0.1.0", dir: DRIVER_DIR, entry: path.join(DRIVER_DIR, "src", "driver.ts") });
  const mqtt = broker === "embedded" ? { port: 0, host: "127.0.0.1" } : { url: "mqtt://127.0.0.1:1883", topicPrefix: "anju", qos: 1 as const };
  const t = await createTestHost({ db, modules: [devicesModule({ drivers: supervisor, mqtt })], config: { broker: { requestTimeout: 30_000, logLevel: "warn" } } });
  await seedTree(t.host);
  await t.host.jurisdictions.add({ code: "340102001", name: "大兴镇", level: "street", parentCode: TREE.yaohai });
  await t.host.jurisdictions.add({ code: COMMUNITY, name: "和平小区", level: "community", parentCode: "340102001" });
  const now = dbTimestamp();
  await asSystem("bench: devices", async () => {
    for (let i = 0; i < devices; i += 500) {
      const chunk = Array.from({ length: Math.min(500, devices - i) }, (_, k) => i + k);
      await t.host.ds.query(
        `INSERT INTO \`anju_device\` (id, code, name, jurisdiction_code, driver_plugin_id, profile_id, state, last_seen_at, created_by, created_at, updated_by, updated_at) VALUES ${chunk.map(() => "(?, ?, ?, ?, ?, ?, 'unknown', NULL, 'bench', ?, 'bench', ?)").join(", ")}`,
        chunk.flatMap((k) => [`00000000-0000-4000-8000-${String(k).padStart(12, "0")}`, deviceCode(k), `烟感 ${k}`, COMMUNITY, DRIVER, "smoke-detector", now, now]));
    }
  });
  const rt = runtimeOf(t.host);
  await rt.devices.loadAll();
  return {
    t, rt, supervisor, port: rt.mqtt?.port ?? 1883,
    // The embedded broker requires sign-in (mqtt.requireDeviceAuth): the load publishers speak
    // for thousands of detectors over a few connections, so they use the node's internal
    // credential, which skips the per-device topic check (not in the measured path).
    login: rt.mqttGuard?.internal,
    async stop() { await t.stop(); await supervisor.stopAll(); },
  };
}

export const deviceCode = (k: number) => `SD-${String(k).padStart(5, "0")}`;

/** A detector's regular report: four readings (smoke, battery, temperature, fault), no alarm. */
export function report(k: number): string {
  return JSON.stringify({ dev: deviceCode(k), type: "report", smoke: false, battery: 80 + (k % 20), temp: 20 + (k % 10) / 10, fault: false });
}

export interface Publisher { proc: ChildProcess; ready: Promise<void>; go(): void; done: Promise<{ published: number; ms: number }> }

/** The load publisher: `readingsPerSecond` offered for `seconds` (4 readings per message). */
export function startPublisher(port: number, opts: { readingsPerSecond: number; seconds: number; devices: number; qos: 0 | 1; offset?: number; login?: { username: string; password: string } }): Publisher {
  const proc = spawn(process.execPath, ["--import", "tsx", path.join(__dirname, "publisher.ts"), JSON.stringify({ port, ...opts })], { stdio: ["pipe", "pipe", "inherit"] });
  let ready: () => void = () => undefined;
  const readyP = new Promise<void>((r) => { ready = r; });
  const done = new Promise<{ published: number; ms: number }>((resolve, reject) => {
    readline.createInterface({ input: proc.stdout! }).on("line", (line) => {
      if (line === "ready") ready();
      if (line.startsWith("{")) resolve(JSON.parse(line));
    });
    proc.once("exit", (code) => reject(new Error(`publisher exited ${code}`)));
  });
  return { proc, ready: readyP, go: () => proc.stdin!.write("go\n"), done };
}
