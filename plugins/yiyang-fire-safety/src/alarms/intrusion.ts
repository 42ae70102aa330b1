/**
 * Y4 intrusion of outside persons and vehicles, from the community plugin's access events:
 * - a forced passage (outcome `forced`) is an intrusion (major);
 * - `intrusionAttempts` denials of unregistered credentials at one access point (its device, or
 *   the access point, or the community when neither is known) within `intrusionWindowMinutes`
 *   are an intrusion attempt (minor).
 *
 * Each access event is processed once: the marker `access:<id>` (yiyang_uplinked) goes in the
 * same transaction as its Y2 upward record, the denial it adds to the window and the intrusion it
 * detects. The event `community.access.recorded` starts it; a sweep over
 * `community.accessEvents.since` (cursor in yiyang_cursor) catches what an event did not.
 *
 * An intrusion on an event with a device code is raised through the device platform
 * (`devices.alarms.raise`), so it enters the same handling flow as every device alarm (the
 * platform's `devices.alarm.raised` event creates Yiyang's handling record). An event without a
 * device code — or whose device is not registered on the platform — is not dropped: Yiyang opens
 * its own handling record (`intrusion-<id>`) in the same transaction and sends it up.
 */
import type { ServiceBroker } from "moleculer";
import type { QueryRunner } from "typeorm";
import { hostOf, systemContext } from "@anju/kernel";
import type { UplinkRecord } from "@anju/uplink";
import { IntrusionRules, UplinkKinds } from "../constants.js";
import { settingsAt } from "../settings.js";
import { affected, isDuplicateKey, num, systemTransaction } from "./db.js";
import { handlingByAlarm, insertHandling } from "./handling.js";
import { alarmMarker, enqueueOnce, ensureOutbox, raisedRecord } from "./uplink.js";

/** The device platform's action for event-driven alarms (core/devices contract). */
export const RAISE_ALARM = "devices.alarms.raise";

/** An access event as the community plugin answers it (masked; only what Yiyang uses). */
export interface AccessEventView {
  id: number;
  jurisdictionCode: string;
  communityId: number;
  accessPointId: number | null;
  deviceCode: string | null;
  kind: string;
  subject: string;
  direction: string | null;
  method: string;
  outcome: string;
  registered: boolean;
  authorisationId: number | null;
  captureRef: string | null;
  occurredAt: number;
}

const msOf = (v: unknown): number => (typeof v === "number" ? v : v instanceof Date ? v.getTime() : typeof v === "string" && /^\d+$/.test(v) ? Number(v) : Date.parse(String(v)));

/** The community plugin's row, whatever it returns times and ids as. */
export function toAccessEvent(r: Record<string, unknown>): AccessEventView {
  const opt = (v: unknown) => (v === null || v === undefined || v === "" ? null : String(v));
  return {
    id: Number(r.id), jurisdictionCode: String(r.jurisdictionCode), communityId: Number(r.communityId),
    accessPointId: r.accessPointId === null || r.accessPointId === undefined ? null : Number(r.accessPointId),
    deviceCode: opt(r.deviceCode), kind: String(r.kind), subject: String(r.subject), direction: opt(r.direction), method: String(r.method),
    outcome: String(r.outcome), registered: Boolean(r.registered), authorisationId: r.authorisationId === null || r.authorisationId === undefined ? null : Number(r.authorisationId),
    captureRef: opt(r.captureRef), occurredAt: msOf(r.occurredAt),
  };
}

/** Where the attempt rule counts: the device, else the access point, else the community. */
export function scopeOf(e: Pick<AccessEventView, "deviceCode" | "accessPointId" | "communityId">): string {
  return e.deviceCode ? `device:${e.deviceCode}` : e.accessPointId ? `access-point:${e.accessPointId}` : `community:${e.communityId}`;
}

/**
 * Y2: the access event as the county receives it — a passage or capture with its reference
 * (never the image), without the credential (personal information the county does not need).
 * Ordered per device, or per community when the event names none.
 */
export function accessRecord(e: AccessEventView): UplinkRecord {
  return {
    kind: UplinkKinds.accessEvent, deviceCode: e.deviceCode ?? `community-${e.communityId}`, ts: e.occurredAt,
    data: {
      id: e.id, jurisdiction: e.jurisdictionCode, communityId: e.communityId, accessPointId: e.accessPointId, deviceCode: e.deviceCode, kind: e.kind, subject: e.subject,
      direction: e.direction, method: e.method, outcome: e.outcome, registered: e.registered, captureRef: e.captureRef, occurredAt: e.occurredAt,
    },
  };
}

