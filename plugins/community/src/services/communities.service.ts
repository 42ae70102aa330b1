/**
 * Communities (小区): the registry's root record. Creating one adds its community-level
 * jurisdiction node under a street in the caller's subtree; the row's jurisdiction is that node.
 */
import type { Context, ServiceSchema } from "moleculer";
import { hostOf, KernelErrors, requireRequestContext, scopedRepository } from "@anju/kernel";
import { CommunityServices } from "../actions.js";
import { COMMUNITY_CLASSES, CommunityPermissions, type CommunityClass } from "../constants.js";
import { AccessEventEntity, AccessPointEntity, AuthorisationEntity, BuildingEntity, CommunityEntity, CommunityPi, DeviceEntity, FacilityEntity, PlacementEntity, type CommunityRow } from "../entities/index.js";
import { CommunityErrors } from "../errors.js";
import { checkCustodian, communityClassOf } from "../rules.js";
import { addCommunityNode, removeCommunityNode, resolveStreet } from "./community-node.js";
import { action, cleanAll, definedOnly, dependents, guardUnique, newRow, now, pageOf, settingsAt, type PageParams } from "./helpers.js";
import { byId, code, enumOf, id, name, object, optionalText, paging, phone, year } from "./schema.js";

interface CommunityFields {
  name: string;
  address?: string | null;
  communityClass?: CommunityClass;
  buildYear?: number | null;
  propertyCompany?: string | null;
  custodian?: string | null;
  custodianPhone?: string | null;
  maintainer?: string | null;
  maintainerPhone?: string | null;
}
interface CreateParams extends CommunityFields { streetCode?: string; parentCode?: string; code?: string }
type UpdateParams = Partial<CommunityFields> & { id: number };
interface ListParams extends PageParams { communityClass?: CommunityClass; streetCode?: string }

const TEXT_FIELDS = ["name", "address", "propertyCompany", "custodian", "custodianPhone", "maintainer", "maintainerPhone"] as const;

const fields = {
  name,
  address: optionalText(200),
  communityClass: enumOf(COMMUNITY_CLASSES),
  buildYear: { ...year, type: ["integer", "null"] },
  propertyCompany: optionalText(100),
  custodian: optionalText(100),
  custodianPhone: phone,
  maintainer: optionalText(100),
  maintainerPhone: phone,
};

/** API output: contact phones masked (H11); revealing one is the privacy service's audited unmask. */
const masked = (row: CommunityRow): CommunityRow => CommunityPi.mask(row);

