import { describe, expect, it } from "vitest";
import { testDbKinds } from "@anju/kernel/testing";
import { CommunityActions as A } from "../src/actions.js";
import { FACILITY_TYPES } from "../src/constants.js";
import { TREE, communityInput, rejectionOf, useCommunityHost } from "./helpers.js";

describe.each(testDbKinds())("buildings, facilities, devices and access points on %s", (kind) => {
  const h = useCommunityHost(kind);

  it("buildings and units hang under a community and carry its jurisdiction code", async () => {
    const c = await h.call(A.communities.create, communityInput("楼栋测试小区"));
    const b = await h.call(A.buildings.create, { communityId: c.id, name: "1号楼", floors: 6 });
    const u = await h.call(A.units.create, { buildingId: b.id, name: "1单元", households: 12 });
    expect(b).toMatchObject({ communityId: c.id, jurisdictionCode: c.jurisdictionCode });
    expect(u).toMatchObject({ communityId: c.id, buildingId: b.id, jurisdictionCode: c.jurisdictionCode });
    await expect(h.call(A.buildings.create, { communityId: c.id, name: "1号楼" })).rejects.toMatchObject({ type: "COMMUNITY_DUPLICATE", code: 409 });
    expect((await h.call(A.buildings.update, { id: b.id, floors: 7 })).floors).toBe(7);
    expect((await h.call(A.units.list, { buildingId: b.id })).items.map((x: { name: string }) => x.name)).toEqual(["1单元"]);
    // The county above sees them; another city does not.
    expect((await h.call(A.units.get, { id: u.id }, TREE.shushan)).name).toBe("1单元");
    await expect(h.call(A.units.get, { id: u.id }, TREE.tongling)).rejects.toMatchObject({ type: "TENANT_OUT_OF_SCOPE" });
    await expect(h.call(A.buildings.remove, { id: b.id })).rejects.toMatchObject({ type: "COMMUNITY_IN_USE" });
    await h.call(A.units.remove, { id: u.id });
    await h.call(A.buildings.remove, { id: b.id });
    expect((await h.call(A.buildings.list, { communityId: c.id })).total).toBe(0);
  });

  it("K1: facilities take the nine facility types, limited by the jurisdiction's settings", async () => {
    const c = await h.call(A.communities.create, communityInput("设施测试小区"));
    for (const type of FACILITY_TYPES) {
      await h.call(A.facilities.create, { communityId: c.id, type, name: `设施-${type}`, location: "南门", installedOn: "2021-06-15" });
    }
    const list = await h.call(A.facilities.list, { communityId: c.id, pageSize: 100 });
    expect(list.total).toBe(FACILITY_TYPES.length);
    expect(list.items[0]).toMatchObject({ status: "normal", installedOn: "2021-06-15", location: "南门" });
    await expect(h.call(A.facilities.create, { communityId: c.id, type: "laser-moat", name: "激光护城河" })).rejects.toMatchObject({ type: "VALIDATION_FAILED" });
    await expect(h.call(A.facilities.create, { communityId: c.id, type: "video-surveillance", name: "x", installedOn: "2021-02-30" })).rejects.toMatchObject({ type: "VALIDATION_FAILED" });
    // A street that registers only video surveillance refuses the rest, naming K1.
    await h.host.plugins.configure("community", TREE.jinggang, { facilityTypes: ["video-surveillance"] });
    const jg = await h.call(A.communities.create, communityInput("井岗设施小区", { streetCode: TREE.jinggang }));
    const err = await rejectionOf(h.call(A.facilities.create, { communityId: jg.id, type: "household-alarm", name: "住户报警" }));
    expect(err).toMatchObject({ type: "COMMUNITY_FACILITY_TYPE_NOT_ALLOWED", code: 422, data: { rule: "K1", type: "household-alarm" } });
    await h.call(A.facilities.create, { communityId: jg.id, type: "video-surveillance", name: "视频监控" });
    // Status filter and update.
    const first = list.items[0];
    await h.call(A.facilities.update, { id: first.id, status: "fault" });
    const faults = await h.call(A.facilities.list, { communityId: c.id, status: "fault" });
    expect(faults.items.map((f: { id: number }) => f.id)).toEqual([first.id]);
  });

  it("devices record vendor, model and serial, and filter by online state", async () => {
    const c = await h.call(A.communities.create, communityInput("设备测试小区"));
    const f = await h.call(A.facilities.create, { communityId: c.id, type: "video-surveillance", name: "视频监控" });
    const cam = await h.call(A.devices.create, { communityId: c.id, facilityId: f.id, name: "南门枪机", vendor: "海康威视", model: "DS-2CD3T46WD", serialNo: "HK-0001", onlineState: "online" });
    const nvr = await h.call(A.devices.create, { communityId: c.id, facilityId: f.id, name: "录像机", vendor: "大华", serialNo: "DH-0002", onlineState: "offline" });
    await h.call(A.devices.create, { communityId: c.id, name: "未知设备", vendor: "宇视", serialNo: "UV-0003" });
    expect(cam.lastSeenAt).not.toBeNull();
    expect(nvr).toMatchObject({ onlineState: "offline", lastSeenAt: null, facilityId: f.id });
    const offline = await h.call(A.devices.list, { communityId: c.id, onlineState: "offline" });
    expect(offline.items.map((d: { serialNo: string }) => d.serialNo)).toEqual(["DH-0002"]);
    const online = await h.call(A.devices.list, { communityId: c.id, onlineState: "online" });
    expect(online.items.map((d: { serialNo: string }) => d.serialNo)).toEqual(["HK-0001"]);
    await h.call(A.devices.update, { id: nvr.id, onlineState: "online" });
    expect((await h.call(A.devices.list, { communityId: c.id, onlineState: "online" })).total).toBe(2);
    const stats = await h.call(A.stats, { communityId: c.id });
    expect(stats.devices).toEqual({ total: 3, online: 2, offline: 0, unknown: 1 });
    await expect(h.call(A.devices.create, { communityId: c.id, name: "重复", vendor: "海康威视", serialNo: "HK-0001" })).rejects.toMatchObject({ type: "COMMUNITY_DUPLICATE", data: { field: "serialNo" } });
    // A facility of another community cannot be referenced.
    const other = await h.call(A.communities.create, communityInput("另一个小区"));
    await expect(h.call(A.devices.create, { communityId: other.id, facilityId: f.id, name: "x", vendor: "y", serialNo: "Z-1" })).rejects.toMatchObject({ type: "COMMUNITY_REFERENCE_INVALID", data: { field: "facilityId" } });
    await expect(h.call(A.facilities.remove, { id: f.id })).rejects.toMatchObject({ type: "COMMUNITY_IN_USE" });
  });

  it("access points store their allowed credentials and list them back", async () => {
    const c = await h.call(A.communities.create, communityInput("门禁测试小区"));
    const b = await h.call(A.buildings.create, { communityId: c.id, name: "3号楼" });
    const u = await h.call(A.units.create, { buildingId: b.id, name: "2单元" });
    const gate = await h.call(A.accessPoints.create, { communityId: c.id, name: "南门人行通道", kind: "pedestrian-gate", credentials: ["id-card", "face", "card"] });
    // Stored in canonical order, whatever order they came in.
    expect(gate.credentials).toEqual(["face", "card", "id-card"]);
    const door = await h.call(A.accessPoints.create, { communityId: c.id, unitId: u.id, name: "3号楼2单元门", kind: "unit-door", credentials: ["face"] });
    expect(door).toMatchObject({ buildingId: b.id, unitId: u.id, credentials: ["face"] });
    const listed = await h.call(A.accessPoints.list, { communityId: c.id });
    expect(listed.items.map((a: { credentials: string[] }) => a.credentials)).toEqual([["face", "card", "id-card"], ["face"]]);
    const updated = await h.call(A.accessPoints.setCredentials, { id: door.id, credentials: ["card", "face", "qr", "password"] });
    expect(updated.credentials).toEqual(["face", "card", "qr", "password"]);
    expect((await h.call(A.accessPoints.get, { id: door.id })).credentials).toEqual(["face", "card", "qr", "password"]);
    const plate = await h.call(A.accessPoints.create, { communityId: c.id, name: "车行道闸", kind: "vehicle-barrier", credentials: ["plate"] });
    expect((await h.call(A.accessPoints.update, { id: plate.id, credentials: ["plate", "card"] })).credentials).toEqual(["card", "plate"]);
    await expect(h.call(A.accessPoints.setCredentials, { id: door.id, credentials: [] })).rejects.toMatchObject({ type: "VALIDATION_FAILED" });
    await expect(h.call(A.accessPoints.setCredentials, { id: door.id, credentials: ["retina"] })).rejects.toMatchObject({ type: "VALIDATION_FAILED" });
    await expect(h.call(A.accessPoints.setCredentials, { id: door.id, credentials: ["face", "face"] })).rejects.toMatchObject({ type: "VALIDATION_FAILED" });
    await expect(h.call(A.accessPoints.setCredentials, { id: door.id, credentials: ["card"] }, TREE.tongling)).rejects.toMatchObject({ code: 404 });
    // Listing the children of another jurisdiction's community: "not found", not an empty page.
    for (const list of [A.buildings.list, A.units.list, A.facilities.list, A.devices.list, A.accessPoints.list]) {
      await expect(h.call(list, { communityId: c.id }, TREE.tongling), list).rejects.toMatchObject({ code: 404 });
    }
    // A unit of another building than the one named is refused.
    const b2 = await h.call(A.buildings.create, { communityId: c.id, name: "4号楼" });
    await expect(h.call(A.accessPoints.create, { communityId: c.id, buildingId: b2.id, unitId: u.id, name: "错配", kind: "unit-door", credentials: ["card"] }))
      .rejects.toMatchObject({ type: "COMMUNITY_REFERENCE_INVALID", data: { field: "unitId" } });
    await expect(h.call(A.units.remove, { id: u.id })).rejects.toMatchObject({ type: "COMMUNITY_IN_USE" });
  });

  it("stats count by class and device state over the caller's subtree", async () => {
    const before = await h.call(A.stats, {}, TREE.shushan);
    await h.call(A.communities.create, communityInput("统计老小区", { buildYear: 1990 }));
    const after = await h.call(A.stats, {}, TREE.shushan);
    expect(after.communities.total).toBe(before.communities.total + 1);
    expect(after.communities.byClass.old).toBe(before.communities.byClass.old + 1);
    expect(after.communities.total).toBe((await h.call(A.communities.list, {}, TREE.shushan)).total);
    expect((await h.call(A.stats, {}, TREE.tongling)).communities.byClass.old).toBe(0);
  });

  it("a community police officer may read but not change the registry", async () => {
    const police = ["community-police"];
    expect((await h.call(A.communities.list, {}, TREE.hefei, police)).total).toBeGreaterThan(0);
    await expect(h.call(A.communities.create, communityInput("民警建的"), TREE.hefei, police)).rejects.toMatchObject({ type: "COMMUNITY_FORBIDDEN", code: 403 });
    await expect(h.call(A.communities.list, {}, TREE.hefei, [])).rejects.toMatchObject({ type: "COMMUNITY_FORBIDDEN" });
    const operator = await h.call(A.communities.create, communityInput("物业建的"), TREE.hefei, ["property-operator"]);
    expect(operator.name).toBe("物业建的");
  });
});
