/**
 * `tongling-reporting.notifications.*`: the in-app inbox. A notification is addressed to a
 * jurisdiction — the county's reporters or the city's reviewers — and a user sees those of the
 * jurisdiction they act in (not those of the levels below). Read receipts are per user.
 */
import type { Context, ServiceSchema } from "moleculer";
import { dbTimestamp, tenantRepository } from "@anju/data";
import { hostOf, requireRequestContext } from "@anju/kernel";
import { callerNode } from "@anju/sdk";
import { TonglingServices } from "../actions.js";
import { action } from "../access.js";
import { nowOf } from "../clock.js";
import { Permissions as P } from "../constants.js";
import { insertIgnore } from "../db.js";
import { NOTIFICATION_READ_TABLE, NotificationEntity, type NotificationRow } from "../entities/index.js";
import { byId, object, paging } from "../reports/schema.js";

function inbox(ctx: Context, jurisdiction: string) {
  return tenantRepository(hostOf(ctx.broker).ds, NotificationEntity, { jurisdiction, subtree: false });
}

async function readIds(ctx: Context, userId: string, ids: number[]): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const rows: Array<{ notification_id: number }> = await hostOf(ctx.broker).ds.query(
    `SELECT notification_id FROM ${NOTIFICATION_READ_TABLE} WHERE user_id = ? AND notification_id IN (${ids.map(() => "?").join(",")})`, [userId, ...ids]);
  return new Set(rows.map((r) => Number(r.notification_id)));
}

const locale = (ctx: Context) => requireRequestContext(ctx).locale ?? "zh-CN";

function view(n: NotificationRow, read: boolean, lang: string) {
  return {
    id: n.id, kind: n.kind, audience: n.audience, period: n.period, countyCode: n.countyCode, createdAt: n.createdAt,
    title: lang === "en" ? n.titleEn : n.titleZh, body: lang === "en" ? n.bodyEn : n.bodyZh,
    titles: { "zh-CN": n.titleZh, en: n.titleEn }, read, delivery: n.deliveryState,
  };
}

export const notificationsService: ServiceSchema = {
  name: TonglingServices.notifications,
  actions: {
    list: action(P.notificationRead, {
      params: object({ ...paging, unreadOnly: { type: "boolean", default: false } }),
      async handler(ctx: Context<{ page: number; pageSize: number; unreadOnly?: boolean }>) {
        const { rc, node } = await callerNode(ctx);
        const { page, pageSize, unreadOnly } = ctx.params;
        const all = await inbox(ctx, node.code).find({ order: { createdAt: "DESC", id: "DESC" } as never });
        const read = await readIds(ctx, rc.principal.id, all.map((n) => n.id));
        const rows = all.filter((n) => !unreadOnly || !read.has(n.id));
        return { items: rows.slice((page - 1) * pageSize, page * pageSize).map((n) => view(n, read.has(n.id), locale(ctx))), total: rows.length, page, pageSize };
      },
    }),

    markRead: action(P.notificationRead, {
      params: byId,
      async handler(ctx: Context<{ id: number }>) {
        const { rc, node } = await callerNode(ctx);
        // Someone else's notification is "not found".
        const n = await inbox(ctx, node.code).getBy({ id: ctx.params.id });
        const ds = hostOf(ctx.broker).ds;
        await ds.query(`${insertIgnore(ds)} ${NOTIFICATION_READ_TABLE} (notification_id, user_id, read_at) VALUES (?, ?, ?)`, [n.id, rc.principal.id, dbTimestamp(nowOf(ctx.broker))]);
        return view(n, true, locale(ctx));
      },
    }),
  },
};
