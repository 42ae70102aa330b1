/** `community.stats`: counts for dashboards, over the caller's subtree (or one community). */
import type { Context, ServiceSchema } from "moleculer";
import { scopedRepository } from "@anju/kernel";
import { CommunityServices } from "../actions.js";
import { COMMUNITY_CLASSES, CommunityPermissions, FACILITY_STATUSES, ONLINE_STATES } from "../constants.js";
import { AccessPointEntity, BuildingEntity, CommunityEntity, DeviceEntity, FacilityEntity, UnitEntity } from "../entities/index.js";
import { action, definedOnly } from "./helpers.js";
import { communityOf } from "./references.js";
import { id, object } from "./schema.js";

/** `{ old: n, "non-old": n, new: n }` from one count per value (indexed columns; a handful of queries). */
async function countBy<V extends string>(values: readonly V[], count: (value: V) => Promise<number>): Promise<Record<V, number>> {
  const out = {} as Record<V, number>;
  for (const v of values) out[v] = await count(v);
  return out;
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

export const summaryService: ServiceSchema = {
  name: CommunityServices.summary,
  actions: {
    stats: action(CommunityPermissions.read, {
      params: object({ communityId: id }),
      async handler(ctx: Context<{ communityId?: number }>) {
        const { communityId } = ctx.params;
        if (communityId !== undefined) await communityOf(ctx, communityId);
        const communities = scopedRepository(ctx, CommunityEntity);
        const facilities = scopedRepository(ctx, FacilityEntity);
        const devices = scopedRepository(ctx, DeviceEntity);
        const byCommunity = definedOnly({ communityId });
        const byClass = await countBy(COMMUNITY_CLASSES, (c) => communities.count(definedOnly({ id: communityId, communityClass: c })));
        const byStatus = await countBy(FACILITY_STATUSES, (status) => facilities.count({ ...byCommunity, status }));
        const byState = await countBy(ONLINE_STATES, (onlineState) => devices.count({ ...byCommunity, onlineState }));
        return {
          communities: { total: sum(byClass), byClass },
          buildings: await scopedRepository(ctx, BuildingEntity).count(byCommunity),
          units: await scopedRepository(ctx, UnitEntity).count(byCommunity),
          facilities: { total: sum(byStatus), byStatus },
          devices: { total: sum(byState), ...byState },
          accessPoints: await scopedRepository(ctx, AccessPointEntity).count(byCommunity),
        };
      },
    }),
  },
};
