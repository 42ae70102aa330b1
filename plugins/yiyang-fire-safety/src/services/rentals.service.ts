/**
 * `yiyang-fire-safety.rentals.*`: rental-housing registration (Y7 房屋出租). A landlord's letting
 * is registered at the community: the home (unit and address), landlord, tenant with ID number
 * and phone, and the tenancy's dates. Every name, phone, the ID number and the address are
 * personal information: encrypted at rest by the entity's PiFieldSet and masked in every
 * answer here; registering, changing and removing are audited (without the values).
 *
 * Registration rests on the landlord's legal duty to register tenants (《租赁房屋治安管理规定》),
 * not on consent, so no consent record is asked for; the ID number stays "sensitive".
 */
import type { Context, ServiceSchema } from "moleculer";
import { requireJurisdiction, requireRequestContext, scopedRepository } from "@anju/kernel";
import { communityById, unitById } from "@anju/plugin-community";
import { auditAct } from "@anju/sdk";
import { YiyangAudit, YiyangServices } from "../actions.js";
import { action } from "../access.js";
import { nowOf } from "../clock.js";
import { Permissions as P } from "../constants.js";
import { RentalEntity, RentalPi, type RentalRow } from "../entities/index.js";
import { YiyangErrors } from "../errors.js";
import { checkIdNumber, checkPhone } from "../identity.js";
import { byId, clean, date, id, object, paging, text } from "../schema.js";

interface RentalFields {
  unitId?: number | null;
  address: string;
  landlordName: string;
  landlordPhone: string;
  tenantName: string;
  tenantIdNumber: string;
  tenantPhone: string;
  startsOn: string;
  endsOn: string;
}
type CreateParams = RentalFields & { communityId: number };
type UpdateParams = Partial<RentalFields> & { id: number };
interface ListParams { page: number; pageSize: number; communityId?: number; tenantIdNumber?: string }

// Shapes only: the formats are checked in code so a wrong number gets its own coded error.
const number = { type: "string", minLength: 1, maxLength: 32 } as const;
const fields = {
  unitId: { type: ["integer", "null"], minimum: 1 },
  address: text(200),
  landlordName: text(50),
  landlordPhone: number,
  tenantName: text(50),
  tenantIdNumber: number,
  tenantPhone: number,
  startsOn: date,
  endsOn: date,
};
const REQUIRED = ["address", "landlordName", "landlordPhone", "tenantName", "tenantIdNumber", "tenantPhone", "startsOn", "endsOn"];

const masked = (row: RentalRow): RentalRow => RentalPi.mask(row);

/** The checks every write repeats on the merged record; returns the canonical values. */
function checked<T extends Partial<RentalFields>>(p: T, merged: RentalFields): T {
  if (merged.endsOn < merged.startsOn) throw YiyangErrors.YIYANG_RENTAL_PERIOD_INVALID({ startsOn: merged.startsOn, endsOn: merged.endsOn, rule: "Y7" });
  const out: Partial<RentalFields> = { ...p };
  if (p.tenantIdNumber !== undefined) out.tenantIdNumber = checkIdNumber("tenantIdNumber", p.tenantIdNumber);
  if (p.landlordPhone !== undefined) out.landlordPhone = checkPhone("landlordPhone", p.landlordPhone);
  if (p.tenantPhone !== undefined) out.tenantPhone = checkPhone("tenantPhone", p.tenantPhone);
  for (const f of ["address", "landlordName", "tenantName"] as const) if (p[f] !== undefined) out[f] = clean(p[f]!);
  return out as T;
}

/** The unit's building, after checking the unit is the community's (another jurisdiction's unit: 404). */
async function placeOf(ctx: Context, communityId: number, unitId: number | null | undefined): Promise<{ buildingId: number | null; unitId: number | null }> {
  if (!unitId) return { buildingId: null, unitId: null };
  const unit = await unitById(ctx.broker, requireJurisdiction(ctx), unitId);
  if (unit.communityId !== communityId) throw YiyangErrors.YIYANG_UNIT_NOT_IN_COMMUNITY({ unitId, communityId });
  return { buildingId: unit.buildingId, unitId: unit.id };
}

export const rentalsService: ServiceSchema = {
  name: YiyangServices.rentals,
  actions: {
    /** `tenantIdNumber`: exact lookup through the blind index (the table is never decrypted to search). */
    list: action(P.rentalRead, {
      params: object({ ...paging, communityId: id, tenantIdNumber: number }),
      async handler(ctx: Context<ListParams>) {
        const { page, pageSize, communityId, tenantIdNumber } = ctx.params;
        const where = {
          ...(communityId ? { communityId } : {}),
          ...(tenantIdNumber ? RentalPi.indexWhere("tenantIdNumber", checkIdNumber("tenantIdNumber", tenantIdNumber)) : {}),
        };
        const [rows, total] = await scopedRepository(ctx, RentalEntity).findAndCount({ where, order: { id: "DESC" } as never, skip: (page - 1) * pageSize, take: pageSize });
        return { items: rows.map(masked), total, page, pageSize };
      },
    }),

    get: action(P.rentalRead, {
      params: byId,
      async handler(ctx: Context<{ id: number }>) {
        return masked(await scopedRepository(ctx, RentalEntity).getBy({ id: ctx.params.id }));
      },
    }),

    create: action(P.rentalManage, {
      params: object({ communityId: id, ...fields }, ["communityId", ...REQUIRED]),
      async handler(ctx: Context<CreateParams>) {
        const rc = requireRequestContext(ctx);
        const { communityId, unitId, ...rest } = ctx.params;
        const p = checked(rest, rest);
        const community = await communityById(ctx.broker, requireJurisdiction(ctx), communityId);
        const place = await placeOf(ctx, community.id, unitId);
        const stamp = nowOf(ctx.broker);
        const row = await scopedRepository(ctx, RentalEntity).insert({
          ...p, ...place, jurisdictionCode: community.jurisdictionCode, communityId: community.id, registeredBy: rc.principal.id, createdAt: stamp, updatedAt: stamp,
        } as RentalRow);
        await auditAct(ctx, YiyangAudit.rentalCreate, String(row.id), row.jurisdictionCode, { communityId: row.communityId, startsOn: row.startsOn, endsOn: row.endsOn });
        return masked(row);
      },
    }),

    update: action(P.rentalManage, {
      params: object({ id, ...fields }, ["id"]),
      async handler(ctx: Context<UpdateParams>) {
        const { id: rowId, unitId, ...patch } = ctx.params;
        const repo = scopedRepository(ctx, RentalEntity);
        const current = await repo.getBy({ id: rowId });
        const p = checked(patch, { ...current, ...patch });
        const place = unitId === undefined ? {} : await placeOf(ctx, current.communityId, unitId);
        const row = await repo.update({ id: current.id }, { ...p, ...place, updatedAt: nowOf(ctx.broker) });
        await auditAct(ctx, YiyangAudit.rentalUpdate, String(row.id), row.jurisdictionCode, { communityId: row.communityId, fields: Object.keys({ ...patch, ...(unitId === undefined ? {} : { unitId }) }) });
        return masked(row);
      },
    }),

    remove: action(P.rentalManage, {
      params: byId,
      async handler(ctx: Context<{ id: number }>) {
        const repo = scopedRepository(ctx, RentalEntity);
        const row = await repo.getBy({ id: ctx.params.id });
        await repo.delete({ id: row.id });
        await auditAct(ctx, YiyangAudit.rentalRemove, String(row.id), row.jurisdictionCode, { communityId: row.communityId });
        return { removed: row.id };
      },
    }),
  },
};
