/**
 * `demo(ctx)`: 弋阳县 361126 (上饶市, 江西省) with four communities in its first street, built to
 * different levels, so the county dashboard shows a mix: one enhanced old community, one built
 * to the standard, one missing its fire-safety items, one new community short of the enhanced
 * standard. Then a fire early-warning notice and a rental registration. 志敏花园 gets a building
 * with two units, a unit door, devices placed in them (when this node runs the device platform
 * with the smoke-detector sample driver) and access events: a forced unit door (Y4 intrusion)
 * and three refusals of an unknown card at the south gate within minutes (Y4 intrusion attempt),
 * so the board and the handling list show them. Everything goes through the plugins' own
 * actions, so the demo obeys the same rules as real use.
 *
 * Runs only where the county node exists and this plugin is enabled (the CLI's demo tree must
 * carry it); idempotent: a county that already has communities is left alone.
 */
import type { DemoContext } from "@anju/kernel";
import { hostOf } from "@anju/kernel";
import { DevicesActions } from "@anju/devices";
import { CommunityActions as C, type Page } from "@anju/plugin-community";
import { YiyangActions as A } from "./actions.js";
import { PLUGIN_ID, type StandardItem } from "./constants.js";
import { nowOf } from "./clock.js";

export const DEMO_COUNTY = "361126";

interface Created { id: number }
interface DemoSpec {
  name: string;
  buildYear: number;
  communityClass?: "new";
  facilities: Array<{ type: string; name: string; cameras?: number }>;
  accessPoints: Array<{ kind: string; name: string; credentials: string[] }>;
  declared: StandardItem[];
}

const ALL_DECLARED: StandardItem[] = ["video-coverage", "smoke-detectors", "electricity-monitors", "water-pressure-sensors", "transmission-device", "elevator-terminals"];
const BASE_FACILITIES = [
  { type: "physical-protection", name: "实体围墙" },
  { type: "video-surveillance", name: "视频监控系统", cameras: 2 },
];

const DEMO: DemoSpec[] = [
  {
    name: "志敏花园", buildYear: 1998, declared: ALL_DECLARED,
    facilities: [...BASE_FACILITIES, { type: "household-alarm", name: "一键报警" }],
    accessPoints: [{ kind: "pedestrian-gate", name: "南门人行闸机", credentials: ["face", "card", "id-card"] }],
  },
  {
    name: "弋江新村", buildYear: 1996, declared: ["video-coverage", "smoke-detectors", "electricity-monitors"],
    facilities: BASE_FACILITIES,
    accessPoints: [{ kind: "unit-door", name: "1栋1单元门禁", credentials: ["card", "face"] }],
  },
  {
    name: "龟峰小区", buildYear: 2008, declared: [],
    facilities: BASE_FACILITIES,
    accessPoints: [{ kind: "vehicle-barrier", name: "北门道闸", credentials: ["plate"] }],
  },
  {
    name: "叠山府", buildYear: 2021, communityClass: "new", declared: ["video-coverage", "smoke-detectors", "electricity-monitors"],
    facilities: [...BASE_FACILITIES, { type: "perimeter-electronic", name: "电子围栏" }],
    accessPoints: [{ kind: "pedestrian-gate", name: "东门人行闸机", credentials: ["face", "card"] }],
  },
];

