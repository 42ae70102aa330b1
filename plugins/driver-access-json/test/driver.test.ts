import { createDriverHarness } from "@anju/sdk/driver-testing";
import { describe, expect, it } from "vitest";
import driver, { ACCESS_CONTROLLER_PROFILE } from "../src/index.js";
import recorded from "./fixtures/messages.json";

const { topic, good, bad } = recorded;
const T0 = recorded.t0 * 1000;
const at = (sec: number) => T0 + sec * 1000;
const summary = (alarms: Array<{ type: string; ruleId: string; ts: number }>) => alarms.map((a) => `${a.type}:${a.ruleId}@${(a.ts - T0) / 1000}s`);

describe("access-json driver: decoding recorded messages", () => {
  it("is an access controller: the category the host counts it under", () => {
    expect(driver.profiles).toEqual([ACCESS_CONTROLLER_PROFILE]);
    expect(ACCESS_CONTROLLER_PROFILE).toMatchObject({ id: "access-controller", category: "access-controller" });
  });

  it("turns a status message into door and tamper readings with the controller's time", () => {
    const h = createDriverHarness(driver, { start: T0 + 2_000 });
    const { readings, rejected, alarms } = h.feed(topic, good.status);
    expect(rejected).toEqual([]);
    expect(alarms).toEqual([]);
    expect(readings).toEqual([
      { deviceCode: "AC-001", ts: T0, resource: "door-open", value: false, quality: "good" },
      { deviceCode: "AC-001", ts: T0, resource: "tamper", value: false, quality: "good" },
    ]);
    expect(h.feed(topic, good.doorOpened).readings).toEqual([{ deviceCode: "AC-001", ts: at(30), resource: "door-open", value: true, quality: "good" }]);
  });

  it("reads 1/0 flags of old firmware and uses the receive time when the controller has no clock", () => {
    const h = createDriverHarness(driver, { start: T0 + 5_000 });
    expect(h.feed(topic, good.oldFirmwareFlags).readings.map((r) => [r.resource, r.value])).toEqual([["door-open", true], ["tamper", false]]);
    expect(h.feed(topic, good.noClock).readings).toEqual([expect.objectContaining({ resource: "door-open", value: false, ts: T0 + 5_000 })]);
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
      doorWord: "FIELD_TYPE",
      doorNumber: "FIELD_TYPE",
      tamperString: "FIELD_TYPE",
      tsString: "FIELD_TYPE",
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
    const huge = JSON.stringify({ dev: "AC-001", door: "open", pad: "x".repeat(1024 * 1024) });
    expect(h.feed(topic, huge).rejected.map((r) => r.code)).toEqual(["PAYLOAD_TOO_LARGE"]);
    const h2 = createDriverHarness(driver, { start: T0, maxPayloadBytes: 4 * 1024 * 1024 });
    expect(h2.feed(topic, huge).rejected.map((r) => r.code)).toEqual(["PAYLOAD_TOO_LARGE"]); // the driver's own limit
    expect(h.feed("anju/340700/AC-001/passage", good.status).rejected.map((r) => r.code)).toEqual(["TOPIC_UNSUPPORTED"]);
  });
});

describe("access-json driver: default alarm rules", () => {
  it("the tamper switch is a major alarm raised once and cleared when the switch closes", () => {
    const h = createDriverHarness(driver, { start: T0 });
    h.feed(topic, good.status);
    const raised = h.feed(topic, good.tampered, at(61)).alarms;
    expect(raised).toEqual([expect.objectContaining({ type: "raise", ruleId: "tamper", severity: "major", deviceCode: "AC-001", ts: at(60), value: true })]);
    expect(raised[0].title["zh-CN"]).toBe("门禁控制器被拆动");
    expect(h.feed(topic, good.tampered, at(62)).alarms).toEqual([]); // a repeated message is not a second alarm
    expect(summary(h.feed(topic, good.tamperRestored, at(241)).alarms)).toEqual(["clear:tamper@240s"]);
  });

  it("an open door is a reading, not an alarm (intrusion is judged from access events, not the door contact)", () => {
    const h = createDriverHarness(driver, { start: T0 });
    expect(h.feed(topic, good.doorOpened, at(31)).alarms).toEqual([]);
  });

  it("offline after 300 s without a message, cleared by the next heartbeat", () => {
    const h = createDriverHarness(driver, { start: T0 });
    h.feed(topic, good.status);
    expect(h.advance(299_000)).toEqual([]);
    expect(summary(h.advance(1_000))).toEqual(["raise:offline@300s"]);
    expect(summary(h.feed(topic, good.heartbeat, at(601)).alarms)).toEqual(["clear:offline@600s"]);
  });
});