export interface IntrusionRow {
  id: number; jurisdictionCode: string; communityId: number; ruleId: string; severity: string; scopeKey: string; deviceCode: string | null;
  accessPointId: number | null; accessEventId: number; occurrences: number; occurredAt: number; alarmId: string | null;
}

const I = "`yiyang_intrusion`";

function toIntrusion(r: Record<string, unknown>): IntrusionRow {
  return {
    id: Number(r.id), jurisdictionCode: String(r.jurisdiction_code), communityId: Number(r.community_id), ruleId: String(r.rule_id), severity: String(r.severity),
    scopeKey: String(r.scope_key), deviceCode: r.device_code === null || r.device_code === undefined ? null : String(r.device_code), accessPointId: num(r.access_point_id),
    accessEventId: Number(r.access_event_id), occurrences: Number(r.occurrences), occurredAt: Number(r.occurred_at),
    alarmId: r.alarm_id === null || r.alarm_id === undefined ? null : String(r.alarm_id),
  };
}

type Rule = (typeof IntrusionRules)[keyof typeof IntrusionRules];

/** Yiyang's own handling record for an intrusion the device platform cannot carry; raised upward in the same transaction. */
async function openOwnHandling(qr: QueryRunner, row: IntrusionRow, rule: Rule, now: number): Promise<string> {
  const alarmId = `intrusion-${row.id}`;
  const h = await insertHandling(qr, {
    id: alarmId, deviceCode: row.deviceCode ?? "", jurisdiction: row.jurisdictionCode, ruleId: rule.ruleId, severity: rule.severity,
    title: rule.title, status: "open", raisedAt: row.occurredAt, clearedAt: null,
  });
  await qr.query(`UPDATE ${I} SET alarm_id = ? WHERE id = ?`, [alarmId, row.id]);
  await enqueueOnce(qr, alarmMarker(alarmId, "raised"), raisedRecord(h), now);
  return alarmId;
}

/** Yiyang's own handling record of an intrusion (no device alarm on the platform behind it). */
export const isOwnIntrusion = (alarmId: string): boolean => alarmId.startsWith("intrusion-");

export type Processed = "processed" | "seen" | "out-of-scope";

export interface IntrusionDeps {
  broker: ServiceBroker;
  enabledAt(jurisdiction: string): boolean;
}

/** One access event, once: Y2 record, Y4 window and detection; then the raise on the device platform. */
export async function processAccessEvent(deps: IntrusionDeps, e: AccessEventView, now = Date.now()): Promise<Processed> {
  if (!deps.enabledAt(e.jurisdictionCode)) return "out-of-scope";
  const ds = hostOf(deps.broker).ds;
  await ensureOutbox(ds);
  const settings = await settingsAt(deps.broker, e.jurisdictionCode);
  const scope = scopeOf(e);
  let detected: IntrusionRow | null;
  try {
    detected = await systemTransaction(ds, "yiyang: access event", async (qr) => {
      await enqueueOnce(qr, `access:${e.id}`, accessRecord(e), now);
      let rule: Rule | null = null;
      if (e.outcome === "forced") rule = IntrusionRules.intrusion;
      else if (e.outcome === "denied" && !e.registered) {
        await qr.query("INSERT INTO `yiyang_access_denial` (jurisdiction_code, scope_key, access_event_id, occurred_at) VALUES (?, ?, ?, ?)", [e.jurisdictionCode, scope, e.id, e.occurredAt]);
        const windowMs = settings.intrusionWindowMinutes * 60_000;
        const n = (await qr.query("SELECT COUNT(*) AS n FROM `yiyang_access_denial` WHERE scope_key = ? AND occurred_at > ? AND occurred_at <= ?", [scope, e.occurredAt - windowMs, e.occurredAt])) as Array<{ n: unknown }>;
        if (Number(n[0]?.n ?? 0) >= settings.intrusionAttempts) rule = IntrusionRules.attempt;
      }
      if (!rule) return null;
      // One open record per place and rule: a further denial (or forced passage) while it is being handled adds an occurrence.
      const open = (await qr.query(
        `SELECT i.id FROM ${I} i LEFT JOIN \`yiyang_alarm_handling\` h ON h.alarm_id = i.alarm_id
         WHERE i.scope_key = ? AND i.rule_id = ? AND (i.alarm_id IS NULL OR h.id IS NULL OR h.stage <> 'closed') ORDER BY i.id DESC LIMIT 1`, [scope, rule.ruleId])) as Array<{ id: unknown }>;
      if (open[0] && e.deviceCode === null) {
        await affected(qr, `UPDATE ${I} SET occurrences = occurrences + 1, last_occurred_at = ? WHERE id = ?`, [e.occurredAt, Number(open[0].id)]);
        return null;
      }
      await qr.query(
        `INSERT INTO ${I} (jurisdiction_code, community_id, rule_id, severity, scope_key, device_code, access_point_id, access_event_id, occurrences, occurred_at, last_occurred_at, alarm_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, NULL, ?)`,
        [e.jurisdictionCode, e.communityId, rule.ruleId, rule.severity, scope, e.deviceCode, e.accessPointId, e.id, e.occurredAt, e.occurredAt, now]);
      const row = toIntrusion(((await qr.query(`SELECT * FROM ${I} WHERE access_event_id = ? AND rule_id = ?`, [e.id, rule.ruleId])) as Array<Record<string, unknown>>)[0]);
      if (!e.deviceCode) row.alarmId = await openOwnHandling(qr, row, rule, now);
      return row;
    });
  } catch (err) {
    if (isDuplicateKey(err)) return "seen";
    throw err;
  }
  if (detected && detected.alarmId === null) await raiseOnDevice(deps.broker, detected, now);
  return "processed";
}

