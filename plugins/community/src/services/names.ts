/**
 * Names for the ids a list answers with: a person reads 「志敏花园 / 东门」, not 「4 / 9」. One
 * scoped query per referenced table and page (never per row); an id the caller cannot see stays
 * without a name rather than leaking one.
 */
import type { Context } from "moleculer";
import { In, type EntitySchema } from "typeorm";
import { scopedRepository } from "@anju/kernel";
import { AccessPointEntity, BuildingEntity, CommunityEntity, UnitEntity } from "../entities/index.js";

async function namesOf(ctx: Context, entity: EntitySchema<{ id: number; name: string }>, ids: Array<number | null | undefined>): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((v): v is number => typeof v === "number"))];
  if (!wanted.length) return new Map();
  const rows = await scopedRepository(ctx, entity).find({ where: { id: In(wanted) } as never, select: { id: true, name: true } as never });
  return new Map(rows.map((r) => [r.id, r.name]));
}

type Named = { communityId?: number | null; accessPointId?: number | null; buildingId?: number | null; unitId?: number | null };

/**
 * The rows with `communityName`, and `accessPointName` / `buildingName` / `unitName` where the
 * row has that reference (null when it has none or it is out of reach).
 */
export async function withNames<T extends Named | Record<string, unknown>>(ctx: Context, rows: T[]): Promise<Array<T & { communityName: string | null; accessPointName?: string | null; buildingName?: string | null; unitName?: string | null }>> {
  const has = (k: keyof Named) => rows.some((r) => k in r);
  const ref = (r: T, k: keyof Named) => (r as Named)[k];
  const [communities, points, buildings, units] = await Promise.all([
    namesOf(ctx, CommunityEntity as never, rows.map((r) => ref(r, "communityId"))),
    has("accessPointId") ? namesOf(ctx, AccessPointEntity as never, rows.map((r) => ref(r, "accessPointId"))) : new Map<number, string>(),
    has("buildingId") ? namesOf(ctx, BuildingEntity as never, rows.map((r) => ref(r, "buildingId"))) : new Map<number, string>(),
    has("unitId") ? namesOf(ctx, UnitEntity as never, rows.map((r) => ref(r, "unitId"))) : new Map<number, string>(),
  ]);
  const name = (m: Map<number, string>, v: number | null | undefined) => (typeof v === "number" ? m.get(v) ?? null : null);
  return rows.map((r) => ({
    ...r,
    communityName: name(communities, ref(r, "communityId")),
    ...("accessPointId" in r ? { accessPointName: name(points, ref(r, "accessPointId")) } : {}),
    ...("buildingId" in r ? { buildingName: name(buildings, ref(r, "buildingId")) } : {}),
    ...("unitId" in r ? { unitName: name(units, ref(r, "unitId")) } : {}),
  }));
}
