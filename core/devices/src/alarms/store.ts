/**
 * Alarm rows. One open alarm per device and rule (`open_key`): a second raise of the same rule
 * while one is open counts an occurrence on it. Life: open → (acknowledged | escalated …) →
 * closed. The engine's clear marks `cleared_at`; an alarm that is cleared and acknowledged is
 * closed by the system, otherwise a person closes it (or acknowledges it, which then closes it
 * if it is already cleared). Escalation repeats every period while nobody acknowledges.
 */
import crypto from "node:crypto";
import type { QueryRunner } from "typeorm";
import { EVENT_ALARM_KIND, Tables } from "../constants.js";
import type { AlarmTransition, I18nText, Severity } from "../contract.js";
import { affected, num, one, rows, type Db } from "../db.js";

export type AlarmStatus = "open" | "acknowledged" | "escalated" | "closed";

export interface Alarm {
  id: string;
  deviceCode: string;
  jurisdiction: string;
  ruleId: string;
  kind: string;
  severity: Severity;
  resource: string;
  title: I18nText;
  status: AlarmStatus;
  value: unknown;
  occurrences: number;
  raisedAt: number;
  clearedAt: number | null;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  escalatedAt: number | null;
  escalationLevel: number;
  closedAt: number | null;
  closedBy: string | null;
  closeReason: string | null;
}

const A = `\`${Tables.alarm}\``;
const COLUMNS = `id, device_code, jurisdiction_code, rule_id, kind, severity, resource, title_zh, title_en, status, value_json, occurrences,
  raised_at, cleared_at, acknowledged_at, acknowledged_by, escalated_at, escalation_level, closed_at, closed_by, close_reason`;

export function toAlarm(r: Record<string, unknown>): Alarm {
  return {
    id: String(r.id), deviceCode: String(r.device_code), jurisdiction: String(r.jurisdiction_code), ruleId: String(r.rule_id),
    kind: String(r.kind), severity: r.severity as Severity, resource: String(r.resource),
    title: { "zh-CN": String(r.title_zh), en: String(r.title_en) }, status: r.status as AlarmStatus,
    value: r.value_json === null || r.value_json === undefined ? null : JSON.parse(String(r.value_json)),
    occurrences: Number(r.occurrences), raisedAt: Number(r.raised_at), clearedAt: num(r.cleared_at),
    acknowledgedAt: num(r.acknowledged_at), acknowledgedBy: (r.acknowledged_by as string | null) ?? null,
    escalatedAt: num(r.escalated_at), escalationLevel: Number(r.escalation_level), closedAt: num(r.closed_at),
    closedBy: (r.closed_by as string | null) ?? null, closeReason: (r.close_reason as string | null) ?? null,
  };
}

const openKey = (deviceCode: string, ruleId: string) => `${deviceCode}|${ruleId}`;

export async function alarmById(db: Db | QueryRunner, id: string, where = "", params: unknown[] = []): Promise<Alarm | null> {
  const r = await one(db, `SELECT ${COLUMNS} FROM ${A} a WHERE a.id = ?${where ? ` AND ${where}` : ""}`, [id, ...params]);
  return r ? toAlarm(r) : null;
}

export async function listAlarms(db: Db, where: string, params: unknown[], limit: number, offset: number): Promise<{ items: Alarm[]; total: number }> {
  const total = await one<{ n: unknown }>(db, `SELECT COUNT(*) AS n FROM ${A} a WHERE ${where}`, params);
  const items = await rows(db, `SELECT ${COLUMNS} FROM ${A} a WHERE ${where} ORDER BY a.raised_at DESC, a.id LIMIT ? OFFSET ?`, [...params, limit, offset]);
  return { items: items.map(toAlarm), total: Number(total?.n ?? 0) };
}

/** What a transition did to the table: the alarm after the change, and which event it is. */
export interface AlarmChange { event: "raised" | "cleared" | "closed"; alarm: Alarm }

/** Apply the engine's transitions inside the batch's transaction. */
export async function applyTransitions(qr: QueryRunner, transitions: AlarmTransition[], jurisdictionOf: (deviceCode: string) => string): Promise<AlarmChange[]> {
  const changes: AlarmChange[] = [];
  for (const t of transitions) {
    const key = openKey(t.deviceCode, t.ruleId);
    const current = await one(qr, `SELECT ${COLUMNS} FROM ${A} WHERE open_key = ? AND jurisdiction_code IS NOT NULL`, [key]);
    const value = t.value === undefined ? null : JSON.stringify(t.value).slice(0, 300);
    if (t.type === "raise") {
      if (current) {
        // Raised again before anyone closed it: the same alarm, one more occurrence.
        await qr.query(`UPDATE ${A} SET occurrences = occurrences + 1, value_json = ?, cleared_at = NULL WHERE id = ? AND jurisdiction_code IS NOT NULL`, [value, current.id]);
        continue;
      }
      const id = crypto.randomUUID();
      await qr.query(
        `INSERT INTO ${A} (${COLUMNS}, open_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, 1, ?, NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, ?)`,
        [id, t.deviceCode, jurisdictionOf(t.deviceCode), t.ruleId, t.kind, t.severity, t.resource, t.title["zh-CN"].slice(0, 200), t.title.en.slice(0, 200), value, t.ts, key]);
      changes.push({ event: "raised", alarm: (await alarmById(qr, id, "a.jurisdiction_code IS NOT NULL"))! });
      continue;
    }
    if (!current) continue;
    const alarm = toAlarm(current);
    // An event alarm (devices.alarms.raise) sharing a rule id with the profile is never cleared by readings or the clock.
    if (alarm.kind === EVENT_ALARM_KIND) continue;
    if (alarm.status === "acknowledged") {
      await closeRow(qr, alarm.id, t.ts, "system", "cleared", t.ts);
      changes.push({ event: "closed", alarm: (await alarmById(qr, alarm.id, "a.jurisdiction_code IS NOT NULL"))! });
    } else {
      await qr.query(`UPDATE ${A} SET cleared_at = ? WHERE id = ? AND jurisdiction_code IS NOT NULL`, [t.ts, alarm.id]);
      changes.push({ event: "cleared", alarm: { ...alarm, clearedAt: t.ts } });
    }
  }
  return changes;
}