export async function seedDemo(ctx: DemoContext): Promise<void> {
  const host = hostOf(ctx.broker);
  const county = await host.jurisdictions.find(DEMO_COUNTY);
  if (!county || !host.plugins.cache.isEnabled(PLUGIN_ID, DEMO_COUNTY)) return;
  const street = (await host.jurisdictions.list(DEMO_COUNTY)).find((j) => j.level === "street");
  if (!street) return;
  if ((await ctx.call<Page<unknown>>(C.communities.list, { pageSize: 1 }, DEMO_COUNTY)).total > 0) return;
  const call = <T = Created>(action: string, params: Record<string, unknown>) => ctx.call<T>(action, params, street.code);

  const ids: number[] = [];
  const gates: number[] = [];
  for (const spec of DEMO) {
    const community = await call(C.communities.create, {
      name: spec.name, streetCode: street.code, buildYear: spec.buildYear, ...(spec.communityClass ? { communityClass: spec.communityClass } : {}),
      address: `江西省上饶市弋阳县${spec.name}`, propertyCompany: "弋阳县安居物业有限公司", custodian: "弋阳县安居物业有限公司", maintainer: "弋阳县智安科技有限公司",
    });
    ids.push(community.id);
    for (const f of spec.facilities) {
      const facility = await call(C.facilities.create, { communityId: community.id, type: f.type, name: f.name, status: "normal", installedOn: "2021-09-30" });
      for (let i = 0; i < (f.cameras ?? 0); i++) {
        await call(C.devices.create, { communityId: community.id, facilityId: facility.id, name: `${spec.name}摄像机${i + 1}`, vendor: "海康威视", serialNo: `YY-${community.id}-${i + 1}` });
      }
    }
    for (const a of spec.accessPoints) gates.push((await call(C.accessPoints.create, { communityId: community.id, ...a })).id);
    for (const item of spec.declared) {
      await call(A.declarations.create, { communityId: community.id, item, quantity: item === "transmission-device" ? 1 : 24, evidenceRef: `验收记录 YY-2021-${community.id}-${item}` });
    }
  }

  await seedAccess(ctx, street.code, ids[0], gates[0]);

  const validUntil = new Date(nowOf(ctx.broker).getTime() + 7 * 24 * 3600_000).toISOString();
  await call(A.notices.publish, {
    communityId: ids[1], level: "warning", validUntil, title: "冬季用电防火提示",
    content: "近期气温骤降，请勿在楼道内为电动自行车充电，离家前关闭取暖设备电源。",
  });
  await call(A.rentals.create, {
    communityId: ids[1], address: "江西省上饶市弋阳县弋江新村2栋301室", landlordName: "王建国", landlordPhone: "13907930001",
    tenantName: "李晓梅", tenantIdNumber: "361126199001010028", tenantPhone: "13807930002", startsOn: "2026-09-01", endsOn: "2027-08-31",
  });
}

/** 志敏花园: 1栋 with two units, a unit door, placed devices (when the platform can register them), and Y4 access events. */
async function seedAccess(ctx: DemoContext, street: string, communityId: number, gateId: number): Promise<void> {
  const call = <T = Created>(action: string, params: Record<string, unknown>) => ctx.call<T>(action, params, street);
  const community = await call<{ id: number; jurisdictionCode: string }>(C.communities.get, { id: communityId });
  const building = await call(C.buildings.create, { communityId, name: "1栋", floors: 6 });
  const unit1 = await call(C.units.create, { buildingId: building.id, name: "1单元", households: 12 });
  await call(C.units.create, { buildingId: building.id, name: "2单元", households: 12 });
  const door = await call(C.accessPoints.create, { communityId, name: "1栋1单元门禁", kind: "unit-door", credentials: ["card", "face"], buildingId: building.id, unitId: unit1.id });
  // Smoke detectors in the unit and the stairwell: only where the device platform and the smoke sample driver run.
  const devices: Array<{ code: string; name: string; unitId: number | null }> = [
    { code: "YY-SD-0101", name: "1栋1单元101室烟感", unitId: unit1.id },
    { code: "YY-SD-0102", name: "1栋1单元102室烟感", unitId: unit1.id },
    { code: "YY-SD-0100", name: "1栋楼道烟感", unitId: null },
  ];
  for (const d of devices) {
    try {
      await ctx.call(DevicesActions.register, { code: d.code, name: d.name, jurisdiction: community.jurisdictionCode, driverPluginId: "driver-smoke-json", profileId: "smoke-detector" }, community.jurisdictionCode);
    } catch {
      break;
    }
    await call(C.placements.set, { deviceCode: d.code, buildingId: building.id, ...(d.unitId ? { unitId: d.unitId } : {}) });
  }
  const now = nowOf(ctx.broker).getTime();
  const at = (minutesAgo: number) => now - minutesAgo * 60_000;
  await call(C.accessEvents.record, {
    communityId, events: [
      { sourceEventId: "YY-DEMO-0001", accessPointId: door.id, kind: "passage", subject: "person", method: "none", outcome: "forced", occurredAt: at(25) },
      ...[12, 11, 10].map((m, i) => ({
        sourceEventId: `YY-DEMO-001${i + 1}`, accessPointId: gateId, kind: "passage", subject: "person", direction: "in", method: "card", outcome: "denied",
        credentialRef: "DEMO-CARD-9001", occurredAt: at(m),
      })),
      { sourceEventId: "YY-DEMO-0020", accessPointId: gateId, kind: "capture", subject: "person", direction: "in", method: "face", outcome: "granted", captureRef: "oss://zhimin/capture/20260901-0820.jpg", occurredAt: at(5) },
    ],
  });
}
