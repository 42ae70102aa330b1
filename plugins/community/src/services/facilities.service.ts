/** Security facilities of a community, typed by the K1 systems the jurisdiction registers. */
import type { Context, ServiceSchema } from "moleculer";
import { scopedRepository } from "@anju/kernel";
import { CommunityServices } from "../actions.js";
import { CommunityPermissions, FACILITY_STATUSES, FACILITY_TYPES, type FacilityStatus, type FacilityType } from "../constants.js";
import { DeviceEntity, FacilityEntity, type FacilityRow } from "../entities/index.js";
import { CommunityErrors } from "../errors.js";
import { checkFacilityType } from "../rules.js";
import { action, cleanAll, definedOnly, dependents, newRow, now, pageOf, settingsAt, type PageParams } from "./helpers.js";
import { withNames } from "./names.js";
import { communityOf, visibleCommunity } from "./references.js";
import { byId, date, enumOf, id, name, object, optionalText, paging } from "./schema.js";

interface FacilityFields { type: FacilityType; name: string; location?: string | null; status?: FacilityStatus; installedOn?: string | null }
interface ListParams extends PageParams { communityId?: number; type?: FacilityType; status?: FacilityStatus }

const TEXT_FIELDS = ["name", "location"] as const;
const fields = { type: enumOf(FACILITY_TYPES), name, location: optionalText(200), status: enumOf(FACILITY_STATUSES), installedOn: date };

export const facilitiesService: ServiceSchema = {
  name: CommunityServices.facilities,
  actions: {
    list: action(CommunityPermissions.read, {
      params: object({ ...paging, communityId: id, type: fields.type, status: fields.status }),
      async handler(ctx: Context<ListParams>) {
        const { communityId, type, status } = ctx.params;
        // A community out of reach is "not found", not an empty list.
        await visibleCommunity(ctx, communityId);
        const page = await pageOf(scopedRepository(ctx, FacilityEntity), definedOnly({ communityId, type, status }), ctx.params);
        return { ...page, items: await withNames(ctx, page.items as Array<Record<string, unknown>>) };
      },
    }),

    get: action(CommunityPermissions.read, {
      params: byId,
      async handler(ctx: Context<{ id: number }>) {
        return scopedRepository(ctx, FacilityEntity).getBy({ id: ctx.params.id });
      },
    }),

    create: action(CommunityPermissions.manage, {
      params: object({ communityId: id, ...fields }, ["communityId", "type", "name"]),
      async handler(ctx: Context<FacilityFields & { communityId: number }>) {
        const p = cleanAll(ctx.params, TEXT_FIELDS);
        const community = await communityOf(ctx, p.communityId);
        checkFacilityType(p.type, await settingsAt(ctx, community.jurisdictionCode));
        const stamp = now();
        return scopedRepository(ctx, FacilityEntity).insert(newRow<FacilityRow>({
          jurisdictionCode: community.jurisdictionCode, communityId: community.id, type: p.type, name: p.name,
          location: p.location ?? null, status: p.status ?? "normal", installedOn: p.installedOn ?? null, createdAt: stamp, updatedAt: stamp,
        }));
      },
    }),

    update: action(CommunityPermissions.manage, {
      params: object({ id, ...fields }, ["id"]),
      async handler(ctx: Context<Partial<FacilityFields> & { id: number }>) {
        const { id: rowId, ...patch } = cleanAll(ctx.params, TEXT_FIELDS);
        const repo = scopedRepository(ctx, FacilityEntity);
        const current = await repo.getBy({ id: rowId });
        if (patch.type && patch.type !== current.type) checkFacilityType(patch.type, await settingsAt(ctx, current.jurisdictionCode));
        return repo.update({ id: rowId }, { ...definedOnly(patch), updatedAt: now() });
      },
    }),

    remove: action(CommunityPermissions.manage, {
      params: byId,
      async handler(ctx: Context<{ id: number }>) {
        const repo = scopedRepository(ctx, FacilityEntity);
        const row = await repo.getBy({ id: ctx.params.id });
        const summary = dependents({ devices: await scopedRepository(ctx, DeviceEntity).count({ facilityId: row.id }) });
        if (summary) throw CommunityErrors.COMMUNITY_IN_USE({ summary });
        await repo.delete({ id: row.id });
        return { removed: row.id };
      },
    }),
  },
};
