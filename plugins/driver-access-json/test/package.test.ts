/**
 * The package as the host sees it: its manifest passes the kernel's check, and its entry runs
 * in a real driver process under the supervisor, decoding a recorded message.
 */
import path from "node:path";
// The host's own supervisor (inside this repository; a vendor's package tests with the harness only).
import { DriverSupervisor, driverSpecOf } from "../../../core/devices/src/runtime/index.js";
import { readPluginPackage } from "@anju/kernel";
import { afterAll, describe, expect, it } from "vitest";
import recorded from "./fixtures/messages.json";

const sup = new DriverSupervisor();
afterAll(() => sup.stopAll());

describe("driver-access-json package", () => {
  const pkg = readPluginPackage(path.resolve(__dirname, ".."));

  it("declares itself a driver by anju-samples with its entry", () => {
    expect(pkg.manifest).toMatchObject({ id: "driver-access-json", kind: "driver", vendor: "anju-samples", driver: { entry: "src/driver.ts" } });
  });

  it("runs in a driver process: the hello carries the access controller profile, a recorded message decodes, a broken one is rejected", async () => {
    const status = await sup.start(driverSpecOf(pkg));
    expect(status).toMatchObject({ driverId: "access-json", state: "running" });
    expect(status.profiles.map((p) => [p.id, p.category])).toEqual([["access-controller", "access-controller"]]);
    const profile = status.profiles[0];
    // The recorded messages carry the controller's own time: received shortly after it.
    const receivedAt = recorded.t0 * 1000 + 2_000;
    const { readings, rejected } = await sup.decode(pkg.manifest.id, [
      { topic: recorded.topic, payload: Buffer.from(recorded.good.status), receivedAt },
      { topic: recorded.topic, payload: Buffer.from(recorded.bad.truncatedJson), receivedAt },
    ], () => profile);
    expect(readings.map((r) => [r.resource, r.value])).toEqual([["door-open", false], ["tamper", false]]);
    expect(rejected).toEqual([expect.objectContaining({ code: "PAYLOAD_NOT_JSON" })]);
  });
});
