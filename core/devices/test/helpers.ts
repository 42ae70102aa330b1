/**
 * The devices suites' node: security modules + the devices module over HTTP, an embedded MQTT
 * broker on a free port, the in-process JSON driver, the Anhui tree with a community under
 * 瑶海区 and one under 铜官区, and signed-in users whose roles are granted through RBAC.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import mqtt, { type MqttClient } from "mqtt";
import { expect } from "vitest";
import { bootstrapAdmin } from "@anju/identity";
import { systemContext, type AnjuHost } from "@anju/kernel";
import { seedTree, TREE, waitFor } from "@anju/kernel/testing";
import { securityModules } from "@anju/security";
import { startTestNode, type TestNode } from "../../gateway/test/helpers.js";
import { devicesModule, parseTopic, runtimeOf, type DevicesOptions, type DevicesRuntime } from "../src/index.js";
import { InProcessDrivers } from "../src/testing/inprocess-drivers.js";
import { jsonDriver } from "./fixtures/json-driver.js";

export { TREE, waitFor };
export const DRIVER = "driver-test-json";
export const C = {
  yhStreet: "340102001",
  yhCommunity: "340102001001",
  tgStreet: "340705001",
  tgCommunity: "340705001001",
} as const;

export async function seedCommunities(add: (code: string, name: string, level: "street" | "community", parent: string) => Promise<unknown>): Promise<void> {
  await add(C.yhStreet, "大兴镇", "street", TREE.yaohai);
  await add(C.yhCommunity, "和平小区", "community", C.yhStreet);
  await add(C.tgStreet, "铜官街道", "street", TREE.tongguan);
  await add(C.tgCommunity, "幸福小区", "community", C.tgStreet);
}

export const USERS = {
  operator: { role: "property-operator", at: C.yhCommunity, password: "Heping#2026-Wuye7" },
  tlOperator: { role: "property-operator", at: C.tgCommunity, password: "Xingfu#2026-Wuye8" },
  admin: { role: "jurisdiction-admin", at: TREE.hefei, password: "Hefei#2026-Guanli" },
  police: { role: "community-police", at: C.yhCommunity, password: "Heping#2026-Minjing" },
} as const;
export type User = keyof typeof USERS;

export interface Answer { status: number; body: any } // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies vary per endpoint

export interface DevicesNode {
  n: TestNode;
  rt: DevicesRuntime;
  drivers: InProcessDrivers;
  cookie(user: User): string;
  api(user: User, method: string, pathname: string, json?: unknown, lang?: "zh-CN" | "en"): Promise<Answer>;
  /** Publishes as each topic's device (credential issued on first use); see `devicePublisher`. */
  publisher(): Promise<Publisher>;
  count(table: string, where?: string, params?: unknown[]): Promise<number>;
  close(): Promise<void>;
}

export function newDrivers(): InProcessDrivers {
  return new InProcessDrivers().add(DRIVER, jsonDriver);
}

export async function startDevicesNode(kind: "sqlite" | "mysql", options: DevicesOptions = {}): Promise<DevicesNode> {
  const drivers = (options.drivers as InProcessDrivers | undefined) ?? newDrivers();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "anju-devices-"));
  const n = await startTestNode(kind, { plugins: { dirs: [], installDir: path.join(dataDir, "plugins"), autoInstall: [], load: null, pollIntervalMs: 200 } },
    [...securityModules(), devicesModule({ drivers, mqtt: { port: 0, host: "127.0.0.1" }, ...options })]);
  await seedTree(n.host);
  await seedCommunities((code, name, level, parentCode) => n.host.jurisdictions.add({ code, name, level, parentCode }));
  const cookies = {} as Record<User, string>;
  for (const [user, { role, at, password }] of Object.entries(USERS) as Array<[User, (typeof USERS)[User]]>) {
    const made = await bootstrapAdmin(n.host, {
      username: user.toLowerCase(), role, password,
      grant: (userId, r) => n.host.call("rbac.grant", { userId, role: r, jurisdiction: at }).then(() => true),
    });
    await n.host.ds.query("UPDATE anju_user SET home_jurisdiction = ? WHERE id = ?", [at, made.userId]);
    const login = await n.fetch("/api/auth/login", { method: "POST", json: { username: user.toLowerCase(), password } });
    expect(login.status, `${user} login: ${JSON.stringify(login.body)}`).toBe(200);
    cookies[user] = login.headers.get("set-cookie")!.split(";")[0];
    const sw = await n.fetch("/api/auth/jurisdiction", { method: "POST", json: { jurisdiction: at }, headers: { Cookie: cookies[user] } });
    expect(sw.status, `${user} → ${at}: ${JSON.stringify(sw.body)}`).toBe(200);
  }
  const rt = runtimeOf(n.host);
  const closers: Array<() => Promise<void>> = [];
  return {
    n, rt, drivers,
    cookie: (user) => cookies[user],
    api(user, method, pathname, json, lang = "zh-CN") {
      return n.fetch(pathname, { method, headers: { Cookie: cookies[user], "Accept-Language": lang }, ...(json === undefined ? {} : { json }) });
    },
    async publisher() {
      const p = devicePublisher(n.host);
      closers.push(() => p.endAsync());
      return p;
    },
    async count(table, where = "1 = 1", params = []) {
      const rows: Array<{ n: number | string }> = await n.host.ds.query(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`, params);
      return Number(rows[0].n);
    },
    async close() {
      for (const c of closers) await c().catch(() => undefined);
      await n.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Register a device as the system acting in its community. */
export async function registerDevice(node: DevicesNode, code: string, community: string = C.yhCommunity): Promise<void> {
  const res = await node.api("admin", "POST", "/api/devices", { code, name: `设备 ${code}`, jurisdiction: community, driverPluginId: DRIVER, profileId: "pressure-sensor" });
  if (res.status !== 200 && res.status !== 201) {
    // The admin sits in Hefei; Tongling's devices are registered by Tongling's operator's superior: the system.
    await node.n.host.call("devices.register", { code, name: `设备 ${code}`, jurisdiction: community, driverPluginId: DRIVER, profileId: "pressure-sensor" },
      { principal: { id: "system", kind: "system" }, jurisdiction: null });
  }
}

/**
 * Connect to the node's embedded broker as a device: its MQTT secret is issued (rotated) as the
 * system, and the client signs in with the device code and that secret (mqtt.requireDeviceAuth).
 */
export async function connectDevice(host: AnjuHost, code: string): Promise<MqttClient> {
  const cred = await host.call<{ username: string; secret: string }>("devices.registry.issueCredential", { code }, systemContext());
  return mqtt.connectAsync(`mqtt://127.0.0.1:${runtimeOf(host).mqtt!.port}`, {
    clientId: `test-${code}-${Math.random().toString(16).slice(2)}`, username: cred.username, password: cred.secret, reconnectPeriod: 0,
  });
}

