/**
 * The package as the host sees it: its manifest passes the kernel's check, and its entry runs
 * in a real driver process under the supervisor, decoding recorded messages of each device type.
 */
import path from "node:path";
// The host's own supervisor (inside this repository; a vendor's package tests with the harness only).
import { DriverSupervisor, driverSpecOf } from "../../../core/devices/src/runtime/index.js";
import { readPluginPackage } from "@anju/kernel";
import { afterAll, describe, expect, it } from "vitest";
import recorded from "./fixtures/messages.json";

const sup = new DriverSupervisor();
afterAll(() => sup.stopAll());

describe("driver-fire-iot-json package", () => {
  const pkg = readPluginPackage(path.resolve(__dirname, ".."));

  it("declares itself a driver by anju-samples with its entry", () => {
    expect(pkg.manifest).toMatchObject({ id: "driver-fire-iot-json", kind: "driver", vendor: "anju-samples", driver: { entry: "src/driver.ts" } });
  });

  it("runs in a driver process: the hello carries the three profiles, recorded messages decode per profile, a message for another profile is rejected", async () => {
    const status = await sup.start(driverSpecOf(pkg));
    expect(status).toMatchObject({ driverId: "fire-iot-json", state: "running" });
    expect(status.profiles.map((p) => p.id)).toEqual(["electricity-monitor", "transmission-device", "elevator-terminal"]);
    const byPrefix = new Map([["EM", status.profiles[0]], ["UT", status.profiles[1]], ["EL", status.profiles[2]]]);
    const receivedAt = recorded.t0 * 1000 + 2_000;
    const msg = (topic: string, text: string) => ({ topic, payload: Buffer.from(text), receivedAt });
    const { readings, rejected } = await sup.decode(pkg.manifest.id, [
      msg(recorded.topics.elec, recorded.good.elecReport),
      msg(recorded.topics.uitd, recorded.good.uitdHeartbeat),
      msg(recorded.topics.lift, recorded.good.liftReport),
      msg(recorded.topics.elec, recorded.bad.liftOnElecDevice),
      msg(recorded.topics.elec, recorded.bad.truncatedJson),
    ], (code) => byPrefix.get(code.slice(0, 2)));
    expect(readings.map((r) => `${r.deviceCode}:${r.resource}=${r.value}`)).toEqual([
      "EM-001:residual-current=35", "EM-001:line-temperature=31.5", "EM-001:current=18.2", "EM-001:load=56.9",
      "UT-001:fire=false", "UT-001:fault=false",
      "EL-001:trapped=false", "EL-001:fault=false", "EL-001:floor=7", "EL-001:door-open=false",
    ]);
    expect(rejected.map((r) => r.code)).toEqual(["RESOURCE_UNKNOWN", "PAYLOAD_NOT_JSON"]);
  });
});
