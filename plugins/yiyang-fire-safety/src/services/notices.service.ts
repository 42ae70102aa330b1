/**
 * `yiyang-fire-safety.notices.*`: fire early-warning notices (Y7 消防预警). The property company
 * or the community police publish a notice to one community; residents there read the ones in
 * force (`current`); publishing and withdrawing are audited. A notice's jurisdiction is its
 * community's node, so another community's notice is "not found".
 */
import type { Context, ServiceSchema } from "moleculer";
import { IsNull, LessThanOrEqual, MoreThan, Not, type FindOptionsWhere } from "typeorm";
import { requireJurisdiction, requireRequestContext, scopedRepository } from "@anju/kernel";
import { communityById } from "@anju/plugin-community";
import { auditAct } from "@anju/sdk";
import { YiyangAudit, YiyangServices } from "../actions.js";
import { action } from "../access.js";
import { nowOf } from "../clock.js";
import { NOTICE_LEVELS, NOTICE_STATUSES, Permissions as P, type NoticeLevel, type NoticeStatus } from "../constants.js";
import { NoticeEntity, type NoticeRow } from "../entities/index.js";
import { YiyangErrors } from "../errors.js";
import { byId, clean, enumOf, id, instant, object, paging, prose, text } from "../schema.js";

interface PublishParams { communityId: number; title: string; content: string; level: NoticeLevel; validUntil: string }
interface ListParams { page: number; pageSize: number; communityId?: number; level?: NoticeLevel; status?: NoticeStatus }

function statusOf(n: NoticeRow, now: Date): NoticeStatus {
  if (n.withdrawnAt) return "withdrawn";
  return n.validUntil > now ? "active" : "expired";
}

const view = (n: NoticeRow, now: Date) => ({ ...n, status: statusOf(n, now) });

function statusWhere(status: NoticeStatus | undefined, now: Date): FindOptionsWhere<NoticeRow> {
  if (status === "withdrawn") return { withdrawnAt: Not(IsNull()) };
  if (status === "active") return { withdrawnAt: IsNull(), validUntil: MoreThan(now) };
  if (status === "expired") return { withdrawnAt: IsNull(), validUntil: LessThanOrEqual(now) };
  return {};
}

async function listed(ctx: Context<ListParams>, status: NoticeStatus | undefined) {
  const now = nowOf(ctx.broker);
  const { page, pageSize, communityId, level } = ctx.params;
  const where = { ...statusWhere(status, now), ...(communityId ? { communityId } : {}), ...(level ? { level } : {}) } as FindOptionsWhere<NoticeRow>;
  const [rows, total] = await scopedRepository(ctx, NoticeEntity).findAndCount({
    where, order: { publishedAt: "DESC", id: "DESC" } as never, skip: (page - 1) * pageSize, take: pageSize,
  });
  return { items: rows.map((n) => view(n, now)), total, page, pageSize };
}

export const noticesService: ServiceSchema = {
  name: YiyangServices.notices,
  actions: {
    /** Every notice in the caller's subtree (publishers and officials), with its status. */
    list: action(P.noticePublish, {
      params: object({ ...paging, communityId: id, level: enumOf(NOTICE_LEVELS), status: enumOf(NOTICE_STATUSES) }),
      handler: (ctx: Context<ListParams>) => listed(ctx, ctx.params.status),
    }),

    /** Residents' view: the notices in force at their community, newest first. */
    current: action(P.noticeRead, {
      params: object({ ...paging, level: enumOf(NOTICE_LEVELS) }),
      handler: (ctx: Context<ListParams>) => listed(ctx, "active"),
    }),

    get: action(P.noticeRead, {
      params: byId,
      async handler(ctx: Context<{ id: number }>) {
        return view(await scopedRepository(ctx, NoticeEntity).getBy({ id: ctx.params.id }), nowOf(ctx.broker));
      },
    }),

    publish: action(P.noticePublish, {
      params: object({ communityId: id, title: text(100), content: prose(2000), level: enumOf(NOTICE_LEVELS), validUntil: instant }, ["communityId", "title", "content", "level", "validUntil"]),
      async handler(ctx: Context<PublishParams>) {
        const rc = requireRequestContext(ctx);
        const p = ctx.params;
        const now = nowOf(ctx.broker);
        const validUntil = new Date(p.validUntil);
        if (!(validUntil > now)) throw YiyangErrors.YIYANG_NOTICE_ALREADY_EXPIRED({ validUntil: p.validUntil, rule: "Y7" });
        const community = await communityById(ctx.broker, requireJurisdiction(ctx), p.communityId);
        const row = await scopedRepository(ctx, NoticeEntity).insert({
          jurisdictionCode: community.jurisdictionCode, communityId: community.id, communityName: community.name,
          title: clean(p.title), content: clean(p.content), level: p.level, validUntil,
          publishedBy: rc.principal.id, publishedAt: now, withdrawnAt: null, withdrawnBy: null, withdrawReason: null,
        } as NoticeRow);
        await auditAct(ctx, YiyangAudit.noticePublish, String(row.id), row.jurisdictionCode, { communityId: row.communityId, level: row.level, title: row.title });
        return view(row, now);
      },
    }),

    withdraw: action(P.noticePublish, {
      params: object({ id, reason: text(200) }, ["id"]),
      async handler(ctx: Context<{ id: number; reason?: string }>) {
        const rc = requireRequestContext(ctx);
        const now = nowOf(ctx.broker);
        const repo = scopedRepository(ctx, NoticeEntity);
        const current = await repo.getBy({ id: ctx.params.id });
        if (current.withdrawnAt) throw YiyangErrors.YIYANG_NOTICE_WITHDRAWN();
        const row = await repo.update({ id: current.id }, { withdrawnAt: now, withdrawnBy: rc.principal.id, withdrawReason: ctx.params.reason?.trim() ?? null });
        await auditAct(ctx, YiyangAudit.noticeWithdraw, String(row.id), row.jurisdictionCode, { communityId: row.communityId, reason: row.withdrawReason });
        return view(row, now);
      },
    }),
  },
};
