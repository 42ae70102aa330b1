import { createDriverHarness, hex } from "@anju/sdk/driver-testing";
import { describe, expect, it } from "vitest";
import driver, { buildFrame, crc16modbus } from "../src/index.js";
import recorded from "./fixtures/frames.json";

const T0 = Date.UTC(2026, 2, 1, 2, 0, 0);
const { topic, frames, bad } = recorded;
const frame = (name: keyof typeof frames) => hex(frames[name]);
const summary = (alarms: Array<{ type: string; ruleId: string; ts: number }>) => alarms.map((a) => `${a.type}:${a.ruleId}@${(a.ts - T0) / 1000}s`);

describe("water-pressure driver: decoding recorded frames", () => {
  it("reads pressure in MPa (raw kPa × 0.001), battery and status bits, at the time of receipt", () => {
    const h = createDriverHarness(driver, { start: T0 });
    const { readings, rejected } = h.feed(topic, frame("normal"));
    expect(rejected).toEqual([]);
    expect(readings).toEqual([
      { deviceCode: "WP00010001", ts: T0, resource: "pressure", value: 0.35, unit: "MPa", quality: "good" },
      { deviceCode: "WP00010001", ts: T0, resource: "battery", value: 92, unit: "%", quality: "good" },
      { deviceCode: "WP00010001", ts: T0, resource: "lowBattery", value: false, quality: "good" },
      { deviceCode: "WP00010001", ts: T0, resource: "sensorFault", value: false, quality: "good" },
    ]);
  });

  it("accepts the frame as hex text (DTU forwarding) as well as bytes", () => {
    const h = createDriverHarness(driver, { start: T0 });
    expect(h.feed(topic, frames.normal).readings[0].value).toBe(0.35);
    expect(h.feed(topic, frames.normal.replace(/ /g, "").toLowerCase()).readings[0].value).toBe(0.35);
  });

  it("a heartbeat has no pressure; 0xFFFF means not measured", () => {
    const h = createDriverHarness(driver, { start: T0 });
    expect(h.feed(topic, frame("heartbeat")).readings.map((r) => r.resource)).toEqual(["battery", "lowBattery", "sensorFault"]);
    expect(h.feed(topic, frame("notMeasured")).readings.map((r) => r.resource)).not.toContain("pressure");
  });

  it("a faulty sensor's pressure is kept but marked bad", () => {
    const h = createDriverHarness(driver, { start: T0 });
    const { readings, alarms } = h.feed(topic, frame("faulty"));
    expect(readings[0]).toMatchObject({ resource: "pressure", value: 0, quality: "bad" });
    expect(alarms.map((a) => a.ruleId).sort()).toEqual(["low-battery", "sensor-fault"]);
  });

  it("refuses truncated, corrupt and foreign frames with coded reasons, never by throwing", () => {
    const h = createDriverHarness(driver, { start: T0 });
    const codeOf = (payload: Buffer | string, t = topic) => h.feed(t, payload).rejected.map((r) => r.code);
    expect(codeOf(hex(bad.truncated))).toEqual(["PAYLOAD_TRUNCATED"]);
    expect(codeOf(hex(bad.oneByte))).toEqual(["PAYLOAD_TRUNCATED"]);
    expect(codeOf(Buffer.alloc(0))).toEqual(["PAYLOAD_TRUNCATED"]);
    expect(codeOf(hex(bad.badChecksum))).toEqual(["PAYLOAD_CHECKSUM"]);
    expect(codeOf(hex(bad.wrongHeader))).toEqual(["PAYLOAD_UNKNOWN_FRAME"]);
    expect(codeOf(hex(bad.unknownType))).toEqual(["PAYLOAD_UNKNOWN_FRAME"]);
    expect(codeOf(hex(bad.trailingBytes))).toEqual(["PAYLOAD_UNKNOWN_FRAME"]);
    expect(codeOf(hex(bad.version2))).toEqual(["PAYLOAD_UNKNOWN_FRAME"]);
    expect(codeOf("AA0101000027110")).toEqual(["PAYLOAD_TRUNCATED"]);
    expect(codeOf('{"pressure": 0.3}')).toEqual(["PAYLOAD_UNKNOWN_FRAME"]);
    expect(codeOf(frame("otherDevice"))).toEqual(["DEVICE_MISMATCH"]);
    expect(codeOf(frame("normal"), "anju/430900/WP00010001/down")).toEqual(["TOPIC_UNSUPPORTED"]);
    expect(codeOf(Buffer.alloc(1024 * 1024, 0xaa))).toEqual(["PAYLOAD_TOO_LARGE"]);
  });

  it("garbage never escapes: 2,000 random payloads give readings or coded rejections", () => {
    const h = createDriverHarness(driver, { start: T0 });
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const codes = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const b = Buffer.from(Array.from({ length: Math.floor(rnd() * 20) }, () => Math.floor(rnd() * 256)));
      if (i % 3 === 0 && b.length > 2) { b[0] = 0xaa; b[1] = 0x01; b[2] = 1 + (i % 2); }
      const { readings, rejected } = h.feed(topic, b);
      expect(readings.length + rejected.length).toBeGreaterThan(0);
      for (const r of rejected) codes.add(r.code);
    }
    expect([...codes].every((c) => /^[A-Z][A-Z0-9_]+$/.test(c))).toBe(true);
    expect(codes).toContain("PAYLOAD_CHECKSUM");
  });

  it("uses CRC-16/MODBUS (check value of '123456789' is 0x4B37) and round-trips the simulator's frames", () => {
    expect(crc16modbus(Buffer.from("123456789"), 9)).toBe(0x4b37);
    const b = buildFrame({ type: 1, deviceNo: 10001, pressure: 350, lowBattery: false, sensorFault: false, battery: 92 });
    expect(b.equals(frame("normal"))).toBe(true);
  });
});

