/**
 * `yiyang-fire-safety.alarms.*`: Y3 alarm handling. Alarms come from the device platform's
 * events (`devices.alarm.*`) for the jurisdictions where this plugin is enabled; each gets a
 * handling record that people walk through acknowledge → dispatch → on-site result → close,
 * each step with time and user, audited. The device platform is told of the acknowledgement and
 * the close (so it stops escalating). Alarms and device codes go to the county over the uplink
 * (Y2, see alarms/uplink.ts). Another community's record is "not found".
 */
import type { Context, ServiceBroker, ServiceSchema } from "moleculer";
import { In, type FindOptionsWhere } from "typeorm";
import { hostOf, requireJurisdiction, requireRequestContext, scopedRepository, systemContext } from "@anju/kernel";
import { CommunityActions, communityById, readAll, type BuildingRow, type UnitRow } from "@anju/plugin-community";
import type { AlarmEvent } from "@anju/devices";
import { auditAct } from "@anju/sdk";
import { YiyangAudit, YiyangServices } from "../actions.js";
import { action } from "../access.js";
import { nowOf } from "../clock.js";
import {
  HANDLING_STAGES, HANDLING_STEPS, PLUGIN_ID, Permissions as P, SEVERITIES, STEP_FROM, VERDICTS, type HandlingStage, type HandlingStep, type Verdict,
} from "../constants.js";
import { HandlingEntity, type HandlingRow } from "../entities/index.js";
import { YiyangErrors } from "../errors.js";
import { byId, enumOf, id, object, paging, text } from "../schema.js";
import { isDuplicateKey, num, systemTransaction } from "../alarms/db.js";
import { alarmFacts, applyStep, fromEntity, handlingById, handlingByAlarm, insertHandling, mirrorAlarm, type AlarmFacts, type HandlingView, type StepInput } from "../alarms/handling.js";
import { flat, groupStats } from "../alarms/stats.js";
import { registerCountyProjection, toCountyAlarm } from "../alarms/county.js";
import { isOwnIntrusion } from "../alarms/intrusion.js";
import { alarmMarker, closedRecord, enqueueOnce, ensureOutbox, isMissingTable, raisedRecord, sendOnce, sweep, type SweepResult } from "../alarms/uplink.js";
import { sweepLifecycle } from "./sweep-lifecycle.js";

const STAGE_ZH: Record<HandlingStage, string> = { new: "待确认", acknowledged: "已确认", dispatched: "已派员", resolved: "已出现场结果", closed: "已关闭" };
const STEP_ZH: Record<HandlingStep, string> = { acknowledge: "确认", dispatch: "派员", result: "现场结果", close: "关闭" };
const STEP_AUDIT: Record<HandlingStep, string> = {
  acknowledge: YiyangAudit.alarmAcknowledge, dispatch: YiyangAudit.alarmDispatch, result: YiyangAudit.alarmResult, close: YiyangAudit.alarmClose,
};
/** The device platform's actions (by name: the plugin runs without importing its service). */
const DEVICES = { acknowledge: "devices.acknowledge", close: "devices.close" } as const;
const SWEEP_MS = 60_000;

function enabledAt(broker: ServiceBroker, jurisdiction: string): boolean {
  try {
    return hostOf(broker).plugins.cache.isEnabled(PLUGIN_ID, jurisdiction);
  } catch {
    return false;
  }
}

function factsOfEvent(e: AlarmEvent): AlarmFacts {
  const a = e.alarm;
  return { id: a.id, deviceCode: a.deviceCode, jurisdiction: e.jurisdiction, ruleId: a.ruleId, severity: a.severity, title: a.title, status: a.status, raisedAt: a.raisedAt, clearedAt: a.clearedAt };
}

/** Create the handling record (idempotent) and, inside the same transaction, mirror the platform's change. */
async function recordEvent(broker: ServiceBroker, kind: string, e: AlarmEvent): Promise<HandlingView | null> {
  const ds = hostOf(broker).ds;
  // The table's current row, not the event's copy: events of one alarm may be handled out of order.
  const facts = (await alarmFacts(ds, e.alarm.id)) ?? factsOfEvent(e);
  try {
    return await systemTransaction(ds, "yiyang: alarm handling", async (qr) => {
      await insertHandling(qr, facts);
      if (kind !== "raised") await mirrorAlarm(qr, facts, kind, e.by, e.at);
      return handlingByAlarm(qr, facts.id);
    });
  } catch (err) {
    // Two events of one new alarm at once: the other created the row; mirror again on it.
    if (!isDuplicateKey(err)) throw err;
    return systemTransaction(ds, "yiyang: alarm handling", async (qr) => {
      if (kind !== "raised") await mirrorAlarm(qr, facts, kind, e.by, e.at);
      return handlingByAlarm(qr, facts.id);
    });
  }
}