/**
 * Raise a detected intrusion on its device through the device platform. A device the platform
 * does not know (not registered, or outside the node) gets Yiyang's own handling record instead;
 * any other failure leaves `alarm_id` NULL for the sweep to retry.
 */
export async function raiseOnDevice(broker: ServiceBroker, row: IntrusionRow, now = Date.now()): Promise<string | null> {
  const rule = row.ruleId === IntrusionRules.intrusion.ruleId ? IntrusionRules.intrusion : IntrusionRules.attempt;
  const ds = hostOf(broker).ds;
  if (row.deviceCode) {
    try {
      const got = await hostOf(broker).call<{ alarm: { id: string }; created: boolean }>(RAISE_ALARM, {
        deviceCode: row.deviceCode, ruleId: rule.ruleId, severity: rule.severity, titleZh: rule.title["zh-CN"], titleEn: rule.title.en, resource: "access",
        value: { accessEventId: row.accessEventId, accessPointId: row.accessPointId }, at: row.occurredAt,
      }, systemContext(row.jurisdictionCode));
      await systemTransaction(ds, "yiyang: intrusion raised", (qr) => qr.query(`UPDATE ${I} SET alarm_id = ? WHERE id = ? AND alarm_id IS NULL`, [got.alarm.id, row.id]));
      return got.alarm.id;
    } catch (err) {
      const type = (err as { type?: string }).type;
      if (type !== "DEVICE_NOT_FOUND" && type !== "SERVICE_NOT_FOUND") {
        broker.logger.warn(`yiyang: intrusion ${row.id} not raised on ${row.deviceCode} (the sweep retries): ${(err as Error).message}`);
        return null;
      }
    }
  }
  return systemTransaction(ds, "yiyang: intrusion handling", async (qr) => {
    const current = ((await qr.query(`SELECT * FROM ${I} WHERE id = ?`, [row.id])) as Array<Record<string, unknown>>)[0];
    if (!current || current.alarm_id !== null) return current ? String(current.alarm_id) : null;
    return openOwnHandling(qr, toIntrusion(current), rule, now);
  });
}

/** Intrusions whose raise is still pending (the platform was unreachable): retried by the sweep. */
export async function pendingIntrusions(qr: QueryRunner, limit = 100): Promise<IntrusionRow[]> {
  const rows = (await qr.query(`SELECT * FROM ${I} WHERE alarm_id IS NULL ORDER BY id LIMIT ${limit}`, [])) as Array<Record<string, unknown>>;
  return rows.map(toIntrusion);
}

export async function cursorOf(qr: QueryRunner, name: string): Promise<number> {
  const r = (await qr.query("SELECT position FROM `yiyang_cursor` WHERE name = ?", [name])) as Array<{ position: unknown }>;
  return r[0] ? Number(r[0].position) : 0;
}

export async function moveCursor(qr: QueryRunner, name: string, position: number): Promise<void> {
  if ((await affected(qr, "UPDATE `yiyang_cursor` SET position = ? WHERE name = ? AND position < ?", [position, name, position])) > 0) return;
  try {
    await qr.query("INSERT INTO `yiyang_cursor` (name, position) VALUES (?, ?)", [name, position]);
  } catch (err) {
    // There already, at or beyond this position.
    if (!isDuplicateKey(err)) throw err;
  }
}

export { handlingByAlarm };
