import { createDriverHarness } from "@anju/sdk/driver-testing";
import { describe, expect, it } from "vitest";
import driver from "../src/index.js";
import recorded from "./fixtures/messages.json";

const { topics, good, bad } = recorded;
const T0 = recorded.t0 * 1000;
const at = (sec: number) => T0 + sec * 1000;
const summary = (alarms: Array<{ type: string; ruleId: string; ts: number }>) => alarms.map((a) => `${a.type}:${a.ruleId}@${(a.ts - T0) / 1000}s`);
// The host knows each device's profile from its registry; here the code's prefix stands for it.
const profileOf = (code: string) => ({ EM: "electricity-monitor", UT: "transmission-device", EL: "elevator-terminal" })[code.slice(0, 2)];
const harness = (start = T0) => createDriverHarness(driver, { start, profileOf });

describe("fire-iot-json driver: decoding recorded messages", () => {
  it("an electricity monitor's report: residual current, the hottest line, current and load against the rated current", () => {
    const { readings, rejected, alarms } = harness(T0 + 2_000).feed(topics.elec, good.elecReport);
    expect(rejected).toEqual([]);
    expect(alarms).toEqual([]);
    expect(readings).toEqual([
      { deviceCode: "EM-001", ts: T0, resource: "residual-current", value: 35, unit: "mA", quality: "good" },
      { deviceCode: "EM-001", ts: T0, resource: "line-temperature", value: 31.5, unit: "°C", quality: "good" },
      { deviceCode: "EM-001", ts: T0, resource: "current", value: 18.2, unit: "A", quality: "good" },
      { deviceCode: "EM-001", ts: T0, resource: "load", value: 56.9, unit: "%", quality: "good" },
    ]);
  });

  it("a transmission device's fire and fault signals with their source; an elevator's state; 0/1 flags; no clock → receive time", () => {
    const h = harness(T0 + 100_000);
    expect(h.feed(topics.uitd, good.uitdFire).readings.map((r) => [r.resource, r.value])).toEqual([["fire", true], ["source", "01-023"]]);
    expect(h.feed(topics.uitd, good.uitdFault).readings.map((r) => [r.resource, r.value])).toEqual([["fault", true], ["source", "02-007"]]);
    expect(h.feed(topics.lift, good.liftReport).readings.map((r) => [r.resource, r.value])).toEqual([["trapped", false], ["fault", false], ["floor", 7], ["door-open", false]]);
    expect(h.feed(topics.lift, good.liftNoClock).readings).toEqual([expect.objectContaining({ resource: "floor", value: -1, ts: T0 + 100_000 })]);
  });

  it("refuses bad messages with a coded reason each, never by throwing", () => {
    const h = harness();
    const codes = Object.fromEntries(Object.entries(bad).map(([name, text]) => {
      const { readings, rejected } = h.feed(topics.elec, text);
      return [name, readings.length > 0 ? "ACCEPTED" : rejected.map((r) => r.code).join(",")];
    }));
    expect(codes).toEqual({
      notJson: "PAYLOAD_NOT_JSON",
      truncatedJson: "PAYLOAD_NOT_JSON",
      jsonArray: "FIELD_TYPE",
      noDev: "FIELD_MISSING",
      noCat: "FIELD_MISSING",
      unknownCat: "PAYLOAD_UNKNOWN_FRAME",
      residualString: "FIELD_TYPE",
      tempsNotList: "FIELD_TYPE",
      ratedZero: "FIELD_TYPE",
      fireString: "FIELD_TYPE",
      otherDevice: "DEVICE_MISMATCH",
      liftOnElecDevice: "RESOURCE_UNKNOWN",
      tsFarFuture: "TS_IN_FUTURE",
      tsMilliseconds: "TS_IN_FUTURE",
      infiniteResidual: "VALUE_NOT_FINITE",
      nothingMeasured: "FIELD_MISSING",
      empty: "PAYLOAD_NOT_JSON",
    });
  });

  it("refuses a 1 MB message before parsing it, and a topic it does not serve", () => {
    const h = harness();
    const huge = JSON.stringify({ dev: "EM-001", cat: "elec", residual: 1, pad: "x".repeat(1024 * 1024) });
    expect(h.feed(topics.elec, huge).rejected.map((r) => r.code)).toEqual(["PAYLOAD_TOO_LARGE"]);
    expect(h.feed("anju/361126/EM-001/cmd", good.elecReport).rejected.map((r) => r.code)).toEqual(["TOPIC_UNSUPPORTED"]);
  });
});

