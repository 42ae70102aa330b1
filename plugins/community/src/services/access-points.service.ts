/**
 * Access points (gates, barriers, unit doors) and the credentials each accepts. Credentials
 * are an array in the API and a canonical comma list in the table (see rules.ts). Whether a
 * face-only point is allowed is a city rule (Tongling T3), checked by that city's plugin.
 */
import type { Context, ServiceSchema } from "moleculer";
import { hostOf, scopedRepository } from "@anju/kernel";
import { CommunityServices } from "../actions.js";
import { ACCESS_POINT_KINDS, CREDENTIAL_TYPES, CommunityPermissions, type AccessPointKind, type CredentialType } from "../constants.js";
import { AccessPointEntity, BuildingEntity, DeviceEntity, UnitEntity, type AccessPointRow, type CommunityRow } from "../entities/index.js";
import { CommunityErrors } from "../errors.js";
import { decodeCredentials, encodeCredentials } from "../rules.js";
import { requireRegistered } from "./device-registry.js";
import { action, cleanAll, definedOnly, newRow, now, pageOf, type PageParams } from "./helpers.js";
import { withNames } from "./names.js";
import { checkReference, communityOf, visibleCommunity } from "./references.js";
import { byId, enumOf, id, name, object, optionalId, paging } from "./schema.js";

interface AccessPointFields {
  name: string; kind: AccessPointKind; credentials: CredentialType[];
  buildingId?: number | null; unitId?: number | null; deviceId?: number | null;
  /** A registered device of the device platform (core/devices code) at this point. */
  deviceCode?: string | null;
}
interface ListParams extends PageParams { communityId?: number; buildingId?: number; kind?: AccessPointKind }

const credentials = { type: "array", items: enumOf(CREDENTIAL_TYPES), minItems: 1, maxItems: CREDENTIAL_TYPES.length, uniqueItems: true };
const deviceCode = { type: ["string", "null"], pattern: "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$", maxLength: 64 };
const fields = { name, kind: enumOf(ACCESS_POINT_KINDS), credentials, buildingId: optionalId, unitId: optionalId, deviceId: optionalId, deviceCode };

export type AccessPoint = Omit<AccessPointRow, "credentials"> & { credentials: CredentialType[] };

export function present(row: AccessPointRow): AccessPoint {
  return { ...row, credentials: decodeCredentials(row.credentials) };
}

/**
 * Building, unit and device must belong to the access point's community; a unit implies its
 * building, and a unit of another building than the one given is refused. A device code must
 * be a device registered at the community's node (COMMUNITY_DEVICE_NOT_REGISTERED).
 */
async function placement(ctx: Context, community: CommunityRow, p: Partial<AccessPointFields>, current?: AccessPointRow) {
  const communityId = community.id;
  if (p.deviceCode) await requireRegistered(hostOf(ctx.broker).ds, community.jurisdictionCode, p.deviceCode);
  const buildingId = p.buildingId !== undefined ? p.buildingId : current?.buildingId ?? null;
  const unitId = p.unitId !== undefined ? p.unitId : current?.unitId ?? null;
  await checkReference(ctx, BuildingEntity, "buildingId", buildingId, communityId);
  const unit = await checkReference(ctx, UnitEntity, "unitId", unitId, communityId);
  if (unit && buildingId !== null && unit.buildingId !== buildingId) throw CommunityErrors.COMMUNITY_REFERENCE_INVALID({ field: "unitId", value: unitId });
  await checkReference(ctx, DeviceEntity, "deviceId", p.deviceId, communityId);
  return { buildingId: unit ? unit.buildingId : buildingId, unitId };
}

export const accessPointsService: ServiceSchema = {
  name: CommunityServices.accessPoints,
  actions: {
    list: action(CommunityPermissions.read, {
      params: object({ ...paging, communityId: id, buildingId: id, kind: fields.kind }),
      async handler(ctx: Context<ListParams>) {
        const { communityId, buildingId, kind } = ctx.params;
        // A community out of reach is "not found", not an empty list.
        await visibleCommunity(ctx, communityId);
        const page = await pageOf(scopedRepository(ctx, AccessPointEntity), definedOnly({ communityId, buildingId, kind }), ctx.params, present);
        return { ...page, items: await withNames(ctx, page.items as Array<Record<string, unknown>>) };
      },
    }),

    get: action(CommunityPermissions.read, {
      params: byId,
      async handler(ctx: Context<{ id: number }>) {
        return present(await scopedRepository(ctx, AccessPointEntity).getBy({ id: ctx.params.id }));
      },
    }),

    create: action(CommunityPermissions.manage, {
      params: object({ communityId: id, ...fields }, ["communityId", "name", "kind", "credentials"]),
      async handler(ctx: Context<AccessPointFields & { communityId: number }>) {
        const p = cleanAll(ctx.params, ["name"]);
        const community = await communityOf(ctx, p.communityId);
        const where = await placement(ctx, community, p);
        const stamp = now();
        const row = await scopedRepository(ctx, AccessPointEntity).insert(newRow<AccessPointRow>({
          jurisdictionCode: community.jurisdictionCode, communityId: community.id, ...where, deviceId: p.deviceId ?? null, deviceCode: p.deviceCode ?? null,
          name: p.name, kind: p.kind, credentials: encodeCredentials(p.credentials), createdAt: stamp, updatedAt: stamp,
        }));
        return present(row);
      },
    }),

    update: action(CommunityPermissions.manage, {
      params: object({ id, ...fields }, ["id"]),
      async handler(ctx: Context<Partial<AccessPointFields> & { id: number }>) {
        const { id: rowId, credentials: list, ...patch } = cleanAll(ctx.params, ["name"]);
        const repo = scopedRepository(ctx, AccessPointEntity);
        const current = await repo.getBy({ id: rowId });
        const where = await placement(ctx, await communityOf(ctx, current.communityId), patch, current);
        const changes: Partial<AccessPointRow> = { ...definedOnly(patch), ...where, updatedAt: now() };
        if (list) changes.credentials = encodeCredentials(list);
        return present(await repo.update({ id: rowId }, changes));
      },
    }),

    /** Replace the set of credentials an access point accepts. */
    setCredentials: action(CommunityPermissions.manage, {
      params: object({ id, credentials }, ["id", "credentials"]),
      async handler(ctx: Context<{ id: number; credentials: CredentialType[] }>) {
        const repo = scopedRepository(ctx, AccessPointEntity);
        return present(await repo.update({ id: ctx.params.id }, { credentials: encodeCredentials(ctx.params.credentials), updatedAt: now() }));
      },
    }),

    remove: action(CommunityPermissions.manage, {
      params: byId,
      async handler(ctx: Context<{ id: number }>) {
        const repo = scopedRepository(ctx, AccessPointEntity);
        const row = await repo.getBy({ id: ctx.params.id });
        await repo.delete({ id: row.id });
        return { removed: row.id };
      },
    }),
  },
};
