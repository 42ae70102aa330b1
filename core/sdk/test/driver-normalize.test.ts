import { describe, expect, it } from "vitest";
import { DecodeError, decodeMessage, normalizeReadings, REJECTION_MESSAGES, type DeviceProfile } from "../src/driver.js";

const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);
const title = { "zh-CN": "测试", en: "Test" };
const profile: DeviceProfile = {
  id: "meter", title, alarmRules: [],
  resources: [
    { name: "level", kind: "number", unit: "m", scale: 0.01, min: 0, max: 10 },
    { name: "door", kind: "string" },
    { name: "alarm", kind: "boolean" },
  ],
};
const profileOf = (code: string) => (code.startsWith("M-") ? profile : undefined);
const norm = (raw: unknown, extra: object = {}) => normalizeReadings(raw, { now: NOW, profileOf, ...extra });
const codes = (raw: unknown, extra: object = {}) => norm(raw, extra).rejected.map((r) => r.code);
const r = (over: Record<string, unknown>) => ({ deviceCode: "M-1", ts: NOW, resource: "level", value: 512, ...over });

describe("normalizeReadings", () => {
  it("applies the resource's scale and unit, defaults quality to good, keeps out-of-range values as uncertain", () => {
    expect(norm([r({}), r({ value: 5012 }), r({ value: 2000 }), r({ resource: "alarm", value: true, quality: "bad" })]).readings).toEqual([
      { deviceCode: "M-1", ts: NOW, resource: "level", value: 5.12, unit: "m", quality: "good" },
      { deviceCode: "M-1", ts: NOW, resource: "level", value: 50.12, unit: "m", quality: "uncertain" },
      { deviceCode: "M-1", ts: NOW, resource: "level", value: 20, unit: "m", quality: "uncertain" },
      { deviceCode: "M-1", ts: NOW, resource: "alarm", value: true, quality: "bad" },
    ]);
  });

  it("uses the receive time for a reading without one, and keeps only the known fields", () => {
    const [one] = norm([{ deviceCode: "X-1", resource: "temp", value: 1, unit: "°C", extra: "dropped", __proto__: { evil: 1 } }]).readings;
    expect(one).toEqual({ deviceCode: "X-1", ts: NOW, resource: "temp", value: 1, unit: "°C", quality: "good" });
  });

  it("refuses wrong values with a code per reading and keeps the good ones of the same message", () => {
    const out = norm([r({ value: Number.NaN }), r({ value: Infinity }), r({ value: "5" }), r({}), r({ resource: "door", value: 1 }), r({ resource: "depth" }), r({ value: { v: 1 } })]);
    expect(out.readings).toHaveLength(1);
    expect(out.rejected.map((x) => x.code)).toEqual(["VALUE_NOT_FINITE", "VALUE_NOT_FINITE", "VALUE_TYPE", "VALUE_TYPE", "RESOURCE_UNKNOWN", "VALUE_TYPE"]);
    expect(out.rejected[0]).toMatchObject({ deviceCode: "M-1", resource: "level" });
  });

  it("refuses times far in the past or future (default 7 days / 5 minutes) and times that are not numbers", () => {
    expect(codes([r({ ts: NOW - 8 * 86_400_000 }), r({ ts: NOW + 6 * 60_000 }), r({ ts: NOW / 1000 }), r({ ts: -1e300 }), r({ ts: "2026-06-01" }), r({ ts: NaN })]))
      .toEqual(["TS_TOO_OLD", "TS_IN_FUTURE", "TS_TOO_OLD", "TS_TOO_OLD", "TS_INVALID", "TS_INVALID"]);
    expect(codes([r({ ts: NOW - 8 * 86_400_000 })], { maxAgeMs: 30 * 86_400_000 })).toEqual([]);
    expect(norm([r({ ts: NOW + 4 * 60_000 })]).readings).toHaveLength(1);
  });

  it("turns garbage from a driver into rejections, never an exception", () => {
    const hostile = { get deviceCode(): string { throw new Error("boom"); } };
    expect(codes("readings")).toEqual(["DRIVER_OUTPUT_INVALID"]);
    expect(codes(null)).toEqual(["DRIVER_OUTPUT_INVALID"]);
    expect(codes([null, 7, [], hostile])).toEqual(["READING_INVALID", "READING_INVALID", "READING_INVALID", "READING_INVALID"]);
    expect(codes([r({ deviceCode: "" }), r({ deviceCode: "a/b" }), r({ deviceCode: "x".repeat(65) }), r({ deviceCode: 12 })])).toEqual(Array(4).fill("DEVICE_CODE_INVALID"));
    expect(codes([r({ resource: "" }), r({ resource: "温度" })])).toEqual(["RESOURCE_INVALID", "RESOURCE_INVALID"]);
    expect(codes([r({ quality: "great" }), { deviceCode: "X", resource: "t", value: 1, unit: { si: "m" } }, { deviceCode: "X", resource: "t", value: "x".repeat(2000) }]))
      .toEqual(["QUALITY_INVALID", "UNIT_INVALID", "VALUE_TOO_LONG"]);
  });

  it("refuses readings beyond the per-message limit as one rejection", () => {
    const many = Array.from({ length: 1500 }, () => r({}));
    const out = norm(many);
    expect(out.readings).toHaveLength(1000);
    expect(out.rejected).toEqual([expect.objectContaining({ code: "TOO_MANY_READINGS", reason: expect.stringContaining("500 of 1500") })]);
  });

  it("every code it can produce has a message in zh-CN and en", () => {
    for (const [code, m] of Object.entries(REJECTION_MESSAGES)) {
      expect(m["zh-CN"], code).toMatch(/[\u4e00-\u9fff]/);
      expect(m.en, code).toBeTruthy();
    }
  });
});

describe("decodeMessage", () => {
  const driver = (decode: (topic: string, payload: Buffer) => unknown) => ({ decode }) as never;
  const run = (decode: (topic: string, payload: Buffer) => unknown, payload = Buffer.from("x"), extra: object = {}) =>
    decodeMessage(driver(decode), "anju/1/M-1/up", payload, { now: NOW, profileOf, ...extra });

  it("passes the driver's coded DecodeError on, and codes anything else it throws as DRIVER_THREW", () => {
    expect(run(() => { throw new DecodeError("PAYLOAD_TRUNCATED", "7 of 13 bytes"); }).rejected).toEqual([{ code: "PAYLOAD_TRUNCATED", reason: "7 of 13 bytes" }]);
    expect(run(() => { throw new DecodeError("not a code", "x"); }).rejected[0].code).toBe("DECODE_FAILED");
    expect(run(() => { throw new TypeError("cannot read x of undefined"); }).rejected[0]).toMatchObject({ code: "DRIVER_THREW", reason: expect.stringContaining("cannot read") });
    expect(run(() => { throw null; }).rejected[0].code).toBe("DRIVER_THREW");
    expect(run(() => { throw "a string"; }).rejected[0].code).toBe("DRIVER_THREW");
  });

  it("refuses a promise (decode is synchronous) and a payload over the limit before decoding", () => {
    let called = false;
    expect(run(async () => [r({})]).rejected[0].code).toBe("DRIVER_OUTPUT_INVALID");
    expect(run(() => { called = true; return []; }, Buffer.alloc(1024 * 1024)).rejected[0].code).toBe("PAYLOAD_TOO_LARGE");
    expect(called).toBe(false);
    expect(run(() => [r({})], Buffer.alloc(1024 * 1024), { maxPayloadBytes: 2 * 1024 * 1024 }).readings).toHaveLength(1);
  });
});