export async function handleAlarmEvent(broker: ServiceBroker, eventName: string, e: AlarmEvent): Promise<void> {
  if (!e?.alarm?.id || !enabledAt(broker, e.jurisdiction)) return;
  const kind = eventName.slice("devices.alarm.".length);
  const h = await recordEvent(broker, kind, e);
  if (h) {
    const ds = hostOf(broker).ds;
    await ensureOutbox(ds);
    await sendOnce(ds, alarmMarker(h.alarmId, "raised"), raisedRecord(h), Date.now());
  }
}

/** Y2 catch-up: enqueue alarms, closed records and devices that have no uplink marker yet. */
export async function sweepUplink(broker: ServiceBroker): Promise<SweepResult> {
  const ds = hostOf(broker).ds;
  return sweep(ds, (j) => enabledAt(broker, j), async (alarmId) => {
    const existing = await handlingByAlarmSystem(broker, alarmId);
    if (existing) return existing;
    const facts = await alarmFacts(ds, alarmId);
    if (!facts) return null;
    try {
      return await systemTransaction(ds, "yiyang: alarm handling", (qr) => insertHandling(qr, facts));
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      return handlingByAlarmSystem(broker, alarmId);
    }
  }, Date.now());
}

function handlingByAlarmSystem(broker: ServiceBroker, alarmId: string): Promise<HandlingView | null> {
  const ds = hostOf(broker).ds;
  return systemTransaction(ds, "yiyang: read handling", (qr) => handlingByAlarm(qr, alarmId));
}

/** The caller's record, or the data layer's 404 for another jurisdiction's. */
async function visible(ctx: Context, recordId: number): Promise<HandlingView> {
  return fromEntity(await scopedRepository(ctx, HandlingEntity).getBy({ id: recordId }) as unknown as Record<string, unknown>);
}

async function tellDevices(broker: ServiceBroker, name: string, params: Record<string, unknown>, jurisdiction: string): Promise<void> {
  try {
    await hostOf(broker).call(name, params, systemContext(jurisdiction));
  } catch (err) {
    // Already acknowledged or closed there (someone used the device page), or no device platform on this node.
    const type = (err as { type?: string }).type;
    if (type !== "ALARM_STATE_CONFLICT") broker.logger.warn(`yiyang: ${name} for alarm ${String(params.id)} failed: ${(err as Error).message}`);
  }
}

async function step(ctx: Context<{ id: number } & StepInput>, which: HandlingStep): Promise<ReturnType<typeof view>> {
  const rc = requireRequestContext(ctx);
  const current = await visible(ctx, ctx.params.id);
  const by = rc.principal.id.slice(0, 64);
  const at = nowOf(ctx.broker).getTime();
  const input: StepInput = {
    dispatchedTo: ctx.params.dispatchedTo?.trim(), resultText: ctx.params.resultText?.trim(), verdict: ctx.params.verdict, hazardRemoved: ctx.params.hazardRemoved,
  };
  const ds = hostOf(ctx.broker).ds;
  if (which === "close") await ensureOutbox(ds);
  const done = await systemTransaction(ds, `yiyang: alarm ${which}`, async (qr) => {
    if (!(await applyStep(qr, current.id, which, by, at, input))) return null;
    const after = (await handlingById(qr, current.id))!;
    // Y2: the county gets the closed alarm with its handling times, committed with the close.
    if (which === "close") await enqueueOnce(qr, alarmMarker(after.alarmId, "closed"), closedRecord(after), Date.now());
    return after;
  }).catch((err: unknown) => {
    // A closed marker already there (a sweep got in first cannot happen before the close commits; kept for safety).
    if (isDuplicateKey(err)) return null;
    throw err;
  });
  if (!done) {
    const now = await visible(ctx, ctx.params.id);
    throw YiyangErrors.YIYANG_ALARM_STEP_OUT_OF_ORDER({ stage: now.stage, stageZh: STAGE_ZH[now.stage], step: which, stepZh: STEP_ZH[which], rule: "Y3", expected: STEP_FROM[which] });
  }
  await auditAct(ctx, STEP_AUDIT[which], String(done.id), done.jurisdictionCode, {
    alarmId: done.alarmId, deviceCode: done.deviceCode, ruleId: done.ruleId,
    ...(which === "dispatch" ? { dispatchedTo: done.dispatchedTo } : {}),
    ...(which === "result" ? { verdict: done.verdict, hazardRemoved: done.hazardRemoved } : {}),
  });
  // Yiyang's own intrusion records (Y4, no device alarm behind them) have nothing to tell the platform.
  const platform = !isOwnIntrusion(done.alarmId);
  if (platform && which === "acknowledge") await tellDevices(ctx.broker, DEVICES.acknowledge, { id: done.alarmId }, done.jurisdictionCode);
  if (platform && which === "close") await tellDevices(ctx.broker, DEVICES.close, { id: done.alarmId, reason: `弋阳处置关闭 ${done.verdict ?? ""}`.trim() }, done.jurisdictionCode);
  return view(done);
}

