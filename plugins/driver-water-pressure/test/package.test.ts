/**
 * The package as the host sees it: its manifest passes the kernel's check, and its entry runs
 * in a real driver process under the supervisor, decoding a recorded frame.
 */
import path from "node:path";
// The host's own supervisor (inside this repository; a vendor's package tests with the harness only).
import { DriverSupervisor, driverSpecOf } from "../../../core/devices/src/runtime/index.js";
import { readPluginPackage } from "@anju/kernel";
import { hex } from "@anju/sdk/driver-testing";
import { afterAll, describe, expect, it } from "vitest";
import recorded from "./fixtures/frames.json";

const sup = new DriverSupervisor();
afterAll(() => sup.stopAll());

describe("driver-water-pressure package", () => {
  const pkg = readPluginPackage(path.resolve(__dirname, ".."));

  it("declares itself a driver by anju-samples with its entry", () => {
    expect(pkg.manifest).toMatchObject({ id: "driver-water-pressure", kind: "driver", vendor: "anju-samples", driver: { entry: "src/driver.ts" } });
  });

  it("runs in a driver process: the hello carries the Y3 profile, a recorded frame decodes, a corrupt one is rejected", async () => {
    const status = await sup.start(driverSpecOf(pkg));
    expect(status).toMatchObject({ driverId: "water-pressure", state: "running" });
    expect(status.profiles.map((p) => p.id)).toEqual(["water-pressure-y3"]);
    const profile = status.profiles[0];
    const receivedAt = Date.now();
    const { readings, rejected } = await sup.decode(pkg.manifest.id, [
      { topic: recorded.topic, payload: hex(recorded.frames.normal), receivedAt },
      { topic: recorded.topic, payload: hex(recorded.bad.badChecksum), receivedAt },
    ], () => profile);
    expect(readings[0]).toMatchObject({ deviceCode: "WP00010001", resource: "pressure", value: 0.35, unit: "MPa", quality: "good" });
    expect(rejected).toEqual([expect.objectContaining({ code: "PAYLOAD_CHECKSUM" })]);
  });
});
