/**
 * `yiyang-fire-safety.access.*`: Y4 intrusion from access events and the rest of Y2
 * (authorisation changes, passages and capture references to the county).
 *
 * Community side: `community.access.recorded` → each new access event processed once
 * (alarms/intrusion.ts); `community.authorisation.changed` → the revision enqueued once
 * (alarms/authorisation.ts). A sweep every minute catches what an event did not: access events
 * after the cursor (`community.accessEvents.since`), intrusions whose raise is pending, and
 * authorisations whose current revision has no marker.
 *
 * County side: the projection of received authorisations and access events, and their lists
 * (subtree of the caller; holder identity masked).
 */
import type { Context, ServiceBroker, ServiceSchema } from "moleculer";
import type { DataSource } from "typeorm";
import { hostOf, requireJurisdiction, systemContext } from "@anju/kernel";
import {
  ACCESS_EVENT_KINDS, ACCESS_OUTCOMES, AUTHORISATION_STATUSES, AUTHORISATION_SUBJECTS, CommunityActions, CommunityEvents, type AccessEvent, type AccessRecordedEvent, type AuthorisationChangedEvent } from "@anju/plugin-community";
import { YiyangServices } from "../actions.js";
import { action } from "../access.js";
import { PLUGIN_ID, Permissions as P } from "../constants.js";
import { enumOf, object, paging } from "../schema.js";
import { systemTransaction } from "../alarms/db.js";
import { sendAuthorisation, unsentAuthorisations } from "../alarms/authorisation.js";
import { registerCountyAccessProjection, toCountyAccessEvent, toCountyAuthorisation } from "../alarms/county-access.js";
import { cursorOf, moveCursor, pendingIntrusions, processAccessEvent, raiseOnDevice, toAccessEvent, type IntrusionDeps } from "../alarms/intrusion.js";
import { sweepLifecycle } from "./sweep-lifecycle.js";

const SWEEP_MS = 60_000;
const SINCE_PAGE = 500;
/** How long an access event must have been stored before the sweep's cursor moves past it. */
const CURSOR_GRACE_MS = 5 * 60_000;
/** Access events one sweep reads at most per root; the next sweep goes on. */
const SWEEP_LIMIT = 20_000;

function enabledAt(broker: ServiceBroker, jurisdiction: string): boolean {
  try {
    return hostOf(broker).plugins.cache.isEnabled(PLUGIN_ID, jurisdiction);
  } catch {
    return false;
  }
}

const depsOf = (broker: ServiceBroker): IntrusionDeps => ({ broker, enabledAt: (j) => enabledAt(broker, j) });

/** The events a `community.access.recorded` names, read through `since` (masked) from just before the first. */
export async function handleAccessRecorded(broker: ServiceBroker, e: AccessRecordedEvent): Promise<number> {
  if (!e?.ids?.length || !enabledAt(broker, e.jurisdictionCode)) return 0;
  const wanted = new Set(e.ids);
  const first = Math.min(...e.ids);
  const last = Math.max(...e.ids);
  const got = await hostOf(broker).call<{ items: AccessEvent[] }>(CommunityActions.accessEvents.since, { afterId: first - 1, limit: Math.min(1000, last - first + 1) }, systemContext(e.jurisdictionCode));
  let n = 0;
  for (const row of got.items) {
    if (!wanted.has(row.id)) continue;
    if ((await processAccessEvent(depsOf(broker), toAccessEvent(row as unknown as Record<string, unknown>))) === "processed") n += 1;
  }
  return n;
}

/** Which of these access events carry their marker already (one query instead of a refused transaction each). */
async function markedAccess(ds: DataSource, ids: number[]): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const rows = (await systemTransaction(ds, "yiyang: access markers", (qr) => qr.query(
    `SELECT marker_key FROM \`yiyang_uplinked\` WHERE marker_key IN (${ids.map(() => "?").join(", ")})`, ids.map((id) => `access:${id}`)))) as Array<{ marker_key: string }>;
  return new Set(rows.map((r) => Number(r.marker_key.slice("access:".length))));
}

export interface AccessSweepResult { accessEvents: number; intrusionsRaised: number; authorisations: number }

async function roots(broker: ServiceBroker): Promise<string[]> {
  return (await hostOf(broker).jurisdictions.list()).filter((j) => !j.parentCode).map((j) => j.code);
}

