/**
 * `community.accessEvents.*`: access events (通行记录) from the community's access-control
 * platform. `record` takes a batch (see access-ingest.ts); `list`, `get` and `since` answer
 * them masked (the credential presented is personal information). `since` is the sweep for
 * consumers that must not miss an event: rows after an id, in id order, in the caller's subtree.
 */
import type { Context, ServiceSchema } from "moleculer";
import { Between, LessThanOrEqual, MoreThan, MoreThanOrEqual, type FindOptionsWhere } from "typeorm";
import { hostOf, scopedRepository } from "@anju/kernel";
import { CommunityEvents, CommunityServices, type AccessRecordedEvent } from "../actions.js";
import {
  ACCESS_DIRECTIONS, ACCESS_EVENT_KINDS, ACCESS_OUTCOMES, CommunityPermissions as P, MAX_ACCESS_BATCH, MAX_SINCE_LIMIT,
  type AccessDirection, type AccessEventKind, type AccessOutcome,
} from "../constants.js";
import { AccessEventEntity, AccessEventPi, type AccessEventRow } from "../entities/index.js";
import { ingest, type RecordResult } from "./access-ingest.js";
import { action, definedOnly, isUniqueViolation, type Page, type PageParams } from "./helpers.js";
import { withNames } from "./names.js";
import { communityOf, visibleCommunity } from "./references.js";
import { byId, enumOf, id, object, paging } from "./schema.js";
import { tenantTransaction } from "./transaction.js";

/** What the actions answer: the credential masked, times as epoch ms plus an ISO time for people. */
export type AccessEvent = Omit<AccessEventRow, never> & { occurredTime: string };

export function presentEvent(row: AccessEventRow): AccessEvent {
  const masked = AccessEventPi.mask(row);
  return { ...masked, registered: Boolean(masked.registered), occurredTime: new Date(masked.occurredAt).toISOString() };
}

interface ListParams extends PageParams {
  communityId?: number; accessPointId?: number; deviceCode?: string; kind?: AccessEventKind; direction?: AccessDirection;
  outcome?: AccessOutcome; registered?: boolean; from?: string; to?: string;
}

const instant = { type: "string", format: "date-time", maxLength: 40 } as const;
const deviceCode = { type: "string", pattern: "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$", maxLength: 64 } as const;

function period(from?: string, to?: string) {
  const a = from ? Date.parse(from) : undefined;
  const b = to ? Date.parse(to) : undefined;
  if (a !== undefined && b !== undefined) return Between(a, b);
  if (a !== undefined) return MoreThanOrEqual(a);
  if (b !== undefined) return LessThanOrEqual(b);
  return undefined;
}

export const accessEventsService: ServiceSchema = {
  name: CommunityServices.accessEvents,
  actions: {
    /**
     * A batch of one community's events (≤ 500), one transaction. Events are checked one by one
     * (see access-ingest.ts); the envelope — community and list size — is the params schema's.
     * After the commit, `community.access.recorded` names the new rows.
     */
    record: action(P.accessRecord, {
      params: object({
        communityId: id,
        // Items are checked in code, so one bad event is a rejection, not a refused batch.
        events: { type: "array", minItems: 1, maxItems: MAX_ACCESS_BATCH, items: { type: "object" } },
      }, ["communityId", "events"]),
      async handler(ctx: Context<{ communityId: number; events: unknown[] }>): Promise<RecordResult> {
        const community = await communityOf(ctx, ctx.params.communityId);
        const ds = hostOf(ctx.broker).ds;
        const run = () => tenantTransaction(ds, community.jurisdictionCode, (qr) => ingest(qr, community, ctx.params.events, Date.now()));
        let result: RecordResult;
        try {
          result = await run();
        } catch (err) {
          // Another batch stored the same vendor id between our check and our insert: run again,
          // that event is now a duplicate.
          if (!isUniqueViolation(err)) throw err;
          result = await run();
        }
        if (result.ids.length) {
          const event: AccessRecordedEvent = { communityId: community.id, jurisdictionCode: community.jurisdictionCode, ids: result.ids };
          void ctx.broker.emit(CommunityEvents.accessRecorded, event);
        }
        return result;
      },
    }),

    list: action(P.accessRead, {
      params: object({
        ...paging, communityId: id, accessPointId: id, deviceCode, kind: enumOf(ACCESS_EVENT_KINDS), direction: enumOf(ACCESS_DIRECTIONS),
        outcome: enumOf(ACCESS_OUTCOMES), registered: { type: "boolean" }, from: instant, to: instant,
      }),
      async handler(ctx: Context<ListParams>): Promise<Page<AccessEvent>> {
        const { communityId, accessPointId, deviceCode: code, kind, direction, outcome, registered, from, to } = ctx.params;
        await visibleCommunity(ctx, communityId);
        const page = ctx.params.page ?? 1;
        const pageSize = ctx.params.pageSize ?? 20;
        const where = definedOnly({ communityId, accessPointId, deviceCode: code, kind, direction, outcome, registered, occurredAt: period(from, to) }) as FindOptionsWhere<AccessEventRow>;
        const [rows, total] = await scopedRepository(ctx, AccessEventEntity).findAndCount({
          where, order: { occurredAt: "DESC", id: "DESC" }, skip: (page - 1) * pageSize, take: pageSize,
        });
        return { items: await withNames(ctx, rows.map(presentEvent)), total, page, pageSize };
      },
    }),

    get: action(P.accessRead, {
      params: byId,
      async handler(ctx: Context<{ id: number }>) {
        return (await withNames(ctx, [presentEvent(await scopedRepository(ctx, AccessEventEntity).getBy({ id: ctx.params.id }))]))[0];
      },
    }),

    /** Rows with id > afterId in id order (≤ limit); `lastId` is where the next call starts. */
    since: action(P.accessRead, {
      params: object({ afterId: { type: "integer", minimum: 0 }, limit: { type: "integer", minimum: 1, maximum: MAX_SINCE_LIMIT, default: 100 } }, ["afterId"]),
      async handler(ctx: Context<{ afterId: number; limit?: number }>) {
        const rows = await scopedRepository(ctx, AccessEventEntity).find({
          where: { id: MoreThan(ctx.params.afterId) }, order: { id: "ASC" }, take: ctx.params.limit ?? 100,
        });
        return { items: rows.map(presentEvent), lastId: rows.length ? rows[rows.length - 1].id : ctx.params.afterId };
      },
    }),
  },
};
