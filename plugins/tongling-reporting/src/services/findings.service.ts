/**
 * `tongling-reporting.findings.*`: compliance findings (T3) per jurisdiction, each naming its rule
 * and community. The list rechecks the registry first, so a finding disappears from the open
 * list as soon as the access point is changed (there are no registry events to react to).
 */
import type { Context, ServiceSchema } from "moleculer";
import { scopedRepository } from "@anju/kernel";
import { callerNode } from "@anju/sdk";
import { TonglingServices } from "../actions.js";
import { action } from "../access.js";
import { nowOf } from "../clock.js";
import { recheckT3 } from "../compliance.js";
import { FINDING_STATUSES, Permissions as P, type FindingStatus } from "../constants.js";
import { FindingEntity, type FindingRow } from "../entities/index.js";
import { enumOf, id, object, paging } from "../reports/schema.js";

interface ListParams { page: number; pageSize: number; status?: FindingStatus; communityId?: number; recheck?: boolean }

const view = (f: FindingRow) => ({
  id: f.id, rule: f.rule, jurisdictionCode: f.jurisdictionCode, communityId: f.communityId, communityName: f.communityName,
  accessPointId: f.accessPointId, accessPointName: f.accessPointName, credentials: f.credentials ? f.credentials.split(",") : [],
  status: f.status, detectedAt: f.detectedAt, resolvedAt: f.resolvedAt, resolution: f.resolution,
});

export const findingsService: ServiceSchema = {
  name: TonglingServices.findings,
  actions: {
    list: action(P.findingRead, {
      params: object({ ...paging, status: enumOf(FINDING_STATUSES), communityId: id, recheck: { type: "boolean", default: true } }),
      async handler(ctx: Context<ListParams>) {
        const { node } = await callerNode(ctx);
        const { page, pageSize, status, communityId, recheck } = ctx.params;
        if (recheck !== false) await recheckT3(ctx.broker, node.code, nowOf(ctx.broker));
        const where = Object.fromEntries(Object.entries({ status, communityId }).filter(([, v]) => v !== undefined));
        const [rows, total] = await scopedRepository(ctx, FindingEntity).findAndCount({
          where, order: { status: "ASC", detectedAt: "DESC", id: "DESC" } as never, skip: (page - 1) * pageSize, take: pageSize,
        });
        return { items: rows.map(view), total, page, pageSize };
      },
    }),

    /** Bring the findings of the caller's jurisdiction in line with the registry now (also the nightly job). */
    recheck: action(P.findingRead, {
      params: object({}),
      async handler(ctx: Context) {
        const { node } = await callerNode(ctx);
        return { jurisdiction: node.code, ...(await recheckT3(ctx.broker, node.code, nowOf(ctx.broker))) };
      },
    }),
  },
};