describe("fire-iot-json driver: default alarm rules (Y3 smart electricity, transmission devices; Y4 elevator terminals)", () => {
  it("Y3 residual current of 300 mA or more is major, raised once, and does not flap between 260 and 320 mA", () => {
    const h = harness();
    const leak = (sec: number, mA: number) => h.feed(topics.elec, { dev: "EM-001", ts: recorded.t0 + sec, cat: "elec", residual: mA }, at(sec)).alarms;
    const first = h.feed(topics.elec, good.elecLeak, at(61)).alarms;
    expect(first).toEqual([expect.objectContaining({ type: "raise", ruleId: "residual-current", severity: "major", value: 320, ts: at(60) })]);
    expect(first[0].title["zh-CN"]).toBe("剩余电流超限（300 mA 及以上）");
    const rest = [...leak(120, 260), ...leak(180, 310), ...leak(240, 290), ...leak(300, 255), ...leak(360, 240)];
    expect(summary(rest)).toEqual(["clear:residual-current@360s"]);
  });

  it("Y3 a line at 70 °C or more must stay there 60 s before the overheating alarm; a spike is nothing", () => {
    const h = harness();
    const temp = (sec: number, ...temps: number[]) => h.feed(topics.elec, { dev: "EM-001", ts: recorded.t0 + sec, cat: "elec", temps }, at(sec)).alarms;
    expect(summary([...temp(0, 30, 72, 31, 30), ...temp(30, 30, 45, 31, 30), ...temp(40, 71, 40, 30, 30), ...temp(90, 30, 30, 75, 30)])).toEqual([]);
    expect(summary(h.advance(10_000))).toEqual(["raise:line-temperature@100s"]);
    expect(summary(temp(120, 65, 30, 30, 30))).toEqual([]); // under 70 but not under 60: still hot
    expect(summary(temp(150, 55, 30, 30, 30))).toEqual(["clear:line-temperature@150s"]);
  });

  it("Y3 over-current: above 110 % of the rated current, cleared at 100 % or less", () => {
    const h = harness();
    const load = (sec: number, amps: number) => h.feed(topics.elec, { dev: "EM-001", ts: recorded.t0 + sec, cat: "elec", current: amps, rated: 32 }, at(sec)).alarms;
    expect(summary([...load(0, 30), ...h.feed(topics.elec, good.elecOverCurrent, at(121)).alarms, ...load(180, 33), ...load(240, 36), ...load(300, 31)]))
      .toEqual(["raise:over-current@120s", "clear:over-current@300s"]);
  });

  it("Y3 a fire signal from the transmission device is critical, a fault major; a repeated signal is not a second alarm; reset clears both", () => {
    const h = harness();
    h.feed(topics.uitd, good.uitdHeartbeat);
    const fire = h.feed(topics.uitd, good.uitdFire, at(61)).alarms;
    expect(fire).toEqual([expect.objectContaining({ type: "raise", ruleId: "fire", severity: "critical", deviceCode: "UT-001" })]);
    expect(h.feed(topics.uitd, good.uitdFire, at(62)).alarms).toEqual([]);
    expect(h.feed(topics.uitd, good.uitdFault, at(91)).alarms).toEqual([expect.objectContaining({ type: "raise", ruleId: "fault", severity: "major" })]);
    expect(summary(h.feed(topics.uitd, good.uitdReset, at(301)).alarms).sort()).toEqual(["clear:fault@300s", "clear:fire@300s"]);
  });

  it("Y4 a trapped passenger is critical until released; an elevator fault is major", () => {
    const h = harness();
    h.feed(topics.lift, good.liftReport);
    expect(h.feed(topics.lift, good.liftTrapped, at(61)).alarms).toEqual([expect.objectContaining({ type: "raise", ruleId: "trapped", severity: "critical", deviceCode: "EL-001" })]);
    expect(h.openAlarms().map((a) => a.ruleId)).toEqual(["trapped"]);
    expect(summary(h.feed(topics.lift, good.liftReleased, at(601)).alarms)).toEqual(["clear:trapped@600s"]);
    expect(h.feed(topics.lift, { dev: "EL-001", ts: recorded.t0 + 900, cat: "lift", fault: 1 }, at(900)).alarms)
      .toEqual([expect.objectContaining({ type: "raise", ruleId: "fault", severity: "major" })]);
  });

  it("each profile has its own offline time: 7 minutes for a transmission device, 10 for an elevator, 15 for an electricity monitor", () => {
    const h = harness();
    h.feed(topics.uitd, good.uitdHeartbeat);
    h.feed(topics.lift, good.liftReport);
    h.feed(topics.elec, good.elecReport);
    expect(summary(h.advance(420_000))).toEqual(["raise:offline@420s"]);
    expect(h.openAlarms().map((a) => a.deviceCode)).toEqual(["UT-001"]);
    expect(summary(h.advance(180_000))).toEqual(["raise:offline@600s"]);
    expect(summary(h.advance(300_000))).toEqual(["raise:offline@900s"]);
    expect(h.openAlarms().map((a) => a.deviceCode)).toEqual(["UT-001", "EL-001", "EM-001"]);
    expect(summary(h.feed(topics.uitd, { dev: "UT-001", ts: recorded.t0 + 901, cat: "uitd", type: "heartbeat", fire: false, fault: false }, at(901)).alarms)).toEqual(["clear:offline@901s"]);
  });
});
