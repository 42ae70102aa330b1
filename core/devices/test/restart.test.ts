/**
 * Alarm state survives a restart: a repeat rule's count carries over, an active alarm is
 * neither raised twice nor forgotten (recovery after the restart still clears it). Also the
 * same ingestion through the system Mosquitto (MQTT_URL) on a topic prefix of its own.
 */
import crypto from "node:crypto";
import net from "node:net";
import mqtt from "mqtt";
import { afterEach, describe, expect, it } from "vitest";
import { systemContext } from "@anju/kernel";
import { createTestHost, seedTree, testDbKinds, type TestHost } from "@anju/kernel/testing";
import { devicesModule, runtimeOf, type DevicesOptions } from "../src/index.js";
import { C, connectDevice, DRIVER, newDrivers, seedCommunities, telemetry, topicOf, waitFor } from "./helpers.js";

async function startHost(kind: "sqlite" | "mysql", options: DevicesOptions, dbUrl?: string): Promise<TestHost> {
  const t = await createTestHost({ db: kind, dbUrl, modules: [devicesModule({ drivers: newDrivers(), mqtt: { port: 0, host: "127.0.0.1" }, ...options })] });
  if (!dbUrl) {
    await seedTree(t.host);
    await seedCommunities((code, name, level, parentCode) => t.host.jurisdictions.add({ code, name, level, parentCode }));
    await t.host.call("devices.register", { code: "HP-9", name: "9号消防栓", jurisdiction: C.yhCommunity, driverPluginId: DRIVER, profileId: "pressure-sensor" }, systemContext());
  }
  return t;
}

async function publish(t: TestHost, messages: Array<[string, string]>, url?: string): Promise<void> {
  // The embedded broker wants HP-9's credential; an external broker (url) has its own ACL.
  const client = url ? await mqtt.connectAsync(url) : await connectDevice(t.host, "HP-9");
  for (const [topic, payload] of messages) await client.publishAsync(topic, payload, { qos: 1 });
  await client.endAsync();
}

const alarms = (t: TestHost, rule: string): Promise<Array<{ status: string; occurrences: number | string; cleared_at: unknown }>> =>
  t.host.ds.query("SELECT status, occurrences, cleared_at FROM anju_device_alarm WHERE device_code = 'HP-9' AND rule_id = ?", [rule]);
const readings = async (t: TestHost) => Number((await t.host.ds.query("SELECT COUNT(*) AS n FROM anju_device_reading"))[0].n);

describe.each(testDbKinds())("restarts and external brokers (%s)", (kind) => {
  const hosts: TestHost[] = [];
  afterEach(async () => {
    const first = hosts[0];
    for (const h of hosts.slice(1).reverse()) await h.stop();
    await first?.stop();
    hosts.length = 0;
  });

  it("a restart keeps the alarm engine's state: counts continue, an active alarm stays one alarm and still clears", async () => {
    const t1 = await startHost(kind, {});
    hosts.push(t1);
    const topic = topicOf(C.yhCommunity, "HP-9");
    const t0 = Date.now() - 60_000;
    await publish(t1, [
      [topic, telemetry({ door: true }, t0)],
      [topic, telemetry({ door: true }, t0 + 1000)],
      [topic, telemetry({ pressure: 0.03 }, t0 + 2000)],
    ]);
    await waitFor("3 readings before the restart", async () => (await readings(t1)) === 3);
    await waitFor("low pressure raised", async () => (await alarms(t1, "low-pressure")).length === 1);
    expect(await alarms(t1, "door-forced")).toEqual([]);
    await t1.host.stop();

    const t2 = await startHost(kind, {}, t1.db!.url);
    hosts.push(t2);
    await publish(t2, [
      [topic, telemetry({ door: true }, t0 + 3000)],
      [topic, telemetry({ pressure: 0.02 }, t0 + 4000)],
    ]);
    await waitFor("5 readings after the restart", async () => (await readings(t2)) === 5);
    await waitFor("the third door opening raises the repeat alarm", async () => (await alarms(t2, "door-forced")).length === 1);
    const low = await alarms(t2, "low-pressure");
    expect(low).toHaveLength(1);
    expect(Number(low[0].occurrences)).toBe(1);
    await publish(t2, [[topic, telemetry({ pressure: 0.3 }, t0 + 5000)]]);
    await waitFor("recovery after the restart clears the alarm", async () => (await alarms(t2, "low-pressure"))[0].cleared_at !== null);
  });

  it("ingests through the system Mosquitto (external broker) on its own topic prefix", async () => {
    const prefix = `anju-test/${crypto.randomBytes(4).toString("hex")}`;
    const t = await startHost(kind, { mqtt: { url: "mqtt://127.0.0.1:1883", topicPrefix: prefix, qos: 1 } });
    hosts.push(t);
    expect(runtimeOf(t.host).mqtt?.kind).toBe("external");
    const topic = `${prefix}/${C.yhCommunity}/HP-9/telemetry`;
    await publish(t, [
      [topic, telemetry({ pressure: 0.4 }, Date.now() - 500)],
      [topic, "garbage"],
      [`${prefix}/${C.tgCommunity}/HP-9/telemetry`, telemetry({ pressure: 0.4 })],
      [topic, telemetry({ pressure: 0.41 })],
    ], "mqtt://127.0.0.1:1883");

    await waitFor("2 readings via Mosquitto", async () => (await readings(t)) === 2);
    const counters = runtimeOf(t.host).counters.snapshot();
    await waitFor("rejections counted", () => runtimeOf(t.host).counters.snapshot().JURISDICTION_MISMATCH === 1);
    expect(counters.PAYLOAD_NOT_JSON).toBe(1);
  });

  it("the embedded broker starts on a free port when the configured one is taken", async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
    const taken = (blocker.address() as net.AddressInfo).port;
    try {
      const t = await startHost(kind, { mqtt: { port: taken, host: "127.0.0.1" } });
      hosts.push(t);
      const port = runtimeOf(t.host).mqtt!.port;
      expect(port).not.toBe(taken);
      await publish(t, [[topicOf(C.yhCommunity, "HP-9"), telemetry({ pressure: 0.5 })]]);
      await waitFor("stored through the fallback port", async () => (await readings(t)) === 1);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });

  it("a device that stops reporting goes offline, and online again with its next reading", async () => {
    const t = await startHost(kind, { limits: { offlineAfterMs: 300, sweepMs: 100 } });
    hosts.push(t);
    const state = async () => (await t.host.ds.query("SELECT state FROM anju_device WHERE code = 'HP-9'"))[0].state as string;
    expect(await state()).toBe("unknown");
    await publish(t, [[topicOf(C.yhCommunity, "HP-9"), telemetry({ pressure: 0.5 })]]);
    await waitFor("online", async () => (await state()) === "online");
    await waitFor("offline after silence", async () => (await state()) === "offline");
    await publish(t, [[topicOf(C.yhCommunity, "HP-9"), telemetry({ pressure: 0.5 })]]);
    await waitFor("online again", async () => (await state()) === "online");
  });
});
