import { describe, expect, it } from "vitest";
import { testDbKinds } from "@anju/kernel/testing";
import { CommunityActions as A } from "../src/actions.js";
import { TREE, communityInput, rejectionOf, useCommunityHost } from "./helpers.js";

/** Names a person could paste, each of which must be refused before anything is written. */
const HOSTILE_NAMES = [
  "<script>alert(1)</script>",
  "阳光小区'; DROP TABLE community_community; --",
  "\"引号\"小区",
  "反引号`小区",
  "反斜杠\\小区",
  "响铃\u0007小区",
  "换行\n小区",
  "   ",
  "超".repeat(101),
];

describe.each(testDbKinds())("bad input on %s", (kind) => {
  const h = useCommunityHost(kind);

  async function counts() {
    return {
      communities: (await h.call(A.communities.list, {}, TREE.province)).total,
      nodes: (await h.host.jurisdictions.list()).length,
    };
  }

  it("refuses hostile or oversized community names with a coded error and persists nothing", async () => {
    const before = await counts();
    for (const name of HOSTILE_NAMES) {
      const err = await rejectionOf(h.call(A.communities.create, communityInput(name)));
      expect(err.type, JSON.stringify(name)).toBe("VALIDATION_FAILED");
      expect(err.code).toBe(422);
    }
    expect(await counts()).toEqual(before);
  });

  it("refuses wrong enums, wrong types, unknown fields and an unknown or non-street parent", async () => {
    const before = await counts();
    const cases: Array<[Record<string, unknown>, string]> = [
      [communityInput("枚举错误", { communityClass: "ancient" }), "VALIDATION_FAILED"],
      [communityInput("年份错误", { buildYear: "去年" }), "VALIDATION_FAILED"],
      [communityInput("年份越界", { buildYear: 1066 }), "VALIDATION_FAILED"],
      [communityInput("多余字段", { jurisdictionCode: TREE.tgStreet }), "VALIDATION_FAILED"],
      [communityInput("电话错误", { custodianPhone: "<b>110</b>" }), "VALIDATION_FAILED"],
      [communityInput("编码错误", { code: "34/01" }), "VALIDATION_FAILED"],
      [communityInput("地址注入", { address: "1号'); DELETE FROM anju_jurisdiction; --" }), "VALIDATION_FAILED"],
      [communityInput("无街道", { streetCode: undefined }), "VALIDATION_FAILED"],
      [communityInput("未知街道", { streetCode: "999999999" }), "COMMUNITY_STREET_NOT_FOUND"],
      [communityInput("区县不是街道", { streetCode: TREE.shushan }), "COMMUNITY_PARENT_NOT_STREET"],
      [communityInput("编码已存在", { code: TREE.sanlian }), "JURISDICTION_EXISTS"],
    ];
    for (const [params, type] of cases) {
      expect((await rejectionOf(h.call(A.communities.create, params))).type, String(params.name)).toBe(type);
    }
    expect(await counts()).toEqual(before);
  });

  it("refuses bad input on child records and writes nothing", async () => {
    const c = await h.call(A.communities.create, communityInput("坏输入小区"));
    const b = await h.call(A.buildings.create, { communityId: c.id, name: "1号楼" });
    const stats = await h.call(A.stats, { communityId: c.id });
    const bad: Array<[string, Record<string, unknown>]> = [
      [A.buildings.create, { communityId: c.id, name: "<img src=x onerror=alert(1)>" }],
      [A.buildings.create, { communityId: "abc", name: "2号楼" }],
      [A.units.create, { buildingId: b.id, name: "1单元", extra: true }],
      [A.facilities.create, { communityId: c.id, type: "video-surveillance", name: "监控", status: "broken" }],
      [A.facilities.create, { communityId: c.id, type: "video-surveillance", name: "监控", location: "x".repeat(201) }],
      [A.devices.create, { communityId: c.id, name: "摄像机", vendor: "海康威视", serialNo: "SN 1; DROP" }],
      [A.devices.create, { communityId: c.id, name: "摄像机", vendor: "海康\"威视", serialNo: "SN-1" }],
      [A.devices.create, { communityId: c.id, name: "摄像机", vendor: "海康威视", serialNo: "SN-1", onlineState: "sleepy" }],
      [A.accessPoints.create, { communityId: c.id, name: "南门", kind: "moat-bridge", credentials: ["card"] }],
      [A.accessPoints.create, { communityId: c.id, name: "南门", kind: "pedestrian-gate", credentials: "face" }],
    ];
    for (const [action, params] of bad) {
      const err = await rejectionOf(h.call(action, params));
      expect(err.type, `${action} ${JSON.stringify(params)}`).toBe("VALIDATION_FAILED");
    }
    expect(await h.call(A.stats, { communityId: c.id })).toEqual(stats);
    // A parent id that does not exist is "not found", like another jurisdiction's.
    await expect(h.call(A.buildings.create, { communityId: 987654, name: "9号楼" })).rejects.toMatchObject({ type: "TENANT_OUT_OF_SCOPE", code: 404 });
  });
});
