/** Buildings (楼栋) of a community; each carries its community's jurisdiction code. */
import type { Context, ServiceSchema } from "moleculer";
import { scopedRepository } from "@anju/kernel";
import { CommunityServices } from "../actions.js";
import { CommunityPermissions } from "../constants.js";
import { AccessPointEntity, AuthorisationEntity, BuildingEntity, PlacementEntity, UnitEntity, type BuildingRow } from "../entities/index.js";
import { CommunityErrors } from "../errors.js";
import { action, cleanAll, definedOnly, dependents, guardUnique, newRow, now, pageOf, type PageParams } from "./helpers.js";
import { withNames } from "./names.js";
import { communityOf, visibleCommunity } from "./references.js";
import { byId, id, name, object, paging } from "./schema.js";

const floors = { type: ["integer", "null"], minimum: 1, maximum: 300 };

export const buildingsService: ServiceSchema = {
  name: CommunityServices.buildings,
  actions: {
    list: action(CommunityPermissions.read, {
      params: object({ ...paging, communityId: id }),
      async handler(ctx: Context<PageParams & { communityId?: number }>) {
        // A community out of reach is "not found", not an empty list.
        await visibleCommunity(ctx, ctx.params.communityId);
        const page = await pageOf(scopedRepository(ctx, BuildingEntity), definedOnly({ communityId: ctx.params.communityId }), ctx.params);
        return { ...page, items: await withNames(ctx, page.items as Array<Record<string, unknown>>) };
      },
    }),

    get: action(CommunityPermissions.read, {
      params: byId,
      async handler(ctx: Context<{ id: number }>) {
        return scopedRepository(ctx, BuildingEntity).getBy({ id: ctx.params.id });
      },
    }),

    create: action(CommunityPermissions.manage, {
      params: object({ communityId: id, name, floors }, ["communityId", "name"]),
      async handler(ctx: Context<{ communityId: number; name: string; floors?: number | null }>) {
        const p = cleanAll(ctx.params, ["name"]);
        const community = await communityOf(ctx, p.communityId);
        const repo = scopedRepository(ctx, BuildingEntity);
        if (await repo.findOneBy({ communityId: community.id, name: p.name })) throw CommunityErrors.COMMUNITY_DUPLICATE({ field: "name", value: p.name });
        const stamp = now();
        return guardUnique("name", p.name, () => repo.insert(newRow<BuildingRow>({
          jurisdictionCode: community.jurisdictionCode, communityId: community.id, name: p.name, floors: p.floors ?? null, createdAt: stamp, updatedAt: stamp,
        })));
      },
    }),

    update: action(CommunityPermissions.manage, {
      params: object({ id, name, floors }, ["id"]),
      async handler(ctx: Context<{ id: number; name?: string; floors?: number | null }>) {
        const { id: rowId, ...patch } = cleanAll(ctx.params, ["name"]);
        const repo = scopedRepository(ctx, BuildingEntity);
        const current = await repo.getBy({ id: rowId });
        if (patch.name && patch.name !== current.name && await repo.findOneBy({ communityId: current.communityId, name: patch.name })) {
          throw CommunityErrors.COMMUNITY_DUPLICATE({ field: "name", value: patch.name });
        }
        return guardUnique("name", patch.name, () => repo.update({ id: rowId }, { ...definedOnly(patch), updatedAt: now() }));
      },
    }),

    remove: action(CommunityPermissions.manage, {
      params: byId,
      async handler(ctx: Context<{ id: number }>) {
        const repo = scopedRepository(ctx, BuildingEntity);
        const row = await repo.getBy({ id: ctx.params.id });
        const summary = dependents({
          units: await scopedRepository(ctx, UnitEntity).count({ buildingId: row.id }),
          accessPoints: await scopedRepository(ctx, AccessPointEntity).count({ buildingId: row.id }),
          placements: await scopedRepository(ctx, PlacementEntity).count({ buildingId: row.id }),
          authorisations: await scopedRepository(ctx, AuthorisationEntity).count({ buildingId: row.id }),
        });
        if (summary) throw CommunityErrors.COMMUNITY_IN_USE({ summary });
        await repo.delete({ id: row.id });
        return { removed: row.id };
      },
    }),
  },
};