/** Y2/Y4 catch-up: access events after the cursor, pending intrusion raises, unsent authorisation revisions. */
export async function sweepAccess(broker: ServiceBroker): Promise<AccessSweepResult> {
  const out: AccessSweepResult = { accessEvents: 0, intrusionsRaised: 0, authorisations: 0 };
  const ds = hostOf(broker).ds;
  const deps = depsOf(broker);
  for (const root of await roots(broker)) {
    const name = `access-events:${root}`;
    let after = await systemTransaction(ds, "yiyang: cursor", (qr) => cursorOf(qr, name));
    for (let read = 0; read < SWEEP_LIMIT;) {
      let page: { items: AccessEvent[]; lastId: number };
      try {
        page = await hostOf(broker).call(CommunityActions.accessEvents.since, { afterId: after, limit: SINCE_PAGE }, systemContext(root));
      } catch (err) {
        const type = (err as { type?: string }).type;
        // No community plugin at this root (or none on this node): nothing to read.
        if (type === "SERVICE_NOT_FOUND" || type === "PLUGIN_NOT_ENABLED" || (err as { code?: number }).code === 404) break;
        throw err;
      }
      if (!page.items.length) break;
      read += page.items.length;
      const done = await markedAccess(ds, page.items.map((r) => r.id));
      // The cursor stops before the first event stored less than CURSOR_GRACE_MS ago: on MariaDB an
      // ingestion transaction that took a lower id may still commit after this one is seen.
      const settled = Date.now() - CURSOR_GRACE_MS;
      let holding = false;
      for (const row of page.items) {
        // A failure stops here: the cursor stays before the event, the next sweep tries it again.
        if (!done.has(row.id) && (await processAccessEvent(deps, toAccessEvent(row as unknown as Record<string, unknown>))) === "processed") out.accessEvents += 1;
        if (Number(row.receivedAt) > settled) holding = true;
        if (!holding) after = row.id;
      }
      await systemTransaction(ds, "yiyang: cursor", (qr) => moveCursor(qr, name, after));
      if (holding) break;
    }
  }
  for (const row of await systemTransaction(ds, "yiyang: pending intrusions", (qr) => pendingIntrusions(qr))) {
    if (!enabledAt(broker, row.jurisdictionCode)) continue;
    if (await raiseOnDevice(broker, row)) out.intrusionsRaised += 1;
  }
  let afterId = 0;
  for (let scanned = 0; scanned < SWEEP_LIMIT;) {
    const page = await unsentAuthorisations(ds, afterId, 500);
    if (!page.length) break;
    scanned += page.length;
    afterId = page[page.length - 1].id;
    for (const a of page) {
      if (!enabledAt(broker, a.jurisdictionCode)) continue;
      if (await sendAuthorisation(broker, { id: a.id, jurisdictionCode: a.jurisdictionCode })) out.authorisations += 1;
    }
  }
  return out;
}

interface CountyListParams { page: number; pageSize: number }

/** Rows of a county table in the caller's subtree, newest first. */
async function countyPage(ctx: Context<CountyListParams>, table: string, order: string, filters: Array<[string, unknown]>) {
  const { page, pageSize } = ctx.params;
  const node = await hostOf(ctx.broker).jurisdictions.get(requireJurisdiction(ctx));
  const present = filters.filter(([, v]) => v !== undefined);
  const where = ["jurisdiction_code IN (SELECT code FROM anju_jurisdiction WHERE path LIKE ?)", ...present.map(([c]) => `${c} = ?`)].join(" AND ");
  const params = [`${node.path}%`, ...present.map(([, v]) => v)];
  const ds = hostOf(ctx.broker).ds;
  return systemTransaction(ds, "yiyang: county list", async (qr) => {
    const count = (await qr.query(`SELECT COUNT(*) AS n FROM \`${table}\` WHERE ${where}`, params)) as Array<{ n: unknown }>;
    const rows = (await qr.query(`SELECT * FROM \`${table}\` WHERE ${where} ORDER BY ${order} LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`, params)) as Array<Record<string, unknown>>;
    return { rows, total: Number(count[0]?.n ?? 0), page, pageSize };
  });
}

export const accessService: ServiceSchema = {
  name: YiyangServices.access,
  events: {
    [CommunityEvents.accessRecorded]: {
      async handler(ctx: Context<AccessRecordedEvent>) {
        try {
          await handleAccessRecorded(ctx.broker, ctx.params);
        } catch (err) {
          // The sweep picks up what failed here (no marker, cursor before it).
          ctx.broker.logger.warn(`yiyang: access events ${JSON.stringify(ctx.params?.ids ?? [])} not processed yet: ${(err as Error).message}`);
        }
      },
    },
    [CommunityEvents.authorisationChanged]: {
      async handler(ctx: Context<AuthorisationChangedEvent>) {
        const e = ctx.params;
        if (!e?.id || !enabledAt(ctx.broker, e.jurisdictionCode)) return;
        try {
          await sendAuthorisation(ctx.broker, e);
        } catch (err) {
          ctx.broker.logger.warn(`yiyang: authorisation ${e.id} r${e.revision} not enqueued yet: ${(err as Error).message}`);
        }
      },
    },
  },
  actions: {
    /** County node: resident authorisations the communities sent (Y2), holder identity masked. */
    countyAuthorisations: action(P.accessRead, {
      params: object({ ...paging, status: enumOf(AUTHORISATION_STATUSES), subject: enumOf(AUTHORISATION_SUBJECTS) }),
      async handler(ctx: Context<CountyListParams & { status?: string; subject?: string }>) {
        const got = await countyPage(ctx, "yiyang_county_authorisation", "changed_at DESC, id DESC", [["status", ctx.params.status], ["subject", ctx.params.subject]]);
        return { items: got.rows.map(toCountyAuthorisation), total: got.total, page: got.page, pageSize: got.pageSize };
      },
    }),

    /** County node: passages and captures the communities sent (Y2), with capture references only. */
    countyAccessEvents: action(P.accessRead, {
      params: object({ ...paging, outcome: enumOf(ACCESS_OUTCOMES), kind: enumOf(ACCESS_EVENT_KINDS) }),
      async handler(ctx: Context<CountyListParams & { outcome?: string; kind?: string }>) {
        const got = await countyPage(ctx, "yiyang_county_access_event", "occurred_at DESC, id DESC", [["outcome", ctx.params.outcome], ["kind", ctx.params.kind]]);
        return { items: got.rows.map(toCountyAccessEvent), total: got.total, page: got.page, pageSize: got.pageSize };
      },
    }),
  },
  // Y4/Y2: the access-event sweep; the county side projects authorisations and access events.
  ...sweepLifecycle("access sweep", SWEEP_MS, sweepAccess, registerCountyAccessProjection),
};
