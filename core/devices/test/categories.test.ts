/**
 * Device categories (#8): a device takes its profile's category when registered or moved to
 * another profile, gets it back when its driver announces its profiles, and is counted per
 * community and category in a jurisdiction's subtree — another subtree is "not found".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineDriver, type DeviceProfile } from "@anju/sdk/driver";
import { testDbKinds } from "@anju/kernel/testing";
import { C, DRIVER, newDrivers, registerDevice, startDevicesNode, telemetry, topicOf, TREE, waitFor, type DevicesNode, type Publisher } from "./helpers.js";

const SMOKE = "driver-test-smoke";
const title = (zh: string, en: string) => ({ "zh-CN": zh, en });
const profiles: DeviceProfile[] = [
  { id: "smoke", title: title("烟感", "Smoke detector"), category: "smoke-detector", resources: [{ name: "smoke", kind: "boolean" }], alarmRules: [] },
  { id: "gadget", title: title("未分类设备", "Uncategorised gadget"), resources: [{ name: "smoke", kind: "boolean" }], alarmRules: [] },
];
const smokeDriver = defineDriver({ id: "test-smoke", protocol: "mqtt-json", profiles, decode: () => [] });

describe.each(testDbKinds())("device categories (%s)", (kind) => {
  let node: DevicesNode;
  let pub: Publisher;
  beforeAll(async () => {
    node = await startDevicesNode(kind, { drivers: newDrivers().add(SMOKE, smokeDriver) });
    for (const code of ["WP-1", "WP-2"]) await registerDevice(node, code);
    await registerDevice(node, "WP-TG", C.tgCommunity);
    for (const [code, profileId] of [["SD-1", "smoke"], ["SD-2", "smoke"], ["GD-1", "gadget"]]) {
      const res = await node.api("operator", "POST", "/api/devices", { code, name: `设备 ${code}`, driverPluginId: SMOKE, profileId });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    pub = await node.publisher();
  }, 60_000);
  afterAll(async () => { await node?.close(); });

  const counts = async (user: "operator" | "admin" | "tlOperator", jurisdiction?: string) =>
    node.api(user, "GET", `/api/devices/categories/counts${jurisdiction ? `?jurisdiction=${jurisdiction}` : ""}`);

  it("a registered device shows its profile's category; a profile without one shows none", async () => {
    expect((await node.api("operator", "GET", "/api/devices/WP-1")).body).toMatchObject({ code: "WP-1", category: "water-pressure" });
    expect((await node.api("operator", "GET", "/api/devices/SD-1")).body.category).toBe("smoke-detector");
    expect((await node.api("operator", "GET", "/api/devices/GD-1")).body.category).toBeNull();
    const listed = await node.api("operator", "GET", "/api/devices");
    expect(Object.fromEntries(listed.body.items.map((d: { code: string; category: string | null }) => [d.code, d.category])))
      .toMatchObject({ "WP-1": "water-pressure", "SD-2": "smoke-detector", "GD-1": null });
  });

  it("counts devices per community and category in the caller's subtree, with how many are online", async () => {
    await pub.publishAsync(topicOf(C.yhCommunity, "WP-1"), telemetry({ pressure: 0.3 }));
    await waitFor("WP-1 online", async () => (await node.api("operator", "GET", "/api/devices/WP-1")).body.state === "online");
    const own = await counts("operator");
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect(own.body.items).toEqual([
      { jurisdictionCode: C.yhCommunity, category: "other", total: 1, online: 0 },
      { jurisdictionCode: C.yhCommunity, category: "smoke-detector", total: 2, online: 0 },
      { jurisdictionCode: C.yhCommunity, category: "water-pressure", total: 2, online: 1 },
    ]);
    // Hefei's admin sees the same (瑶海区's community), not Tongling's; a street below is allowed.
    expect((await counts("admin")).body.items).toEqual(own.body.items);
    expect((await counts("admin", C.yhStreet)).body.items).toEqual(own.body.items);
    expect((await counts("tlOperator")).body.items).toEqual([{ jurisdictionCode: C.tgCommunity, category: "water-pressure", total: 1, online: 0 }]);
    // The action as another plugin calls it (the system acting for a county).
    const viaCall = await node.n.host.call("devices.registry.countByCategory", { jurisdiction: TREE.tongguan }, { principal: { id: "system", kind: "system" }, jurisdiction: null });
    expect(viaCall).toEqual({ items: [{ jurisdictionCode: C.tgCommunity, category: "water-pressure", total: 1, online: 0 }] });
  });

  it("a jurisdiction outside the caller's subtree is not found", async () => {
    for (const [user, j] of [["admin", TREE.tongguan], ["operator", C.yhStreet], ["tlOperator", C.yhCommunity], ["operator", "999999"]] as const) {
      const res = await counts(user, j);
      expect(res.status, `${user} → ${j}`).toBe(404);
      expect(res.body.error.code).toBe("JURISDICTION_NOT_FOUND");
    }
  });

  it("a device moved to another profile takes that profile's category", async () => {
    const moved = await node.api("operator", "PUT", "/api/devices/GD-1", { profileId: "smoke" });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.category).toBe("smoke-detector");
    const back = await node.api("operator", "PUT", "/api/devices/GD-1", { profileId: "gadget" });
    expect(back.body.category).toBeNull();
  });

  it("devices registered before categories existed get theirs when the driver announces its profiles", async () => {
    await node.n.host.ds.query("UPDATE anju_device SET category = NULL WHERE code IN ('WP-1', 'WP-TG', 'SD-1')");
    expect((await node.api("operator", "GET", "/api/devices/WP-1")).body.category).toBeNull();
    for (const s of node.drivers.status()) await node.rt.profilesAnnounced(s.pluginId, s.profiles);
    expect((await node.api("operator", "GET", "/api/devices/WP-1")).body.category).toBe("water-pressure");
    expect((await node.api("tlOperator", "GET", "/api/devices/WP-TG")).body.category).toBe("water-pressure");
    expect((await node.api("operator", "GET", "/api/devices/SD-1")).body.category).toBe("smoke-detector");
    // A new driver version that drops a category clears it on its devices.
    await node.rt.profilesAnnounced(DRIVER, [{ ...node.drivers.status()[0].profiles[0], category: undefined }]);
    expect((await node.api("operator", "GET", "/api/devices/WP-2")).body.category).toBeNull();
  });
});
