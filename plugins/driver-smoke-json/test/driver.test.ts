import { createDriverHarness } from "@anju/sdk/driver-testing";
import { describe, expect, it } from "vitest";
import driver from "../src/index.js";
import recorded from "./fixtures/messages.json";

const { topic, good, bad } = recorded;
const T0 = recorded.t0 * 1000;
const at = (sec: number) => T0 + sec * 1000;
const summary = (alarms: Array<{ type: string; ruleId: string; ts: number }>) => alarms.map((a) => `${a.type}:${a.ruleId}@${(a.ts - T0) / 1000}s`);

describe("smoke-json driver: decoding recorded messages", () => {
  it("turns a report into readings with the detector's time, units from the profile", () => {
    const h = createDriverHarness(driver, { start: T0 + 2_000 });
    const { readings, rejected, alarms } = h.feed(topic, good.report);
    expect(rejected).toEqual([]);
    expect(alarms).toEqual([]);
    expect(readings).toEqual([
      { deviceCode: "SD-001", ts: T0, resource: "smoke", value: false, quality: "good" },
      { deviceCode: "SD-001", ts: T0, resource: "battery", value: 87, unit: "%", quality: "good" },
      { deviceCode: "SD-001", ts: T0, resource: "temperature", value: 23.5, unit: "°C", quality: "good" },
      { deviceCode: "SD-001", ts: T0, resource: "fault", value: false, quality: "good" },
    ]);
  });

  it("reads 0/1 flags of old firmware, uses the receive time when the detector has no clock, keeps an impossible battery as uncertain", () => {
    const h = createDriverHarness(driver, { start: T0 + 5_000 });
    expect(h.feed(topic, good.oldFirmwareFlags).readings.slice(0, 2).map((r) => [r.resource, r.value])).toEqual([["smoke", true], ["battery", 60]]);
    expect(h.feed(topic, good.noClock).readings[0].ts).toBe(T0 + 5_000);
    expect(h.feed(topic, good.batteryOutOfRange).readings).toEqual([expect.objectContaining({ resource: "battery", value: 180, quality: "uncertain" })]);
  });

  it("refuses bad messages with a coded reason each, never by throwing", () => {
    const h = createDriverHarness(driver, { start: T0 });
    const codes = Object.fromEntries(Object.entries(bad).map(([name, text]) => {
      const { readings, rejected } = h.feed(topic, text);
      return [name, readings.length > 0 ? "ACCEPTED" : rejected.map((r) => r.code).join(",")];
    }));
    expect(codes).toEqual({
      notJson: "PAYLOAD_NOT_JSON",
      truncatedJson: "PAYLOAD_NOT_JSON",
      jsonArray: "FIELD_TYPE",
      noDev: "FIELD_MISSING",
      devNumber: "FIELD_TYPE",
      smokeString: "FIELD_TYPE",
      batteryString: "FIELD_TYPE",
      tsString: "FIELD_TYPE",
      nanLiteral: "PAYLOAD_NOT_JSON",
      infiniteTemp: "VALUE_NOT_FINITE",
      tsFarFuture: "TS_IN_FUTURE",
      tsFarPast: "TS_TOO_OLD",
      tsMilliseconds: "TS_IN_FUTURE",
      otherDevice: "DEVICE_MISMATCH",
      unknownType: "PAYLOAD_UNKNOWN_FRAME",
      nothingMeasured: "FIELD_MISSING",
      empty: "PAYLOAD_NOT_JSON",
    });
  });

  it("refuses a 1 MB message before parsing it, and a topic it does not serve", () => {
    const h = createDriverHarness(driver, { start: T0 });
    const huge = JSON.stringify({ dev: "SD-001", smoke: false, pad: "x".repeat(1024 * 1024) });
    expect(h.feed(topic, huge).rejected.map((r) => r.code)).toEqual(["PAYLOAD_TOO_LARGE"]);
    const h2 = createDriverHarness(driver, { start: T0, maxPayloadBytes: 4 * 1024 * 1024 });
    expect(h2.feed(topic, huge).rejected.map((r) => r.code)).toEqual(["PAYLOAD_TOO_LARGE"]); // the driver's own limit
    expect(h.feed("anju/340700/SD-001/ota", good.report).rejected.map((r) => r.code)).toEqual(["TOPIC_UNSUPPORTED"]);
  });
});

describe("smoke-json driver: default alarm rules", () => {
  it("smoke is a critical alarm raised once and cleared by the next clear report", () => {
    const h = createDriverHarness(driver, { start: T0 });
    h.feed(topic, good.report);
    const raised = h.feed(topic, good.smokeAlarm, at(61)).alarms;
    expect(raised).toEqual([expect.objectContaining({ type: "raise", ruleId: "smoke", severity: "critical", deviceCode: "SD-001", ts: at(60), value: true })]);
    expect(raised[0].title["zh-CN"]).toBe("烟雾报警");
    expect(h.feed(topic, good.smokeAlarm, at(62)).alarms).toEqual([]); // a repeated alarm message is not a second alarm
    expect(summary(h.feed(topic, good.smokeCleared, at(361)).alarms)).toEqual(["clear:smoke@360s"]);
  });

  it("low battery below 20 % is minor and does not flap between 19 and 24 %", () => {
    const h = createDriverHarness(driver, { start: T0 });
    const battery = (sec: number, pct: number) => h.feed(topic, { dev: "SD-001", ts: recorded.t0 + sec, battery: pct }, at(sec)).alarms;
    const all = [...battery(0, 21), ...battery(300, 19), ...battery(600, 21), ...battery(900, 19), ...battery(1200, 24), ...battery(1500, 26)];
    expect(summary(all)).toEqual(["raise:low-battery@300s", "clear:low-battery@1500s"]);
    expect(all[0].severity).toBe("minor");
  });

  it("a temperature of 57 °C or more must last 30 s before the heat alarm", () => {
    const h = createDriverHarness(driver, { start: T0 });
    const temp = (sec: number, c: number) => h.feed(topic, { dev: "SD-001", ts: recorded.t0 + sec, temp: c }, at(sec)).alarms;
    expect(summary([...temp(0, 58), ...temp(10, 40), ...temp(20, 60), ...temp(40, 61)])).toEqual([]);
    expect(summary(h.advance(10_000))).toEqual(["raise:heat@50s"]);
  });

  it("the tamper switch three times in ten minutes is an alarm; once is not", () => {
    const h = createDriverHarness(driver, { start: T0 });
    // Spread over more than ten minutes, the first two never meet the third in one window.
    const tamper = (sec: number) => h.feed(topic, { dev: "SD-001", ts: recorded.t0 + sec, tamper: true }, at(sec)).alarms.filter((a) => a.ruleId !== "offline");
    expect(summary([...tamper(0), ...tamper(500), ...tamper(700)])).toEqual([]);
    expect(summary(tamper(900))).toEqual(["raise:tamper-repeated@900s"]);
  });

  it("offline after 600 s without a message, cleared by the next heartbeat", () => {
    const h = createDriverHarness(driver, { start: T0 });
    h.feed(topic, good.report);
    expect(h.advance(599_000)).toEqual([]);
    expect(summary(h.advance(1_000))).toEqual(["raise:offline@600s"]);
    expect(summary(h.feed(topic, good.heartbeat, at(601)).alarms)).toEqual(["clear:offline@600s"]);
  });
});
