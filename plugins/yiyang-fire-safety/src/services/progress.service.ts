/**
 * `yiyang-fire-safety.progress.*`: the county dashboard (Y5/Y6) — each community's standing
 * against Yiyang's standard, each street's share against the target in force today, and the
 * cards of the board. Read-only: the caller's subtree only.
 */
import type { Context, ServiceSchema } from "moleculer";
import { callerNode } from "@anju/sdk";
import { YiyangServices } from "../actions.js";
import { action } from "../access.js";
import { BUILT_LEVELS, COMMUNITY_STATUSES, Permissions as P, STANDARD_ITEMS, TARGET_STATUSES, type BuiltLevel, type CommunityStatus, type TargetStatus } from "../constants.js";
import { areaStanding, communityRow, countStatuses, progressOf, streetRow, streetStandings } from "../progress.js";
import { settingsAt } from "../settings.js";
import { code, enumOf, object, pageOf, paging } from "../schema.js";
import { ITEM_CATEGORIES, ITEM_DEFINITIONS } from "../standard.js";

interface CommunitiesParams { page: number; pageSize: number; streetCode?: string; level?: BuiltLevel; status?: CommunityStatus }

export const progressService: ServiceSchema = {
  name: YiyangServices.progress,
  actions: {
    communities: action(P.progressRead, {
      params: object({ ...paging, streetCode: code, level: enumOf(BUILT_LEVELS), status: enumOf(COMMUNITY_STATUSES) }),
      async handler(ctx: Context<CommunitiesParams>) {
        const { node } = await callerNode(ctx);
        const { page, pageSize, streetCode, level, status } = ctx.params;
        const p = await progressOf(ctx.broker, node);
        const rows = p.communities.map((c) => communityRow(p, c))
          .filter((r) => streetCode === undefined || r.streetCode === streetCode)
          .filter((r) => level === undefined || r.level === level)
          .filter((r) => status === undefined || r.status === status);
        return { date: p.today, ...pageOf(rows, page, pageSize) };
      },
    }),

    /** One row per street: built / target now (Y6) and enhanced old communities (Y5), off-target flagged. */
    streets: action(P.progressRead, {
      params: object({ status: enumOf(TARGET_STATUSES) }),
      async handler(ctx: Context<{ status?: TargetStatus }>) {
        const { node } = await callerNode(ctx);
        const p = await progressOf(ctx.broker, node);
        const rows = streetStandings(p, node.code).map(streetRow).filter((r) => !ctx.params.status || r.status === ctx.params.status);
        return { date: p.today, items: rows, total: rows.length, page: 1, pageSize: Math.max(rows.length, 1) };
      },
    }),

    /** The board: the caller's whole area now, against today's targets. */
    overview: action(P.progressRead, {
      params: object({}),
      async handler(ctx: Context) {
        const { node } = await callerNode(ctx);
        const p = await progressOf(ctx.broker, node);
        const area = areaStanding(p, node.code, node.name, p.communities);
        const streets = streetStandings(p, node.code);
        return {
          date: p.today,
          status: area.built.status,
          enhancedOldStatus: area.enhancedOld.status,
          communities: { total: area.built.whole, byClass: area.byClass },
          built: area.built.part,
          builtPercent: area.built.percent,
          targetPercent: area.built.targetPercent ?? 0,
          nextTargetPercent: area.built.nextTargetPercent ?? 0,
          nextTargetDate: area.built.nextTargetDate,
          enhancedOld: area.enhancedOld.part,
          enhancedOldPercent: area.enhancedOld.percent,
          enhancedOldTargetPercent: p.settings.enhancedOldShare,
          streets: { total: streets.length, byStatus: countStatuses(streets.map((s) => s.built.status)) },
          offTargetStreets: streets.filter((s) => s.built.status === "off-target").length,
        };
      },
    }),

    /** The standard in force at the caller's jurisdiction: the targets and what each item needs. */
    standard: action(P.progressRead, {
      params: object({}),
      async handler(ctx: Context) {
        const { node } = await callerNode(ctx);
        const settings = await settingsAt(ctx.broker, node.code);
        return {
          jurisdiction: node.code,
          milestones: settings.milestones,
          enhancedOldShare: settings.enhancedOldShare,
          enhancedOldDue: settings.enhancedOldDue,
          standard: settings.standard,
          enhanced: [...new Set([...settings.standard, ...settings.enhanced])],
          items: STANDARD_ITEMS.map((item) => ({
            item, rule: ITEM_DEFINITIONS[item].rule, registry: !!ITEM_DEFINITIONS[item].registry, declaration: ITEM_DEFINITIONS[item].declaration ?? null,
            // Device categories that count for it; `counted`: a registered device replaces the declaration.
            categories: ITEM_CATEGORIES[item] ?? [], counted: !!ITEM_DEFINITIONS[item].counted,
          })),
        };
      },
    }),
  },
};