function view(h: HandlingView) {
  return {
    ...h, title: h.titleZh,
    raisedAt: new Date(h.raisedAt).toISOString(), clearedAt: iso(h.clearedAt), acknowledgedAt: iso(h.acknowledgedAt), dispatchedAt: iso(h.dispatchedAt),
    resultAt: iso(h.resultAt), closedAt: iso(h.closedAt),
    ackSeconds: h.acknowledgedAt === null ? null : Math.round((h.acknowledgedAt - h.raisedAt) / 1000),
    closeSeconds: h.closedAt === null ? null : Math.round((h.closedAt - h.raisedAt) / 1000),
  };
}
const iso = (v: number | null) => (v === null ? null : new Date(v).toISOString());

interface ListParams { page: number; pageSize: number; stage?: HandlingStage; severity?: string; deviceCode?: string; open?: boolean }

async function allInScope(ctx: Context, where: FindOptionsWhere<HandlingRow> = {}): Promise<HandlingView[]> {
  const rows = await scopedRepository(ctx, HandlingEntity).find({ where, order: { raisedAt: "ASC", id: "ASC" } as never });
  return rows.map((r) => fromEntity(r as unknown as Record<string, unknown>));
}

async function jurisdictionNames(broker: ServiceBroker, codes: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const code of codes) {
    try {
      out.set(code, (await hostOf(broker).jurisdictions.get(code)).name);
    } catch {
      out.set(code, code);
    }
  }
  return out;
}

