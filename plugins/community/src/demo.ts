/**
 * `demo(ctx)`: seeds the demo registry under the demo jurisdictions the CLI created (the first
 * street of 合肥市 340100 and of 铜陵市 340700). Everything goes through the plugin's own
 * actions, so the demo data obeys the same rules as user data. Idempotent: a street that
 * already has communities is left alone.
 */
import type { DemoContext } from "@anju/kernel";
import { hostOf, type Jurisdiction } from "@anju/kernel";
import { CommunityActions as A } from "./actions.js";
import { PLUGIN_ID } from "./constants.js";
import { DEMO_BY_CITY, type DemoCommunity } from "./demo-data.js";
import type { Page } from "./services/helpers.js";

interface Created { id: number }

async function seedCommunity(ctx: DemoContext, street: Jurisdiction, spec: DemoCommunity): Promise<void> {
  const call = <T = Created>(action: string, params: Record<string, unknown>) => ctx.call<T>(action, params, street.code);
  const { buildings, facilities, devices, accessPoints, authorisations = [], accessEvents = [], ...fields } = spec;
  const community = await call(A.communities.create, { ...fields, streetCode: street.code });
  const units = new Map<string, { building: number; unit?: number }>();
  for (const b of buildings) {
    const building = await call(A.buildings.create, { communityId: community.id, name: b.name, floors: b.floors });
    units.set(b.name, { building: building.id });
    for (const u of b.units) {
      const unit = await call(A.units.create, { buildingId: building.id, name: u });
      units.set(`${b.name}/${u}`, { building: building.id, unit: unit.id });
    }
  }
  const facilityIds = new Map<string, number>();
  for (const { key, ...f } of facilities) facilityIds.set(key, (await call(A.facilities.create, { communityId: community.id, ...f })).id);
  const deviceIds = new Map<string, number>();
  for (const { facility, ...d } of devices) {
    deviceIds.set(d.serialNo, (await call(A.devices.create, { communityId: community.id, facilityId: facilityIds.get(facility), ...d })).id);
  }
  const pointIds = new Map<string, number>();
  for (const { building, unit, device, ...ap } of accessPoints) {
    const place = building ? units.get(unit ? `${building}/${unit}` : building) : undefined;
    const created = await call(A.accessPoints.create, {
      communityId: community.id, ...ap,
      buildingId: place?.building ?? null, unitId: place?.unit ?? null, deviceId: device ? deviceIds.get(device) ?? null : null,
    });
    pointIds.set(ap.name, created.id);
  }
  const yesterday = new Date(Date.now() - 86_400_000).toISOString();
  for (const { unit, ...a } of authorisations) {
    await call(A.authorisations.grant, { communityId: community.id, ...a, unitId: unit ? units.get(unit)?.unit ?? null : null, validFrom: yesterday });
  }
  if (accessEvents.length) {
    const now = Date.now();
    await call(A.accessEvents.record, {
      communityId: community.id,
      events: accessEvents.map(({ id, accessPoint, minutesAgo, ...e }) => ({ sourceEventId: id, accessPointId: pointIds.get(accessPoint), occurredAt: now - minutesAgo * 60_000, ...e })),
    });
  }
}

export async function seedDemo(ctx: DemoContext): Promise<void> {
  const host = hostOf(ctx.broker);
  const streets = (await host.jurisdictions.list()).filter((j) => j.level === "street");
  for (const [city, communities] of Object.entries(DEMO_BY_CITY)) {
    const street = streets.find((s) => s.path.includes(`/${city}/`));
    if (!street) continue;
    if (!host.plugins.cache.isEnabled(PLUGIN_ID, street.code)) {
      host.logger.warn(`社区插件未在 ${street.code} 启用，跳过演示数据 / community plugin not enabled at ${street.code}; demo skipped there`);
      continue;
    }
    const existing = await ctx.call<Page<unknown>>(A.communities.list, { streetCode: street.code, pageSize: 1 }, street.code);
    if (existing.total > 0) continue;
    for (const spec of communities) await seedCommunity(ctx, street, spec);
  }
}