function closeRow(qr: QueryRunner, id: string, at: number, by: string, reason: string, clearedAt: number | null = null): Promise<number> {
  return affected(qr, `UPDATE ${A} SET status = 'closed', open_key = NULL, closed_at = ?, closed_by = ?, close_reason = ?, cleared_at = COALESCE(cleared_at, ?)
    WHERE id = ? AND status <> 'closed' AND jurisdiction_code IS NOT NULL`, [at, by, reason, clearedAt, id]);
}

/** Acknowledge (and close when already cleared). Null when the alarm is not in a state that allows it. */
export async function acknowledgeRow(qr: QueryRunner, id: string, at: number, by: string): Promise<boolean> {
  return (await affected(qr, `UPDATE ${A} SET status = 'acknowledged', acknowledged_at = ?, acknowledged_by = ?
    WHERE id = ? AND status IN ('open', 'escalated') AND jurisdiction_code IS NOT NULL`, [at, by, id])) === 1;
}

export function closeAlarmRow(qr: QueryRunner, id: string, at: number, by: string, reason: string): Promise<number> {
  return closeRow(qr, id, at, by, reason);
}

/** Open or escalated alarms nobody acknowledged for `afterMs` since raising or the last escalation. */
export async function dueForEscalation(db: Db, now: number, afterMs: number): Promise<Alarm[]> {
  const due = await rows(db, `SELECT ${COLUMNS} FROM ${A} WHERE status IN ('open', 'escalated') AND jurisdiction_code IS NOT NULL
    AND COALESCE(escalated_at, raised_at) <= ? ORDER BY raised_at LIMIT 500`, [now - afterMs]);
  return due.map(toAlarm);
}

/** One escalation step; false when another node (or an acknowledgement) got there first. */
export async function escalateRow(qr: QueryRunner, alarm: Alarm, now: number): Promise<boolean> {
  return (await affected(qr, `UPDATE ${A} SET status = 'escalated', escalated_at = ?, escalation_level = escalation_level + 1
    WHERE id = ? AND status IN ('open', 'escalated') AND escalation_level = ? AND jurisdiction_code IS NOT NULL`,
  [now, alarm.id, alarm.escalationLevel])) === 1;
}

/** What `devices.alarms.raise` asks for (the device already checked to be the caller's). */
export interface EventAlarmInput {
  deviceCode: string; jurisdiction: string; ruleId: string; severity: Severity; title: I18nText; resource: string; value: unknown; at: number;
}

/** JSON for value_json (300 chars): a value too long is kept as the start of its text, still valid JSON. */
function valueJson(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const json = JSON.stringify(value);
  if (json.length <= 300) return json;
  let cut = 280;
  let short = JSON.stringify(`${json.slice(0, cut)}…`);
  while (short.length > 300) short = JSON.stringify(`${json.slice(0, (cut -= 20))}…`);
  return short;
}

/**
 * An event alarm inside the caller's transaction: a new open alarm (kind "event"), or one more
 * occurrence on the alarm already open for this device and rule (then `created` is false).
 */
export async function raiseEventRow(qr: QueryRunner, input: EventAlarmInput): Promise<{ alarm: Alarm; created: boolean }> {
  const key = openKey(input.deviceCode, input.ruleId);
  const value = valueJson(input.value);
  const current = await one(qr, `SELECT id FROM ${A} WHERE open_key = ? AND jurisdiction_code IS NOT NULL`, [key]);
  if (current) {
    await qr.query(`UPDATE ${A} SET occurrences = occurrences + 1, value_json = COALESCE(?, value_json) WHERE id = ? AND jurisdiction_code IS NOT NULL`, [value, current.id]);
    return { alarm: (await alarmById(qr, String(current.id), "a.jurisdiction_code IS NOT NULL"))!, created: false };
  }
  const id = crypto.randomUUID();
  await qr.query(
    `INSERT INTO ${A} (${COLUMNS}, open_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, 1, ?, NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, ?)`,
    [id, input.deviceCode, input.jurisdiction, input.ruleId, EVENT_ALARM_KIND, input.severity, input.resource.slice(0, 64),
      input.title["zh-CN"].slice(0, 200), input.title.en.slice(0, 200), value, input.at, key]);
  return { alarm: (await alarmById(qr, id, "a.jurisdiction_code IS NOT NULL"))!, created: true };
}