export interface Publisher {
  publishAsync(topic: string, payload: string | Buffer, opts?: { qos?: 0 | 1 }): Promise<unknown>;
  endAsync(): Promise<void>;
}

/**
 * One publisher for many devices: a message on a registered device's own topic goes out over
 * that device's signed-in client; anything else (garbage topics, unknown devices, another
 * jurisdiction's topic — what the pipeline itself must refuse, e.g. from an external broker)
 * over the node's internal client, so it reaches the pipeline's own checks.
 */
export function devicePublisher(host: AnjuHost): Publisher {
  const rt = runtimeOf(host);
  const clients = new Map<string, Promise<MqttClient>>();
  const clientFor = async (topic: string): Promise<MqttClient> => {
    const parts = parseTopic(rt.mqttSettings.topicPrefix, topic);
    const device = parts ? await rt.devices.get(parts.deviceCode) : null;
    const own = !!device && device.jurisdiction === parts!.jurisdiction;
    const key = own ? device.code : "";
    let c = clients.get(key);
    if (!c) {
      c = own ? connectDevice(host, device.code) : mqtt.connectAsync(`mqtt://127.0.0.1:${rt.mqtt!.port}`, {
        clientId: `test-internal-${Math.random().toString(16).slice(2)}`, reconnectPeriod: 0,
        ...(rt.mqttGuard ? { username: rt.mqttGuard.internal.username, password: rt.mqttGuard.internal.password } : {}),
      });
      clients.set(key, c);
    }
    return c;
  };
  return {
    async publishAsync(topic, payload, opts) {
      return (await clientFor(topic)).publishAsync(topic, payload, opts);
    },
    async endAsync() {
      for (const c of clients.values()) await (await c).endAsync().catch(() => undefined);
      clients.clear();
    },
  };
}

export const topicOf = (community: string, device: string) => `anju/${community}/${device}/telemetry`;

/** A live alarm stream opened as a signed-in user: frames collected as they arrive. */
export interface StreamClient { status: number; alarms: Array<{ event: string; alarm: { id: string; deviceCode: string; ruleId: string; status: string }; by: string }>; close(): void }

export async function openAlarmStream(node: DevicesNode, user: User): Promise<StreamClient> {
  const abort = new AbortController();
  const res = await fetch(`${node.n.url}/api/devices/alarms/stream`, { headers: { Cookie: node.cookie(user), Accept: "text/event-stream" }, signal: abort.signal });
  const client: StreamClient = { status: res.status, alarms: [], close: () => abort.abort() };
  if (res.status !== 200 || !res.body) return client;
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let connected: () => void = () => undefined;
  const ready = new Promise<void>((r) => { connected = r; });
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          if (frame.includes("connected")) connected();
          const data = frame.split("\n").find((l) => l.startsWith("data: "));
          if (frame.includes("event: alarm") && data) client.alarms.push(JSON.parse(data.slice(6)));
        }
      }
    } catch { /* aborted */ }
  })();
  await ready;
  return client;
}

/** A reading message as the JSON test driver reads it. */
export function telemetry(values: Record<string, unknown>, ts = Date.now()): string {
  return JSON.stringify({ ts, ...values });
}
