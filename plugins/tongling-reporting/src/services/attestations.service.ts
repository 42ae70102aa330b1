/**
 * `tongling-reporting.attestations.*`: statements for checklist items the registry cannot show
 * (T2: staffed centre, camera coverage of the listed areas, the Sharp Eyes link) — who, when,
 * and a reference to the evidence (e.g. a forms attachment id or a document number).
 */
import type { Context, ServiceSchema } from "moleculer";
import { requireRequestContext, scopedRepository } from "@anju/kernel";
import { communityById } from "@anju/plugin-community";
import { callerNode } from "@anju/sdk";
import { TonglingAudit, TonglingServices } from "../actions.js";
import { action } from "../access.js";
import { ITEM_DEFINITIONS } from "../checklist.js";
import { nowOf } from "../clock.js";
import { CHECKLIST_ITEMS, Permissions as P, type ChecklistItem } from "../constants.js";
import { AttestationEntity, type AttestationRow } from "../entities/index.js";
import { TonglingErrors } from "../errors.js";
import { audited } from "../reports/store.js";
import { byId, enumOf, id, object, paging, prose, safeText } from "../reports/schema.js";

interface CreateParams { communityId: number; item: ChecklistItem; evidenceRef: string; note?: string }

export const attestationsService: ServiceSchema = {
  name: TonglingServices.attestations,
  actions: {
    list: action(P.progressRead, {
      params: object({ ...paging, communityId: id, item: enumOf(CHECKLIST_ITEMS), active: { type: "boolean" } }),
      async handler(ctx: Context<{ page: number; pageSize: number; communityId?: number; item?: ChecklistItem; active?: boolean }>) {
        const { page, pageSize, communityId, item, active } = ctx.params;
        const where = Object.fromEntries(Object.entries({ communityId, item }).filter(([, v]) => v !== undefined));
        const rows = (await scopedRepository(ctx, AttestationEntity).find({ where, order: { attestedAt: "DESC", id: "DESC" } as never }))
          .filter((a) => active === undefined || (a.revokedAt === null) === active);
        return { items: rows.slice((page - 1) * pageSize, page * pageSize), total: rows.length, page, pageSize };
      },
    }),

    create: action(P.attest, {
      params: object({ communityId: id, item: enumOf(CHECKLIST_ITEMS), evidenceRef: safeText(200), note: prose(500) }, ["communityId", "item", "evidenceRef"]),
      async handler(ctx: Context<CreateParams>) {
        return audited(ctx, TonglingAudit.attestationCreate, null, { communityId: ctx.params.communityId, item: ctx.params.item }, async () => {
          const rc = requireRequestContext(ctx);
          const { node } = await callerNode(ctx);
          const { communityId, item, evidenceRef, note } = ctx.params;
          if (!ITEM_DEFINITIONS[item].attestation) throw TonglingErrors.TONGLING_ATTESTATION_NOT_NEEDED({ item, rule: "T2" });
          // The community must be in the caller's reach (the community plugin answers 404 otherwise).
          const community = await communityById(ctx.broker, node.code, communityId);
          const repo = scopedRepository(ctx, AttestationEntity);
          const now = nowOf(ctx.broker);
          // The newest statement counts; the older one stays as history, marked superseded.
          for (const old of await repo.find({ where: { communityId, item } })) {
            if (old.revokedAt === null) await repo.update({ id: old.id }, { revokedAt: now, revokedBy: rc.principal.id });
          }
          return repo.insert({
            jurisdictionCode: community.jurisdictionCode, communityId, item, attestedBy: rc.principal.id, attestedAt: now,
            evidenceRef: evidenceRef.trim(), note: note?.trim() || null, revokedAt: null, revokedBy: null,
          } as AttestationRow);
        });
      },
    }),

    revoke: action(P.attest, {
      params: byId,
      async handler(ctx: Context<{ id: number }>) {
        return audited(ctx, TonglingAudit.attestationRevoke, ctx.params.id, {}, async () => {
          const rc = requireRequestContext(ctx);
          const repo = scopedRepository(ctx, AttestationEntity);
          const row = await repo.getBy({ id: ctx.params.id });
          if (row.revokedAt !== null) return row;
          return repo.update({ id: row.id }, { revokedAt: nowOf(ctx.broker), revokedBy: rc.principal.id });
        });
      },
    }),
  },
};
