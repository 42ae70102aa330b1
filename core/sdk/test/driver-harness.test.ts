import { describe, expect, it } from "vitest";
import { DecodeError, defineDriver, type DeviceProfile } from "../src/driver.js";
import { createDriverHarness, hex } from "../src/driver-testing.js";

const T0 = Date.UTC(2026, 0, 1);
const title = { "zh-CN": "测试", en: "Test" };
const tank: DeviceProfile = {
  id: "tank", title, resources: [{ name: "level", kind: "number", unit: "m", scale: 0.1 }],
  alarmRules: [
    { id: "low", kind: "threshold", resource: "level", severity: "major", title, when: { op: "<", value: 1 }, clear: { op: ">=", value: 1.5 } },
    { id: "offline", kind: "offline", resource: "*", severity: "minor", title, seconds: 60 },
  ],
};
const gate: DeviceProfile = { id: "gate", title, resources: [{ name: "level", kind: "number" }], alarmRules: [] };
// Payload: "<device>:<raw level>"; no time of its own.
const driver = defineDriver({
  id: "tank-text", protocol: "mqtt-text", profiles: [tank, gate],
  decode(_topic, payload) {
    const [deviceCode, raw] = payload.toString().split(":");
    if (raw === undefined) throw new DecodeError("FIELD_MISSING", "no level");
    return [{ deviceCode, resource: "level", value: Number(raw) }];
  },
});

describe("driver harness", () => {
  it("shows readings, rejections and alarms as the host would, with the profile chosen per device", () => {
    const h = createDriverHarness(driver, { start: T0, profileOf: (d) => (d.startsWith("T") ? "tank" : "gate") });
    expect(h.feed("t", "T1:20")).toEqual({ readings: [{ deviceCode: "T1", ts: T0, resource: "level", value: 2, unit: "m", quality: "good" }], rejected: [], alarms: [] });
    expect(h.feed("t", "T1:5", T0 + 10_000).alarms).toEqual([expect.objectContaining({ type: "raise", ruleId: "low", ts: T0 + 10_000, value: 0.5 })]);
    expect(h.feed("t", "G1:5").alarms).toEqual([]); // gate profile: no rules, no scale
    expect(h.feed("t", "G1:5").readings[0].value).toBe(5);
    expect(h.feed("t", "T1").rejected).toEqual([{ code: "FIELD_MISSING", reason: "no level" }]);
    expect(h.feed("t", "T1:NaN").rejected[0].code).toBe("VALUE_NOT_FINITE");
    expect(h.openAlarms().map((a) => a.ruleId)).toEqual(["low"]);
  });

  it("moves its clock for time-driven rules; feeding at a later time includes what the clock raised on the way", () => {
    const h = createDriverHarness(driver, { start: T0, profileOf: () => "tank" });
    h.feed("t", "T1:20");
    expect(h.advance(59_000)).toEqual([]);
    const res = h.feed("t", "T1:20", T0 + 120_000);
    expect(res.alarms.map((a) => `${a.type}:${a.ruleId}@${(a.ts - T0) / 1000}`)).toEqual(["raise:offline@60", "clear:offline@120"]);
    expect(h.now()).toBe(T0 + 120_000);
    expect(() => h.advance(-1)).toThrow(RangeError);
    expect(h.engineState()).toMatchObject({ v: 1, devices: { T1: { seen: T0 + 120_000 } } });
  });

  it("without profileOf uses a driver's only profile; hex() reads recorded binary payloads", () => {
    const single = defineDriver({ ...driver, profiles: [tank] });
    expect(createDriverHarness(single, { start: T0 }).feed("t", "T9:3").readings[0]).toMatchObject({ value: 0.3, unit: "m" });
    expect(hex("aa 01 FF").equals(Buffer.from([0xaa, 0x01, 0xff]))).toBe(true);
    expect(() => hex("aa 0")).toThrow(RangeError);
  });
});
