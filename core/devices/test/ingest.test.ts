/**
 * Ingestion end to end over a real MQTT broker (embedded aedes): valid readings are stored,
 * latest values kept and the device goes online, while garbage of every kind is refused and
 * counted by reason without losing a valid reading around it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDbKinds } from "@anju/kernel/testing";
import { C, registerDevice, startDevicesNode, telemetry, topicOf, waitFor, type DevicesNode, type Publisher } from "./helpers.js";

describe.each(testDbKinds())("MQTT ingestion (%s)", (kind) => {
  let node: DevicesNode;
  let pub: Publisher;
  beforeAll(async () => {
    node = await startDevicesNode(kind);
    await registerDevice(node, "HP-1");
    await registerDevice(node, "HP-2");
    await registerDevice(node, "TG-1", C.tgCommunity);
    pub = await node.publisher();
  }, 60_000);
  afterAll(async () => { await node?.close(); });

  const stats = async () => (await node.api("admin", "GET", "/api/devices/ingest/stats")).body as { rejected: Record<string, number>; stored: number };

  it("valid readings flow while garbage is refused and counted by reason", async () => {
    const t0 = Date.now() - 120_000;
    const hp1 = topicOf(C.yhCommunity, "HP-1");
    const garbage: Array<[string, string | Buffer]> = [
      [hp1, "not json {"],
      [hp1, Buffer.from([0x7b, 0x22, 0x74, 0x73, 0x22, 0x3a])], // truncated '{"ts":'
      [hp1, JSON.stringify({ ts: t0, pressure: "high" })],
      [hp1, JSON.stringify({ ts: "yesterday", pressure: 0.3 })],
      [hp1, `{"ts": ${t0 + 1}, "pressure": NaN}`],
      [hp1, `{"ts": ${t0 + 2}, "pressure": 1e999}`],
      [hp1, JSON.stringify({ ts: t0 + 3, pressure: 0.3, pad: "x".repeat(1024 * 1024) })],
      [hp1, telemetry({ pressure: 0.3 }, Date.now() + 24 * 3600_000)],
      [hp1, telemetry({ pressure: 0.3 }, Date.now() - 30 * 24 * 3600_000)],
      [hp1, JSON.stringify({ garbage: true })],
      [hp1, JSON.stringify({ steal: "HP-2" })],
      [topicOf(C.yhCommunity, "NO-SUCH"), telemetry({ pressure: 0.3 })],
      [topicOf(C.tgCommunity, "HP-1"), telemetry({ pressure: 0.3 }, t0 + 5)],
      ["anju/only-one-level", telemetry({ pressure: 0.3 })],
    ];
    for (let i = 0; i < 40; i++) {
      await pub.publishAsync(hp1, telemetry({ pressure: 0.3 + i / 1000, door: false }, t0 + i * 1000));
      if (i < garbage.length) await pub.publishAsync(garbage[i][0], garbage[i][1]);
    }
    await waitFor("80 readings of HP-1", async () => (await node.count("anju_device_reading", "device_code = 'HP-1'")) === 80);
    const s = await waitFor("every rejection counted", async () => {
      const st = await stats();
      return Object.values(st.rejected).reduce((a, b) => a + b, 0) >= 16 ? st : null;
    });
    expect(s.rejected).toMatchObject({
      PAYLOAD_NOT_JSON: 3, // "not json {", the truncated frame and the NaN literal (this driver parses JSON)
      PAYLOAD_TOO_LARGE: 1,
      DEVICE_UNKNOWN: 1,
      JURISDICTION_MISMATCH: 1,
      TOPIC_INVALID: 1,
      READING_FOREIGN_DEVICE: 1,
      VALUE_NOT_FINITE: 1,
      TS_IN_FUTURE: 1,
      TS_TOO_OLD: 1,
    });
    expect(Object.keys(s.rejected)).toEqual(expect.arrayContaining(["VALUE_TYPE", "TS_INVALID"]));
    // Nothing of the stolen reading reached HP-2, nothing of the mismatched topic was stored.
    expect(await node.count("anju_device_reading", "device_code = 'HP-2'")).toBe(0);
    expect(await node.count("anju_device_reading", "device_code = 'HP-1' AND ts = ?", [t0 + 5])).toBe(0);
    // The counters reach the table at the next sweep.
    await waitFor("rejections stored", async () => (await node.count("anju_device_rejection", "reason = 'PAYLOAD_TOO_LARGE'")) === 1);
  });

  it("the device goes online and its latest values are kept (a late reading does not replace them)", async () => {
    const now = Date.now();
    await pub.publishAsync(topicOf(C.yhCommunity, "HP-2"), telemetry({ pressure: 0.42, door: true }, now));
    await pub.publishAsync(topicOf(C.yhCommunity, "HP-2"), telemetry({ pressure: 0.11 }, now - 60_000));
    await waitFor("HP-2 stored", async () => (await node.count("anju_device_reading", "device_code = 'HP-2'")) === 3);
    const latest = await node.api("operator", "GET", "/api/devices/HP-2/latest");
    expect(latest.status).toBe(200);
    expect(latest.body.device.state).toBe("online");
    expect(latest.body.values).toEqual([
      { resource: "door", value: true, quality: "good", unit: null, ts: new Date(now).toISOString() },
      { resource: "pressure", value: 0.42, quality: "good", unit: "MPa", ts: new Date(now).toISOString() },
    ]);
  });

  it("a replayed message is not stored twice and is counted", async () => {
    const before = (await stats()).rejected.READING_REPLAYED ?? 0;
    const msg = telemetry({ pressure: 0.33 }, Date.now() - 1000);
    await pub.publishAsync(topicOf(C.yhCommunity, "HP-2"), msg);
    await pub.publishAsync(topicOf(C.yhCommunity, "HP-2"), msg);
    await waitFor("replay counted", async () => ((await stats()).rejected.READING_REPLAYED ?? 0) === before + 1);
    await waitFor("the original stored", async () => (await node.count("anju_device_reading", "device_code = 'HP-2'")) === 4);
    await node.rt.drained();
    expect(await node.count("anju_device_reading", "device_code = 'HP-2'")).toBe(4);
  });

  it("while the driver is unavailable messages wait, and are all stored once it is back", async () => {
    node.drivers.unavailable = true;
    const t0 = Date.now() - 10_000;
    for (let i = 0; i < 20; i++) await pub.publishAsync(topicOf(C.tgCommunity, "TG-1"), telemetry({ pressure: 0.5 }, t0 + i));
    await new Promise((r) => setTimeout(r, 700));
    expect(await node.count("anju_device_reading", "device_code = 'TG-1'")).toBe(0);
    node.drivers.unavailable = false;
    await waitFor("TG-1 stored after the driver came back", async () => (await node.count("anju_device_reading", "device_code = 'TG-1'")) === 20);
  });

  it("readings stay in their jurisdiction: Tongling's operator reads TG-1's latest values, not HP-2's", async () => {
    expect((await node.api("tlOperator", "GET", "/api/devices/TG-1/latest")).status).toBe(200);
    expect((await node.api("tlOperator", "GET", "/api/devices/HP-2/latest")).status).toBe(404);
  });

  it("a message that kills its driver is isolated and refused (DRIVER_CRASHED); the rest of its batch is stored", async () => {
    node.drivers.crashOn = (payload) => payload.toString().includes("KILL");
    try {
      const t0 = Date.now() - 20_000;
      for (let i = 0; i < 30; i++) {
        await pub.publishAsync(topicOf(C.tgCommunity, "TG-1"), telemetry({ pressure: 0.6 }, t0 + i));
        if (i === 12) await pub.publishAsync(topicOf(C.tgCommunity, "TG-1"), JSON.stringify({ ts: t0, note: "KILL" }));
      }
      await waitFor("30 more readings of TG-1", async () => (await node.count("anju_device_reading", "device_code = 'TG-1' AND value_num = 0.6")) === 30, 20_000);
      expect((await stats()).rejected.DRIVER_CRASHED).toBe(1);
    } finally {
      node.drivers.crashOn = null;
    }
  });
});