describe("water-pressure driver: Y3 alarm rules", () => {
  it("Y3 low pressure: below 0.10 MPa for 2 minutes raises once; the band up to 0.12 does not clear it", () => {
    const h = createDriverHarness(driver, { start: T0 });
    h.feed(topic, frame("normal"));
    expect(h.feed(topic, frame("low"), T0 + 60_000).alarms.map((a) => a.ruleId)).toEqual(["pressure-loss"]);
    expect(summary(h.advance(60_000))).toEqual([]);
    expect(summary(h.advance(60_000))).toEqual(["raise:low-pressure@180s"]);
    expect(summary(h.feed(topic, frame("between"), T0 + 240_000).alarms)).toEqual(["clear:pressure-loss@240s"]);
    expect(summary(h.feed(topic, frame("low"), T0 + 300_000).alarms)).toEqual([]);
    expect(summary(h.feed(topic, frame("recovered"), T0 + 360_000).alarms)).toEqual(["clear:low-pressure@360s"]);
    expect(h.openAlarms()).toEqual([]);
  });

  it("Y3 pressure loss: 0.35 → 0.28 MPa within a minute is critical; a steady main clears it", () => {
    const h = createDriverHarness(driver, { start: T0 });
    h.feed(topic, frame("normal"));
    const { alarms } = h.feed(topic, frame("dropped"), T0 + 30_000);
    expect(alarms).toEqual([expect.objectContaining({ type: "raise", ruleId: "pressure-loss", severity: "critical", value: 0.28 })]);
    expect(alarms[0].title["zh-CN"]).toContain("骤降");
    expect(h.feed(topic, frame("dropped"), T0 + 60_000).alarms).toEqual([]); // still within the minute of the drop
    expect(summary(h.feed(topic, frame("dropped"), T0 + 100_000).alarms)).toEqual(["clear:pressure-loss@100s"]);
  });

  it("offline after 30 minutes without any frame; a heartbeat brings it back", () => {
    const h = createDriverHarness(driver, { start: T0 });
    h.feed(topic, frame("heartbeat"));
    expect(h.advance(1_799_000)).toEqual([]);
    expect(summary(h.advance(1_000))).toEqual(["raise:offline@1800s"]);
    expect(h.openAlarms().map((a) => a.ruleId)).toEqual(["offline"]);
    expect(summary(h.feed(topic, frame("heartbeat"), T0 + 2_000_000).alarms)).toEqual(["clear:offline@2000s"]);
  });
});