export const communitiesService: ServiceSchema = {
  name: CommunityServices.communities,
  actions: {
    list: action(CommunityPermissions.read, {
      params: object({ ...paging, communityClass: enumOf(COMMUNITY_CLASSES), streetCode: code }),
      async handler(ctx: Context<ListParams>) {
        const { communityClass, streetCode } = ctx.params;
        return pageOf(scopedRepository(ctx, CommunityEntity), definedOnly({ communityClass, streetCode }), ctx.params, masked);
      },
    }),

    get: action(CommunityPermissions.read, {
      params: byId,
      async handler(ctx: Context<{ id: number }>) {
        return masked(await scopedRepository(ctx, CommunityEntity).getBy({ id: ctx.params.id }));
      },
    }),

    create: action(CommunityPermissions.manage, {
      params: object({ ...fields, streetCode: code, parentCode: code, code }, ["name"]),
      async handler(ctx: Context<CreateParams>) {
        const rc = requireRequestContext(ctx);
        const p = cleanAll(ctx.params, TEXT_FIELDS);
        const streetCode = p.streetCode ?? p.parentCode;
        if (!streetCode || (p.streetCode && p.parentCode && p.streetCode !== p.parentCode)) {
          throw KernelErrors.VALIDATION_FAILED({ summary: "streetCode is required", fields: [{ field: "streetCode", reason: "is required (or parentCode, the same street)", keyword: "required" }] });
        }
        const street = await resolveStreet(ctx, rc, streetCode);
        const settings = await settingsAt(ctx, street.code);
        const communityClass = communityClassOf(p.communityClass, p.buildYear, settings);
        checkCustodian(p, settings);
        // The system acting for no jurisdiction (CLI, demo) works within the street it named.
        const repo = scopedRepository(ctx, CommunityEntity, { jurisdiction: street.code });
        if (await repo.findOneBy({ streetCode: street.code, name: p.name })) {
          throw CommunityErrors.COMMUNITY_DUPLICATE({ field: "name", value: p.name });
        }
        const node = await addCommunityNode(ctx, street, p.name, p.code);
        try {
          const stamp = now();
          return masked(await guardUnique("name", p.name, () => repo.insert(newRow<CommunityRow>({
            jurisdictionCode: node.code,
            streetCode: street.code,
            name: p.name,
            address: p.address ?? null,
            communityClass,
            buildYear: p.buildYear ?? null,
            propertyCompany: p.propertyCompany ?? null,
            custodian: p.custodian ?? null,
            custodianPhone: p.custodianPhone ?? null,
            maintainer: p.maintainer ?? null,
            maintainerPhone: p.maintainerPhone ?? null,
            createdAt: stamp,
            updatedAt: stamp,
          }))));
        } catch (err) {
          // Nothing is left behind: the node goes when its row could not be written.
          await removeCommunityNode(ctx, node.code);
          throw err;
        }
      },
    }),

    update: action(CommunityPermissions.manage, {
      params: object({ id, ...fields }, ["id"]),
      async handler(ctx: Context<UpdateParams>) {
        const { id: rowId, ...patch } = cleanAll(ctx.params, TEXT_FIELDS);
        const repo = scopedRepository(ctx, CommunityEntity);
        const current = await repo.getBy({ id: rowId });
        const next = { ...current, ...definedOnly(patch) };
        const settings = await settingsAt(ctx, current.jurisdictionCode);
        // A new build year re-derives the class (T1) unless a class is given or it is "new".
        const rederive = typeof patch.buildYear === "number" && current.communityClass !== "new";
        const keepClass = patch.communityClass ?? (rederive ? undefined : current.communityClass);
        next.communityClass = communityClassOf(keepClass, next.buildYear, settings);
        checkCustodian(next, settings);
        if (patch.name && patch.name !== current.name) {
          const clash = await repo.findOneBy({ streetCode: current.streetCode, name: patch.name });
          if (clash) throw CommunityErrors.COMMUNITY_DUPLICATE({ field: "name", value: patch.name });
        }
        const { id: _id, jurisdictionCode: _j, createdAt: _c, ...changes } = next;
        const saved = await guardUnique("name", next.name, () => repo.update({ id: rowId }, { ...changes, updatedAt: now() }));
        // The tree shows the community under its own name.
        if (patch.name && patch.name !== current.name) await hostOf(ctx.broker).jurisdictions.rename(current.jurisdictionCode, saved.name);
        return masked(saved);
      },
    }),

    remove: action(CommunityPermissions.manage, {
      params: byId,
      async handler(ctx: Context<{ id: number }>) {
        const repo = scopedRepository(ctx, CommunityEntity);
        const row = await repo.getBy({ id: ctx.params.id });
        const where = { communityId: row.id };
        const summary = dependents({
          buildings: await scopedRepository(ctx, BuildingEntity).count(where),
          facilities: await scopedRepository(ctx, FacilityEntity).count(where),
          devices: await scopedRepository(ctx, DeviceEntity).count(where),
          accessPoints: await scopedRepository(ctx, AccessPointEntity).count(where),
          placements: await scopedRepository(ctx, PlacementEntity).count(where),
          authorisations: await scopedRepository(ctx, AuthorisationEntity).count(where),
          accessEvents: await scopedRepository(ctx, AccessEventEntity).count(where),
          jurisdictions: (await hostOf(ctx.broker).jurisdictions.children(row.jurisdictionCode)).length,
        });
        if (summary) throw CommunityErrors.COMMUNITY_IN_USE({ summary });
        await repo.delete({ id: row.id });
        await removeCommunityNode(ctx, row.jurisdictionCode);
        return { removed: row.id, jurisdictionCode: row.jurisdictionCode };
      },
    }),
  },
};
