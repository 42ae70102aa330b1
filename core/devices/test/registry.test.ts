/**
 * The device registry over HTTP: a device sits in a community of the caller's subtree; another
 * jurisdiction's device is "not found"; codes are unique; every change is audited; a driver
 * must know the profile.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDbKinds } from "@anju/kernel/testing";
import { C, DRIVER, startDevicesNode, TREE, type DevicesNode } from "./helpers.js";

describe.each(testDbKinds())("device registry (%s)", (kind) => {
  let node: DevicesNode;
  beforeAll(async () => { node = await startDevicesNode(kind); }, 60_000);
  afterAll(async () => { await node?.close(); });

  const device = (code: string, extra: Record<string, unknown> = {}) =>
    ({ code, name: "1号消防栓水压", driverPluginId: DRIVER, profileId: "pressure-sensor", ...extra });

  it("an operator registers a device in their community; it is listed and read back", async () => {
    const made = await node.api("operator", "POST", "/api/devices", device("HP-0001"));
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    expect(made.body).toMatchObject({ code: "HP-0001", jurisdiction: C.yhCommunity, state: "unknown", lastSeenAt: null });
    const listed = await node.api("admin", "GET", "/api/devices");
    expect(listed.body.items.map((d: { code: string }) => d.code)).toContain("HP-0001");
    const got = await node.api("police", "GET", "/api/devices/HP-0001");
    expect(got.status).toBe(200);
    const audit = await node.n.host.ds.query("SELECT result, jurisdiction FROM anju_audit WHERE action = 'devices.device.register' AND object = 'HP-0001'");
    expect(audit).toEqual([{ result: "success", jurisdiction: C.yhCommunity }]);
  });

  it("another jurisdiction's device is not found, and cannot be changed", async () => {
    const made = await node.api("admin", "POST", "/api/devices", device("HP-0002", { jurisdiction: C.yhCommunity }));
    expect(made.status).toBe(200);
    const seen = await node.api("tlOperator", "GET", "/api/devices/HP-0002");
    expect(seen.status).toBe(404);
    expect(seen.body.error.code).toBe("DEVICE_NOT_FOUND");
    const changed = await node.api("tlOperator", "PUT", "/api/devices/HP-0002", { name: "改名" });
    expect([403, 404]).toContain(changed.status);
    const listed = await node.api("tlOperator", "GET", "/api/devices");
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([]);
  });

  it("a device cannot be placed outside the caller's subtree or above a community", async () => {
    const foreign = await node.api("admin", "POST", "/api/devices", device("HP-0003", { jurisdiction: C.tgCommunity }));
    expect(foreign.status).toBe(422);
    expect(foreign.body.error.code).toBe("DEVICE_JURISDICTION_INVALID");
    const county = await node.api("admin", "POST", "/api/devices", device("HP-0004", { jurisdiction: TREE.yaohai }), "en");
    expect(county.status).toBe(422);
    expect(county.body.error.message).toContain("community");
    expect(await node.count("anju_device", "code IN ('HP-0003', 'HP-0004')")).toBe(0);
  });

  it("a code is unique, and the profile must be one the driver announced", async () => {
    const again = await node.api("operator", "POST", "/api/devices", device("HP-0001"));
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("DEVICE_CODE_TAKEN");
    const badProfile = await node.api("operator", "POST", "/api/devices", device("HP-0005", { profileId: "no-such-profile" }));
    expect(badProfile.status).toBe(422);
    expect(badProfile.body.error.code).toBe("DEVICE_DRIVER_UNKNOWN");
  });

  it("a community police officer may read but not register; the change is refused", async () => {
    const res = await node.api("police", "POST", "/api/devices", device("HP-0006"));
    expect(res.status).toBe(403);
    expect(await node.count("anju_device", "code = 'HP-0006'")).toBe(0);
  });

  it("an update renames the device and is audited", async () => {
    const res = await node.api("operator", "PUT", "/api/devices/HP-0001", { name: "1号消防栓（东门）" });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.name).toBe("1号消防栓（东门）");
    expect(await node.count("anju_audit", "action = 'devices.device.update' AND object = 'HP-0001'")).toBe(1);
  });
});