async function board(ctx: Context<{ communityId: number }>) {
  const jurisdiction = requireJurisdiction(ctx);
  const community = await communityById(ctx.broker, jurisdiction, ctx.params.communityId);
  const node = community.jurisdictionCode;
  const [buildings, units] = await Promise.all([
    readAll<BuildingRow>(ctx.broker, jurisdiction, CommunityActions.buildings.list, { communityId: community.id }),
    readAll<UnitRow>(ctx.broker, jurisdiction, CommunityActions.units.list, { communityId: community.id }),
  ]);
  const ds = hostOf(ctx.broker).ds;
  const own = (await systemTransaction(ds, "yiyang: community board", (qr) => qr.query(
    "SELECT * FROM `yiyang_alarm_handling` WHERE jurisdiction_code = ? AND alarm_id LIKE 'intrusion-%' AND stage <> 'closed' ORDER BY raised_at", [node]))) as Array<Record<string, unknown>>;
  let devices: Array<Record<string, unknown>> = [];
  let alarms: Array<Record<string, unknown>> = [];
  try {
    [devices, alarms] = await systemTransaction(ds, "yiyang: community board", async (qr) => [
      (await qr.query("SELECT * FROM `anju_device` WHERE jurisdiction_code = ? ORDER BY code", [node])) as Array<Record<string, unknown>>,
      (await qr.query("SELECT a.id, a.device_code, a.rule_id, a.severity, a.title_zh, a.status, a.raised_at, h.id AS handling_id, h.stage FROM `anju_device_alarm` a LEFT JOIN `yiyang_alarm_handling` h ON h.alarm_id = a.id WHERE a.jurisdiction_code = ? AND (a.status <> 'closed' OR (h.stage IS NOT NULL AND h.stage <> 'closed')) ORDER BY a.raised_at", [node])) as Array<Record<string, unknown>>,
    ]);
  } catch (err) {
    // No device platform on this node: the board shows the buildings and Yiyang's own intrusion records.
    if (!isMissingTable(err)) throw err;
  }
  const openOf = new Map<string, unknown[]>();
  for (const a of alarms) {
    const list = openOf.get(String(a.device_code)) ?? [];
    list.push({
      alarmId: String(a.id), ruleId: a.rule_id, severity: a.severity, title: a.title_zh, alarmStatus: a.status, raisedAt: new Date(Number(a.raised_at)).toISOString(),
      handlingId: num(a.handling_id), stage: a.stage ?? null,
    });
    openOf.set(String(a.device_code), list);
  }
  const deviceViews = devices.map((d) => {
    const open = openOf.get(String(d.code)) ?? [];
    return {
      code: String(d.code), name: String(d.name), profileId: String(d.profile_id), driverPluginId: String(d.driver_plugin_id),
      category: d.category === null || d.category === undefined ? null : String(d.category), state: String(d.state),
      lastSeenAt: iso(num(d.last_seen_at)), openAlarms: open, status: open.length ? "alarm" : String(d.state),
    };
  });
  // Where each device sits (the community plugin's placements): building → unit; the rest at community level.
  const placed = new Map((await placementsOf(ctx.broker, jurisdiction, community.id)).map((p) => [p.deviceCode, p]));
  const inUnit = (unitId: number) => deviceViews.filter((d) => placed.get(d.code)?.unitId === unitId);
  const inBuilding = (buildingId: number) => deviceViews.filter((d) => placed.get(d.code)?.buildingId === buildingId && !placed.get(d.code)?.unitId);
  const buildingIds = new Set(buildings.map((b) => b.id));
  const unplaced = deviceViews.filter((d) => !placed.has(d.code) || !buildingIds.has(placed.get(d.code)!.buildingId));
  return {
    communityId: community.id, communityName: community.name, jurisdictionCode: node,
    buildings: buildings.map((b) => ({
      id: b.id, name: b.name,
      // Devices placed in the building but no unit (a hydrant line, the fire control room's transmission device).
      devices: inBuilding(b.id),
      units: units.filter((u) => u.buildingId === b.id).map((u) => ({ id: u.id, name: u.name, devices: inUnit(u.id) })),
    })),
    // Devices without a placement (or placed in a building this community no longer has).
    devices: unplaced,
    // Y4 intrusions Yiyang handles itself (an access event without a registered device).
    intrusions: own.map((h) => ({
      handlingId: Number(h.id), alarmId: String(h.alarm_id), ruleId: String(h.rule_id), severity: String(h.severity), title: String(h.title_zh),
      stage: String(h.stage), raisedAt: new Date(Number(h.raised_at)).toISOString(),
    })),
    summary: {
      devices: deviceViews.length, placed: deviceViews.length - unplaced.length, online: deviceViews.filter((d) => d.state === "online").length,
      offline: deviceViews.filter((d) => d.state === "offline").length, withOpenAlarms: deviceViews.filter((d) => d.openAlarms.length > 0).length,
      openAlarms: alarms.length + own.length,
    },
  };
}

interface PlacementView { deviceCode: string; communityId: number; buildingId: number; unitId: number | null }

async function placementsOf(broker: ServiceBroker, jurisdiction: string, communityId: number): Promise<PlacementView[]> {
  try {
    return (await hostOf(broker).call<{ items: PlacementView[] }>(CommunityActions.placements.list, { communityId }, systemContext(jurisdiction))).items;
  } catch (err) {
    // A community plugin without placements (older node): every device at community level.
    if ((err as { type?: string }).type === "SERVICE_NOT_FOUND") return [];
    throw err;
  }
}

