/**
 * Y3/Y4: what makes a community "built to standard" and "enhanced". Perimeter, access control,
 * cameras and alarms come from the community registry; the fire-safety devices (and which
 * places the cameras see) are declared with a count and evidence until the device platform
 * counts them. Declaring and revoking are audited and move the community's level.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { testDbKinds } from "@anju/kernel/testing";
import { CommunityActions as C } from "@anju/plugin-community";
import { YiyangActions as A, YiyangAudit } from "../src/actions.js";
import { community, rejectionOf, ROLES, TREE, useYiyangHost } from "./helpers.js";

describe.each(testDbKinds())("Yiyang's standard on %s (Y3, Y4)", (kind) => {
  const h = useYiyangHost(kind);
  let c: { id: number; jurisdictionCode: string };
  const police = (action: string, params: Record<string, unknown>) => h.call(action, params, c.jurisdictionCode, ROLES.police, "police-7");
  const row = async () => (await h.call(A.progress.communities, { pageSize: 100 }, c.jurisdictionCode, ROLES.official)).items[0];

  beforeAll(async () => { c = await community(h, TREE.dieshan, { name: "叠山花园" }); });

  it("Y4: an empty community misses every item of the standard", async () => {
    expect(await row()).toMatchObject({ level: "none", built: false, missing: ["perimeter", "video-coverage", "access-control", "smoke-detectors", "electricity-monitors"] });
  });

  it("Y4: perimeter, cameras and access control come from the registry; a facility not yet accepted does not count; camera coverage also needs a declaration", async () => {
    const wall = await h.system<{ id: number }>(C.facilities.create, { communityId: c.id, type: "physical-protection", name: "围墙", status: "pending" }, TREE.dieshan);
    expect((await row()).missing).toContain("perimeter");
    await h.system(C.facilities.update, { id: wall.id, status: "normal" }, TREE.dieshan);
    const video = await h.system<{ id: number }>(C.facilities.create, { communityId: c.id, type: "video-surveillance", name: "监控", status: "normal" }, TREE.dieshan);
    await h.system(C.devices.create, { communityId: c.id, facilityId: video.id, name: "南门摄像机", vendor: "大华", serialNo: "DH-001" }, TREE.dieshan);
    await h.system(C.accessPoints.create, { communityId: c.id, name: "1栋1单元", kind: "unit-door", credentials: ["card"] }, TREE.dieshan);
    expect((await row()).missing).toEqual(["video-coverage", "smoke-detectors", "electricity-monitors"]);
    await police(A.declarations.create, { communityId: c.id, item: "video-coverage", quantity: 12, evidenceRef: "视频点位图 2021-10" });
    expect((await row()).missing).toEqual(["smoke-detectors", "electricity-monitors"]);
  });

  it("Y3: smoke detectors and electricity monitors are declared with a count; a count of zero does not count; then the community is built to standard", async () => {
    await police(A.declarations.create, { communityId: c.id, item: "smoke-detectors", quantity: 0, evidenceRef: "入户统计表" });
    expect((await row()).missing).toContain("smoke-detectors");
    const smoke = await police(A.declarations.create, { communityId: c.id, item: "smoke-detectors", quantity: 320, evidenceRef: "入户安装清单 2021-11" });
    await police(A.declarations.create, { communityId: c.id, item: "electricity-monitors", quantity: 40, evidenceRef: "沿街店铺安装清单" });
    const r = await row();
    expect(r).toMatchObject({ level: "standard", built: true, enhanced: false, missing: [] });
    expect(r.missingForEnhanced).toEqual(["household-alarm", "water-pressure-sensors", "transmission-device", "elevator-terminals"]);
    expect(r.items.find((i: { item: string }) => i.item === "smoke-detectors")).toMatchObject({ done: true, quantity: 320, declarationId: smoke.id });
    expect(h.audit.find((e) => e.action === YiyangAudit.declarationCreate && e.object === String(smoke.id))).toMatchObject({ userId: "police-7", jurisdiction: c.jurisdictionCode });
  });

  it("Y3/Y4: water pressure, the transmission device, elevator terminals and alarms make it enhanced; revoking a declaration takes it back", async () => {
    await h.system(C.facilities.create, { communityId: c.id, type: "household-alarm", name: "一键报警", status: "normal" }, TREE.dieshan);
    const declared: Array<{ id: number }> = [];
    for (const item of ["water-pressure-sensors", "transmission-device", "elevator-terminals"]) {
      declared.push(await police(A.declarations.create, { communityId: c.id, item, quantity: 2, evidenceRef: `验收单-${item}` }));
    }
    expect(await row()).toMatchObject({ level: "enhanced", enhanced: true, missingForEnhanced: [] });
    await police(A.declarations.revoke, { id: declared[1].id });
    expect(await row()).toMatchObject({ level: "standard", missingForEnhanced: ["transmission-device"] });
    expect((await rejectionOf(police(A.declarations.revoke, { id: declared[1].id }))).type).toBe("YIYANG_DECLARATION_REVOKED");
    expect(h.audit.some((e) => e.action === YiyangAudit.declarationRevoke && e.object === String(declared[1].id))).toBe(true);
  });

  it("Y3: items the registry decides take no declaration; another county's community is not found; residents cannot declare", async () => {
    const registryOnly = await rejectionOf(police(A.declarations.create, { communityId: c.id, item: "perimeter", quantity: 1, evidenceRef: "x" }));
    expect(registryOnly).toMatchObject({ type: "YIYANG_DECLARATION_NOT_NEEDED", status: 422 });
    const far = await community(h, TREE.yuganTown, { name: "余干花园" });
    expect((await rejectionOf(police(A.declarations.create, { communityId: far.id, item: "smoke-detectors", quantity: 1, evidenceRef: "x" }))).status).toBe(404);
    expect((await rejectionOf(h.call(A.declarations.create, { communityId: c.id, item: "smoke-detectors", quantity: 1, evidenceRef: "x" }, c.jurisdictionCode, ROLES.resident))).type).toBe("YIYANG_FORBIDDEN");
  });

  it("Y3/Y4: a county may move an item between the standard and the enhanced standard", async () => {
    await h.host.plugins.configure("yiyang-fire-safety", TREE.yiyang, { standard: ["perimeter", "video-coverage", "access-control", "smoke-detectors", "electricity-monitors", "transmission-device"] });
    expect(await row()).toMatchObject({ level: "none", built: false, missing: ["transmission-device"] });
    const std = await h.call(A.progress.standard, {}, TREE.yiyang, ROLES.official);
    expect(std.standard).toContain("transmission-device");
    expect(std.items.find((i: { item: string }) => i.item === "smoke-detectors")).toMatchObject({ rule: "Y3", registry: false, declaration: expect.objectContaining({ "zh-CN": expect.any(String) }) });
    await h.host.plugins.configure("yiyang-fire-safety", TREE.yiyang, { standard: ["perimeter", "video-coverage", "access-control", "smoke-detectors", "electricity-monitors"] });
  });

  it("Y4: a county may require face or plate capture at the entrances; a unit door with cards alone does not give it", async () => {
    const enhanced = ["household-alarm", "water-pressure-sensors", "transmission-device", "elevator-terminals"];
    await h.host.plugins.configure("yiyang-fire-safety", TREE.yiyang, { enhanced: [...enhanced, "entrance-capture"] });
    expect((await row()).missingForEnhanced).toContain("entrance-capture");
    await h.system(C.accessPoints.create, { communityId: c.id, name: "东门道闸", kind: "vehicle-barrier", credentials: ["plate"] }, TREE.dieshan);
    expect((await row()).missingForEnhanced).not.toContain("entrance-capture");
    await h.host.plugins.configure("yiyang-fire-safety", TREE.yiyang, { enhanced });
  });
});
