/**
 * `tongling-reporting.progress.*`: construction progress (T1/T2) — each community's checklist
 * with the status of every item, and completion per street, county and city with the change
 * since the previous month.
 */
import type { Context, ServiceSchema } from "moleculer";
import { requireRequestContext } from "@anju/kernel";
import { callerNode } from "@anju/sdk";
import { TonglingServices } from "../actions.js";
import { action } from "../access.js";
import { ITEM_DEFINITIONS } from "../checklist.js";
import { CHECKLIST_ITEMS, Permissions as P } from "../constants.js";
import { nowOf } from "../clock.js";
import { addMonths, periodOf } from "../period.js";
import { completionOf, progressOf, rollup } from "../progress.js";
import { settingsAt } from "../settings.js";
import { checkPeriod } from "../reports/author.js";
import { code, id, object, paging, period } from "../reports/schema.js";

interface CommunitiesParams { page: number; pageSize: number; communityId?: number; streetCode?: string; complete?: boolean }

export const progressService: ServiceSchema = {
  name: TonglingServices.progress,
  actions: {
    communities: action(P.progressRead, {
      params: object({ ...paging, communityId: id, streetCode: code, complete: { type: "boolean" } }),
      async handler(ctx: Context<CommunitiesParams>) {
        const { node } = await callerNode(ctx);
        const { page, pageSize, communityId, streetCode, complete } = ctx.params;
        const { tree, communities } = await progressOf(ctx.broker, node.code, communityId);
        const rows = communities
          .filter((c) => streetCode === undefined || c.streetCode === streetCode)
          .filter((c) => complete === undefined || c.complete === complete)
          .map((c) => ({ ...c, streetName: tree.get(c.streetCode)?.name ?? c.streetCode }));
        return { items: rows.slice((page - 1) * pageSize, page * pageSize), total: rows.length, page, pageSize };
      },
    }),

    /** Completion of the caller's area for a month (default: this month) and of each area below it. */
    summary: action(P.progressRead, {
      params: object({ period }),
      async handler(ctx: Context<{ period?: string }>) {
        const { node } = await callerNode(ctx);
        const settings = await settingsAt(ctx.broker, node.code);
        const month = ctx.params.period ?? periodOf(nowOf(ctx.broker));
        checkPeriod(month, nowOf(ctx.broker), settings.startMonth);
        const result = await progressOf(ctx.broker, node.code);
        return {
          period: month,
          previousPeriod: addMonths(month, -1),
          jurisdiction: { code: node.code, name: node.name, level: node.level, ...completionOf(result.communities, month) },
          cities: rollup(result, node.code, "city", month),
          counties: rollup(result, node.code, "county", month),
          streets: rollup(result, node.code, "street", month),
        };
      },
    }),

    /** The checklist in force at the caller's jurisdiction: items per class and what each needs. */
    checklist: action(P.progressRead, {
      params: object({}),
      async handler(ctx: Context) {
        const rc = requireRequestContext(ctx);
        const { node } = await callerNode(ctx);
        const { checklist } = await settingsAt(ctx.broker, node.code);
        return {
          jurisdiction: rc.jurisdiction,
          byClass: checklist,
          items: CHECKLIST_ITEMS.map((item) => ({ item, rule: "T2", registry: !!ITEM_DEFINITIONS[item].registry, attestation: ITEM_DEFINITIONS[item].attestation ?? null })),
        };
      },
    }),
  },
};
