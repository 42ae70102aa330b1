/**
 * Devices of a community: vendor, model, serial / machine code (exchanged upward per Y2), the
 * facility they serve, and their last reported link state (drivers update it; H3 alarms on it).
 */
import type { Context, ServiceSchema } from "moleculer";
import { scopedRepository } from "@anju/kernel";
import { CommunityServices } from "../actions.js";
import { CommunityPermissions, ONLINE_STATES, type OnlineState } from "../constants.js";
import { AccessPointEntity, DeviceEntity, FacilityEntity, type DeviceRow } from "../entities/index.js";
import { CommunityErrors } from "../errors.js";
import { action, cleanAll, definedOnly, dependents, guardUnique, newRow, now, pageOf, type PageParams } from "./helpers.js";
import { withNames } from "./names.js";
import { checkReference, communityOf, visibleCommunity } from "./references.js";
import { byId, enumOf, id, name, object, optionalId, optionalText, paging, text } from "./schema.js";

interface DeviceFields { name: string; vendor: string; model?: string | null; serialNo: string; facilityId?: number | null; onlineState?: OnlineState }
interface ListParams extends PageParams { communityId?: number; facilityId?: number; onlineState?: OnlineState }

const TEXT_FIELDS = ["name", "vendor", "model"] as const;
/** Serial numbers and machine codes: letters, digits and the separators vendors use. */
const serialNo = { type: "string", pattern: "^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$", maxLength: 64 };
const fields = { name, vendor: text(100), model: optionalText(100), serialNo, facilityId: optionalId, onlineState: enumOf(ONLINE_STATES) };

/** A state change to online records when the device was last seen. */
function seen(state: OnlineState | undefined): { lastSeenAt?: Date } {
  return state === "online" ? { lastSeenAt: now() } : {};
}

export const devicesService: ServiceSchema = {
  name: CommunityServices.devices,
  actions: {
    list: action(CommunityPermissions.read, {
      params: object({ ...paging, communityId: id, facilityId: id, onlineState: fields.onlineState }),
      async handler(ctx: Context<ListParams>) {
        const { communityId, facilityId, onlineState } = ctx.params;
        // A community out of reach is "not found", not an empty list.
        await visibleCommunity(ctx, communityId);
        const page = await pageOf(scopedRepository(ctx, DeviceEntity), definedOnly({ communityId, facilityId, onlineState }), ctx.params);
        return { ...page, items: await withNames(ctx, page.items as Array<Record<string, unknown>>) };
      },
    }),

    get: action(CommunityPermissions.read, {
      params: byId,
      async handler(ctx: Context<{ id: number }>) {
        return scopedRepository(ctx, DeviceEntity).getBy({ id: ctx.params.id });
      },
    }),

    create: action(CommunityPermissions.manage, {
      params: object({ communityId: id, ...fields }, ["communityId", "name", "vendor", "serialNo"]),
      async handler(ctx: Context<DeviceFields & { communityId: number }>) {
        const p = cleanAll(ctx.params, TEXT_FIELDS);
        const community = await communityOf(ctx, p.communityId);
        await checkReference(ctx, FacilityEntity, "facilityId", p.facilityId, community.id);
        const repo = scopedRepository(ctx, DeviceEntity);
        if (await repo.findOneBy({ communityId: community.id, serialNo: p.serialNo })) throw CommunityErrors.COMMUNITY_DUPLICATE({ field: "serialNo", value: p.serialNo });
        const stamp = now();
        const state = p.onlineState ?? "unknown";
        return guardUnique("serialNo", p.serialNo, () => repo.insert(newRow<DeviceRow>({
          jurisdictionCode: community.jurisdictionCode, communityId: community.id, facilityId: p.facilityId ?? null,
          name: p.name, vendor: p.vendor, model: p.model ?? null, serialNo: p.serialNo, onlineState: state,
          lastSeenAt: null, ...seen(state), createdAt: stamp, updatedAt: stamp,
        })));
      },
    }),

    update: action(CommunityPermissions.manage, {
      params: object({ id, ...fields }, ["id"]),
      async handler(ctx: Context<Partial<DeviceFields> & { id: number }>) {
        const { id: rowId, ...patch } = cleanAll(ctx.params, TEXT_FIELDS);
        const repo = scopedRepository(ctx, DeviceEntity);
        const current = await repo.getBy({ id: rowId });
        await checkReference(ctx, FacilityEntity, "facilityId", patch.facilityId, current.communityId);
        if (patch.serialNo && patch.serialNo !== current.serialNo && await repo.findOneBy({ communityId: current.communityId, serialNo: patch.serialNo })) {
          throw CommunityErrors.COMMUNITY_DUPLICATE({ field: "serialNo", value: patch.serialNo });
        }
        return guardUnique("serialNo", patch.serialNo, () => repo.update({ id: rowId }, { ...definedOnly(patch), ...seen(patch.onlineState), updatedAt: now() }));
      },
    }),

    remove: action(CommunityPermissions.manage, {
      params: byId,
      async handler(ctx: Context<{ id: number }>) {
        const repo = scopedRepository(ctx, DeviceEntity);
        const row = await repo.getBy({ id: ctx.params.id });
        const summary = dependents({ accessPoints: await scopedRepository(ctx, AccessPointEntity).count({ deviceId: row.id }) });
        if (summary) throw CommunityErrors.COMMUNITY_IN_USE({ summary });
        await repo.delete({ id: row.id });
        return { removed: row.id };
      },
    }),
  },
};