export const alarmsService: ServiceSchema = {
  name: YiyangServices.alarms,
  events: {
    "devices.alarm.*": {
      async handler(ctx: Context<AlarmEvent>) {
        try {
          await handleAlarmEvent(ctx.broker, ctx.eventName ?? "", ctx.params);
        } catch (err) {
          // The sweep picks up what failed here (its marker is missing).
          ctx.broker.logger.warn(`yiyang: alarm event ${ctx.eventName} not recorded: ${(err as Error).message}`);
        }
      },
    },
  },
  actions: {
    list: action(P.alarmRead, {
      params: object({ ...paging, stage: enumOf(HANDLING_STAGES), severity: enumOf(SEVERITIES), deviceCode: text(64), open: { type: "boolean" } }),
      async handler(ctx: Context<ListParams>) {
        const { page, pageSize, stage, severity, deviceCode, open } = ctx.params;
        const where = {
          ...(stage ? { stage } : open ? { stage: In(HANDLING_STAGES.filter((s) => s !== "closed")) } : {}),
          ...(severity ? { severity } : {}), ...(deviceCode ? { deviceCode } : {}),
        } as FindOptionsWhere<HandlingRow>;
        const [rows, total] = await scopedRepository(ctx, HandlingEntity).findAndCount({
          where, order: { raisedAt: "DESC", id: "DESC" } as never, skip: (page - 1) * pageSize, take: pageSize,
        });
        return { items: rows.map((r) => view(fromEntity(r as unknown as Record<string, unknown>))), total, page, pageSize };
      },
    }),

    get: action(P.alarmRead, {
      params: byId,
      handler: async (ctx: Context<{ id: number }>) => view(await visible(ctx, ctx.params.id)),
    }),

    acknowledge: action(P.alarmHandle, { params: byId, handler: (ctx: Context<{ id: number }>) => step(ctx, "acknowledge") }),

    dispatch: action(P.alarmHandle, {
      params: object({ id, dispatchedTo: text(200) }, ["id", "dispatchedTo"]),
      handler: (ctx: Context<{ id: number; dispatchedTo: string }>) => step(ctx, "dispatch"),
    }),

    result: action(P.alarmHandle, {
      params: object({ id, resultText: text(500), verdict: enumOf(VERDICTS), hazardRemoved: { type: "boolean" } }, ["id", "resultText", "verdict", "hazardRemoved"]),
      handler: (ctx: Context<{ id: number; resultText: string; verdict: Verdict; hazardRemoved: boolean }>) => step(ctx, "result"),
    }),

    close: action(P.alarmHandle, { params: byId, handler: (ctx: Context<{ id: number }>) => step(ctx, "close") }),

    /** Per community in the caller's subtree, and the subtree as a whole (`total`). */
    stats: action(P.alarmRead, {
      params: object({}),
      async handler(ctx: Context) {
        const rows = await allInScope(ctx);
        const byNode = new Map<string, HandlingView[]>();
        for (const r of rows) byNode.set(r.jurisdictionCode, [...(byNode.get(r.jurisdictionCode) ?? []), r]);
        const names = await jurisdictionNames(ctx.broker, [...byNode.keys(), requireJurisdiction(ctx)]);
        const caller = requireJurisdiction(ctx);
        const total = flat(groupStats(caller, names.get(caller) ?? caller, rows));
        return {
          ...total,
          items: [...byNode.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([code, list]) => flat(groupStats(code, names.get(code) ?? code, list))),
        };
      },
    }),

    /** County node: the alarms the communities of the caller's subtree sent up (Y2), newest first. */
    county: action(P.alarmRead, {
      params: object({ ...paging, event: enumOf(["raised", "closed"]) }),
      async handler(ctx: Context<{ page: number; pageSize: number; event?: string }>) {
        const { page, pageSize, event } = ctx.params;
        const node = await hostOf(ctx.broker).jurisdictions.get(requireJurisdiction(ctx));
        const where = "jurisdiction_code IN (SELECT code FROM anju_jurisdiction WHERE path LIKE ?)" + (event ? " AND event = ?" : "");
        const params = [`${node.path}%`, ...(event ? [event] : [])];
        const ds = hostOf(ctx.broker).ds;
        const [count, rows] = await systemTransaction(ds, "yiyang: county alarms", async (qr) => [
          (await qr.query(`SELECT COUNT(*) AS n FROM \`yiyang_county_alarm\` WHERE ${where}`, params)) as Array<{ n: unknown }>,
          (await qr.query(`SELECT * FROM \`yiyang_county_alarm\` WHERE ${where} ORDER BY raised_at DESC, id DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`, params)) as Array<Record<string, unknown>>,
        ] as const);
        return {
          items: rows.map(toCountyAlarm).map((a) => ({ ...a, raisedAt: new Date(a.raisedAt).toISOString(), closedAt: iso(a.closedAt), receivedAt: new Date(a.receivedAt).toISOString() })),
          total: Number(count[0]?.n ?? 0), page, pageSize,
        };
      },
    }),

    board: action(P.alarmRead, {
      params: object({ communityId: id }, ["communityId"]),
      handler: (ctx: Context<{ communityId: number }>) => board(ctx),
    }),
  },
  // Y2: the uplink catch-up sweep; the county side projects alarms into yiyang_county_alarm.
  ...sweepLifecycle("uplink sweep", SWEEP_MS, sweepUplink, registerCountyProjection),
};

export { HANDLING_STEPS };
