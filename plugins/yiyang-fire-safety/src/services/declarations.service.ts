/**
 * `yiyang-fire-safety.declarations.*`: the property company or the community police declare a
 * fire-safety item the registry cannot show (Y3/Y4), with a count and a reference to the
 * evidence; revoking one makes the item count as missing again. Both acts are audited: they
 * move a community's standing on the county dashboard.
 */
import type { Context, ServiceSchema } from "moleculer";
import { requireJurisdiction, requireRequestContext, scopedRepository } from "@anju/kernel";
import { communityById } from "@anju/plugin-community";
import { auditAct } from "@anju/sdk";
import { YiyangAudit, YiyangServices } from "../actions.js";
import { action } from "../access.js";
import { nowOf } from "../clock.js";
import { Permissions as P, STANDARD_ITEMS, type StandardItem } from "../constants.js";
import { DeclarationEntity, type DeclarationRow } from "../entities/index.js";
import { YiyangErrors } from "../errors.js";
import { byId, enumOf, id, object, paging, text } from "../schema.js";
import { DECLARABLE_ITEMS } from "../standard.js";

interface CreateParams { communityId: number; item: StandardItem; quantity: number; evidenceRef: string; note?: string }

export const declarationsService: ServiceSchema = {
  name: YiyangServices.declarations,
  actions: {
    list: action(P.progressRead, {
      params: object({ ...paging, communityId: id, item: enumOf(STANDARD_ITEMS) }),
      async handler(ctx: Context<{ page: number; pageSize: number; communityId?: number; item?: StandardItem }>) {
        const { page, pageSize, communityId, item } = ctx.params;
        const where = Object.fromEntries(Object.entries({ communityId, item }).filter(([, v]) => v !== undefined));
        const [items, total] = await scopedRepository(ctx, DeclarationEntity).findAndCount({
          where, order: { declaredAt: "DESC", id: "DESC" } as never, skip: (page - 1) * pageSize, take: pageSize,
        });
        return { items, total, page, pageSize };
      },
    }),

    create: action(P.declare, {
      params: object({
        communityId: id, item: enumOf(STANDARD_ITEMS), quantity: { type: "integer", minimum: 0, maximum: 100000 },
        evidenceRef: text(200), note: text(500),
      }, ["communityId", "item", "quantity", "evidenceRef"]),
      async handler(ctx: Context<CreateParams>) {
        const rc = requireRequestContext(ctx);
        const p = ctx.params;
        if (!DECLARABLE_ITEMS.includes(p.item)) throw YiyangErrors.YIYANG_DECLARATION_NOT_NEEDED({ item: p.item });
        // Another jurisdiction's community is "not found" (the registry reads inside the caller's subtree).
        const community = await communityById(ctx.broker, requireJurisdiction(ctx), p.communityId);
        const row = await scopedRepository(ctx, DeclarationEntity).insert({
          jurisdictionCode: community.jurisdictionCode, communityId: community.id, item: p.item, quantity: p.quantity,
          evidenceRef: p.evidenceRef.trim(), note: p.note?.trim() ?? null, declaredBy: rc.principal.id, declaredAt: nowOf(ctx.broker),
          revokedAt: null, revokedBy: null,
        } as DeclarationRow);
        await auditAct(ctx, YiyangAudit.declarationCreate, String(row.id), row.jurisdictionCode, { communityId: row.communityId, item: row.item, quantity: row.quantity });
        return row;
      },
    }),

    revoke: action(P.declare, {
      params: byId,
      async handler(ctx: Context<{ id: number }>) {
        const rc = requireRequestContext(ctx);
        const repo = scopedRepository(ctx, DeclarationEntity);
        const current = await repo.getBy({ id: ctx.params.id });
        if (current.revokedAt) throw YiyangErrors.YIYANG_DECLARATION_REVOKED();
        const row = await repo.update({ id: current.id }, { revokedAt: nowOf(ctx.broker), revokedBy: rc.principal.id });
        await auditAct(ctx, YiyangAudit.declarationRevoke, String(row.id), row.jurisdictionCode, { communityId: row.communityId, item: row.item });
        return row;
      },
    }),
  },
};
