/** Units (单元) of a building: the level unit-entrance doors (T2) hang on. */
import type { Context, ServiceSchema } from "moleculer";
import { scopedRepository } from "@anju/kernel";
import { CommunityServices } from "../actions.js";
import { CommunityPermissions } from "../constants.js";
import { AccessPointEntity, AuthorisationEntity, BuildingEntity, PlacementEntity, UnitEntity, type UnitRow } from "../entities/index.js";
import { visibleCommunity } from "./references.js";
import { CommunityErrors } from "../errors.js";
import { action, cleanAll, definedOnly, dependents, guardUnique, newRow, now, pageOf, type PageParams } from "./helpers.js";
import { withNames } from "./names.js";
import { byId, id, name, object, paging } from "./schema.js";

const households = { type: ["integer", "null"], minimum: 0, maximum: 10000 };

export const unitsService: ServiceSchema = {
  name: CommunityServices.units,
  actions: {
    list: action(CommunityPermissions.read, {
      params: object({ ...paging, buildingId: id, communityId: id }),
      async handler(ctx: Context<PageParams & { buildingId?: number; communityId?: number }>) {
        const { buildingId, communityId } = ctx.params;
        // A community out of reach is "not found", not an empty list.
        await visibleCommunity(ctx, communityId);
        const page = await pageOf(scopedRepository(ctx, UnitEntity), definedOnly({ buildingId, communityId }), ctx.params);
        return { ...page, items: await withNames(ctx, page.items as Array<Record<string, unknown>>) };
      },
    }),

    get: action(CommunityPermissions.read, {
      params: byId,
      async handler(ctx: Context<{ id: number }>) {
        return scopedRepository(ctx, UnitEntity).getBy({ id: ctx.params.id });
      },
    }),

    create: action(CommunityPermissions.manage, {
      params: object({ buildingId: id, name, households }, ["buildingId", "name"]),
      async handler(ctx: Context<{ buildingId: number; name: string; households?: number | null }>) {
        const p = cleanAll(ctx.params, ["name"]);
        const building = await scopedRepository(ctx, BuildingEntity).getBy({ id: p.buildingId });
        const repo = scopedRepository(ctx, UnitEntity);
        if (await repo.findOneBy({ buildingId: building.id, name: p.name })) throw CommunityErrors.COMMUNITY_DUPLICATE({ field: "name", value: p.name });
        const stamp = now();
        return guardUnique("name", p.name, () => repo.insert(newRow<UnitRow>({
          jurisdictionCode: building.jurisdictionCode, communityId: building.communityId, buildingId: building.id,
          name: p.name, households: p.households ?? null, createdAt: stamp, updatedAt: stamp,
        })));
      },
    }),

    update: action(CommunityPermissions.manage, {
      params: object({ id, name, households }, ["id"]),
      async handler(ctx: Context<{ id: number; name?: string; households?: number | null }>) {
        const { id: rowId, ...patch } = cleanAll(ctx.params, ["name"]);
        const repo = scopedRepository(ctx, UnitEntity);
        const current = await repo.getBy({ id: rowId });
        if (patch.name && patch.name !== current.name && await repo.findOneBy({ buildingId: current.buildingId, name: patch.name })) {
          throw CommunityErrors.COMMUNITY_DUPLICATE({ field: "name", value: patch.name });
        }
        return guardUnique("name", patch.name, () => repo.update({ id: rowId }, { ...definedOnly(patch), updatedAt: now() }));
      },
    }),

    remove: action(CommunityPermissions.manage, {
      params: byId,
      async handler(ctx: Context<{ id: number }>) {
        const repo = scopedRepository(ctx, UnitEntity);
        const row = await repo.getBy({ id: ctx.params.id });
        const summary = dependents({
          accessPoints: await scopedRepository(ctx, AccessPointEntity).count({ unitId: row.id }),
          placements: await scopedRepository(ctx, PlacementEntity).count({ unitId: row.id }),
          authorisations: await scopedRepository(ctx, AuthorisationEntity).count({ unitId: row.id }),
        });
        if (summary) throw CommunityErrors.COMMUNITY_IN_USE({ summary });
        await repo.delete({ id: row.id });
        return { removed: row.id };
      },
    }),
  },
};
