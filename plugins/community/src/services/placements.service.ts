/**
 * `community.placements.*`: where a registered device (core/devices owns the registry; a device
 * sits at a community's node) is in its community — a building and optionally a unit. The
 * device must be registered at the community's node; the building and unit must be that
 * community's (a unit of another building than the one named is refused). One placement per
 * device; setting it again moves the device.
 */
import type { Context, ServiceSchema } from "moleculer";
import { hostOf, scopedRepository } from "@anju/kernel";
import { CommunityServices } from "../actions.js";
import { CommunityPermissions as P } from "../constants.js";
import { BuildingEntity, PlacementEntity, UnitEntity, type PlacementRow } from "../entities/index.js";
import { CommunityErrors } from "../errors.js";
import { requireRegistered } from "./device-registry.js";
import { action, guardUnique, now } from "./helpers.js";
import { withNames } from "./names.js";
import { checkReference, communityOf } from "./references.js";
import { id, object, optionalId } from "./schema.js";

export type Placement = Pick<PlacementRow, "deviceCode" | "communityId" | "buildingId" | "unitId" | "jurisdictionCode">;

const deviceCode = { type: "string", pattern: "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$", maxLength: 64 } as const;

const present = (r: PlacementRow): Placement => ({ deviceCode: r.deviceCode, communityId: r.communityId, buildingId: r.buildingId, unitId: r.unitId, jurisdictionCode: r.jurisdictionCode });


export const placementsService: ServiceSchema = {
  name: CommunityServices.placements,
  actions: {
    /** One community's placements (without `communityId`: every placement in the caller's subtree, for the console). */
    list: action(P.read, {
      params: object({ communityId: id }),
      async handler(ctx: Context<{ communityId?: number }>) {
        const where = ctx.params.communityId === undefined ? {} : { communityId: (await communityOf(ctx, ctx.params.communityId)).id };
        const rows = await scopedRepository(ctx, PlacementEntity).find({ where, order: { communityId: "ASC", deviceCode: "ASC" } });
        return { items: await withNames(ctx, rows.map(present)) };
      },
    }),

    set: action(P.manage, {
      params: object({ deviceCode, buildingId: id, unitId: optionalId }, ["deviceCode", "buildingId"]),
      async handler(ctx: Context<{ deviceCode: string; buildingId: number; unitId?: number | null }>) {
        const p = ctx.params;
        // The building names the community (another jurisdiction's building: 404); the device
        // must be registered at that community's node.
        const building = await scopedRepository(ctx, BuildingEntity).getBy({ id: p.buildingId });
        const community = await communityOf(ctx, building.communityId);
        await requireRegistered(hostOf(ctx.broker).ds, community.jurisdictionCode, p.deviceCode);
        const unit = await checkReference(ctx, UnitEntity, "unitId", p.unitId, community.id);
        if (unit && unit.buildingId !== p.buildingId) throw CommunityErrors.COMMUNITY_REFERENCE_INVALID({ field: "unitId", value: p.unitId });
        const repo = scopedRepository(ctx, PlacementEntity);
        const stamp = now();
        const existing = await repo.findOneBy({ deviceCode: p.deviceCode });
        const values = { communityId: community.id, buildingId: p.buildingId, unitId: unit?.id ?? null, updatedAt: stamp };
        const row = existing
          ? await repo.update({ deviceCode: p.deviceCode }, { ...values, jurisdictionCode: community.jurisdictionCode })
          : await guardUnique("deviceCode", p.deviceCode, () => repo.insert({ deviceCode: p.deviceCode, jurisdictionCode: community.jurisdictionCode, ...values, createdAt: stamp }));
        return present(row);
      },
    }),

    remove: action(P.manage, {
      params: object({ deviceCode }, ["deviceCode"]),
      async handler(ctx: Context<{ deviceCode: string }>) {
        const repo = scopedRepository(ctx, PlacementEntity);
        const row = await repo.findOneBy({ deviceCode: ctx.params.deviceCode });
        if (!row) throw CommunityErrors.COMMUNITY_PLACEMENT_NOT_FOUND({ code: ctx.params.deviceCode });
        await repo.delete({ deviceCode: row.deviceCode });
        return { removed: row.deviceCode };
      },
    }),
  },
};
