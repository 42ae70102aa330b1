/**
 * Registered devices (core/devices codes) in the registry: an access point names the device at
 * it, and a device gets a building and unit. Both must be a device registered at the
 * community's own node.
 */
import { describe, expect, it } from "vitest";
import { testDbKinds } from "@anju/kernel/testing";
import { CommunityActions as A } from "../src/actions.js";
import { TREE, communityInput, registerDevices, useCommunityHost } from "./helpers.js";

describe.each(testDbKinds())("device placements and access point devices on %s", (kind) => {
  const h = useCommunityHost(kind);

  it("places a registered device in a building and unit of its own community, and refuses anything else", async () => {
    const c = await h.call(A.communities.create, communityInput("安装位置小区"));
    const other = await h.call(A.communities.create, communityInput("隔壁小区"));
    const b1 = await h.call(A.buildings.create, { communityId: c.id, name: "1号楼" });
    const b2 = await h.call(A.buildings.create, { communityId: c.id, name: "2号楼" });
    const u1 = await h.call(A.units.create, { buildingId: b1.id, name: "1单元" });
    const ob = await h.call(A.buildings.create, { communityId: other.id, name: "1号楼" });
    const [smoke, door, neighbour] = [`SMOKE-${kind}`, `DOOR-${kind}`, `NB-${kind}`];
    await registerDevices(h.host, [{ code: smoke, jurisdiction: c.jurisdictionCode }, { code: door, jurisdiction: c.jurisdictionCode }, { code: neighbour, jurisdiction: other.jurisdictionCode }]);

    expect(await h.call(A.placements.set, { deviceCode: smoke, buildingId: b1.id, unitId: u1.id })).toEqual({ deviceCode: smoke, communityId: c.id, buildingId: b1.id, unitId: u1.id, jurisdictionCode: c.jurisdictionCode });
    await h.call(A.placements.set, { deviceCode: door, buildingId: b2.id });
    // Setting again moves the device.
    await h.call(A.placements.set, { deviceCode: smoke, buildingId: b2.id });
    expect((await h.call(A.placements.list, { communityId: c.id })).items).toEqual([
      { deviceCode: door, communityId: c.id, buildingId: b2.id, unitId: null, jurisdictionCode: c.jurisdictionCode, communityName: c.name, buildingName: "2号楼", unitName: null },
      { deviceCode: smoke, communityId: c.id, buildingId: b2.id, unitId: null, jurisdictionCode: c.jurisdictionCode, communityName: c.name, buildingName: "2号楼", unitName: null },
    ]);
    // A unit of another building; a device of another community; an unknown device; another jurisdiction's building.
    await expect(h.call(A.placements.set, { deviceCode: smoke, buildingId: b2.id, unitId: u1.id })).rejects.toMatchObject({ type: "COMMUNITY_REFERENCE_INVALID", data: { field: "unitId" } });
    await expect(h.call(A.placements.set, { deviceCode: neighbour, buildingId: b1.id })).rejects.toMatchObject({ type: "COMMUNITY_DEVICE_NOT_REGISTERED", code: 422 });
    await expect(h.call(A.placements.set, { deviceCode: "NOPE-1", buildingId: b1.id })).rejects.toMatchObject({ type: "COMMUNITY_DEVICE_NOT_REGISTERED" });
    await expect(h.call(A.placements.set, { deviceCode: neighbour, buildingId: ob.id }, TREE.tongling)).rejects.toMatchObject({ code: 404 });
    await expect(h.call(A.placements.list, { communityId: c.id }, TREE.tongling)).rejects.toMatchObject({ code: 404 });
    // Read-only roles cannot place devices.
    await expect(h.call(A.placements.set, { deviceCode: door, buildingId: b1.id }, TREE.hefei, ["community-police"])).rejects.toMatchObject({ type: "COMMUNITY_FORBIDDEN" });
    await h.call(A.placements.remove, { deviceCode: door });
    await expect(h.call(A.placements.remove, { deviceCode: door })).rejects.toMatchObject({ type: "COMMUNITY_PLACEMENT_NOT_FOUND", code: 404 });
    expect((await h.call(A.placements.list, { communityId: c.id })).items.map((p: { deviceCode: string }) => p.deviceCode)).toEqual([smoke]);
    // A placed building is in use.
    await expect(h.call(A.buildings.remove, { id: b2.id })).rejects.toMatchObject({ code: 409 });
  });

  it("an access point names a device registered at its community's node", async () => {
    const c = await h.call(A.communities.create, communityInput("门禁设备小区"));
    const other = await h.call(A.communities.create, communityInput("门禁设备隔壁小区"));
    await registerDevices(h.host, [{ code: `AC-${kind}`, jurisdiction: c.jurisdictionCode }, { code: `AC2-${kind}`, jurisdiction: other.jurisdictionCode }]);
    const gate = await h.call(A.accessPoints.create, { communityId: c.id, name: "东门", kind: "pedestrian-gate", credentials: ["card"], deviceCode: `AC-${kind}` });
    expect(gate.deviceCode).toBe(`AC-${kind}`);
    await expect(h.call(A.accessPoints.create, { communityId: c.id, name: "西门", kind: "pedestrian-gate", credentials: ["card"], deviceCode: `AC2-${kind}` }))
      .rejects.toMatchObject({ type: "COMMUNITY_DEVICE_NOT_REGISTERED", data: { code: `AC2-${kind}` } });
    await expect(h.call(A.accessPoints.update, { id: gate.id, deviceCode: "GHOST" })).rejects.toMatchObject({ type: "COMMUNITY_DEVICE_NOT_REGISTERED" });
    expect((await h.call(A.accessPoints.update, { id: gate.id, deviceCode: null })).deviceCode).toBeNull();
  });
});
