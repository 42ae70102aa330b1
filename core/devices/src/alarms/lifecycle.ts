/**
 * What happens to an alarm after it is raised: people acknowledge and close it (audited, with
 * who and when), the sweep escalates it when nobody acknowledged it in time, and time-driven
 * rules (offline, duration) are judged by the sweep too. Each change is one transaction and
 * one event.
 */
import { asSystem, runInTransaction } from "@anju/data";
import type { QueryRunner } from "typeorm";
import type { AlarmTransition } from "../contract.js";
import { DevicesAuditActions } from "../constants.js";
import { DevicesErrors } from "../errors.js";
import type { Caller } from "../caller.js";
import type { DevicesRuntime } from "../runtime.js";
import {
  acknowledgeRow, alarmById, applyTransitions, closeAlarmRow, dueForEscalation, escalateRow, type Alarm, type AlarmChange,
} from "./store.js";

/** One transaction as the system, in the host's transaction queue (@anju/data: SQLite runs one at a time). Also raise.ts's. */
export function inTransaction<T>(rt: DevicesRuntime, reason: string, fn: (qr: QueryRunner) => Promise<T>): Promise<T> {
  return runInTransaction(rt.host.ds, (m) => asSystem(reason, () => fn(m.queryRunner!)));
}

function audit(rt: DevicesRuntime, caller: Caller | null, action: string, alarm: Alarm, result: "success" | "failure", detail: Record<string, unknown> = {}) {
  return rt.host.audit({
    action, object: alarm.id, result, userId: caller?.rc.principal.id ?? "system", jurisdiction: alarm.jurisdiction, ip: caller?.rc.ip ?? null,
    detail: { deviceCode: alarm.deviceCode, ruleId: alarm.ruleId, ...detail },
  });
}

/** The caller's alarm, or 404 (also for another jurisdiction's). */
export async function visibleAlarm(rt: DevicesRuntime, caller: Caller, id: string): Promise<Alarm> {
  const where = caller.path ? "a.jurisdiction_code IN (SELECT code FROM anju_jurisdiction WHERE path LIKE ?)" : "a.jurisdiction_code IS NOT NULL";
  const alarm = await asSystem("devices: read alarm", () => alarmById(rt.host.ds, id, where, caller.path ? [`${caller.path}%`] : []));
  if (!alarm) throw DevicesErrors.ALARM_NOT_FOUND({ id });
  return alarm;
}

const STATUS_ZH: Record<string, string> = { open: "未处理", acknowledged: "已确认", escalated: "已升级", closed: "已关闭" };

function conflict(alarm: Alarm, verb: "acknowledged" | "closed") {
  return DevicesErrors.ALARM_STATE_CONFLICT({
    status: alarm.status, statusZh: STATUS_ZH[alarm.status] ?? alarm.status, verb, verbZh: verb === "acknowledged" ? "确认" : "关闭",
  });
}

export async function acknowledge(rt: DevicesRuntime, caller: Caller, id: string): Promise<Alarm> {
  const alarm = await visibleAlarm(rt, caller, id);
  const by = caller.rc.principal.id;
  const now = Date.now();
  const result = await inTransaction(rt, "devices: acknowledge", async (qr) => {
    if (!(await acknowledgeRow(qr, alarm.id, now, by))) return null;
    // Already cleared by the engine: acknowledging ends it.
    if (alarm.clearedAt !== null) await closeAlarmRow(qr, alarm.id, now, by, "acknowledged after clear");
    return alarmById(qr, alarm.id, "a.jurisdiction_code IS NOT NULL");
  });
  if (!result) {
    await audit(rt, caller, DevicesAuditActions.acknowledge, alarm, "failure", { status: alarm.status });
    throw conflict(alarm, "acknowledged");
  }
  await audit(rt, caller, DevicesAuditActions.acknowledge, result, "success");
  rt.announce("acknowledged", result.deviceCode, result, by);
  if (result.status === "closed") rt.announce("closed", result.deviceCode, result, by);
  return result;
}

export async function close(rt: DevicesRuntime, caller: Caller, id: string, reason: string): Promise<Alarm> {
  const alarm = await visibleAlarm(rt, caller, id);
  const by = caller.rc.principal.id;
  const result = await inTransaction(rt, "devices: close alarm", async (qr) =>
    (await closeAlarmRow(qr, alarm.id, Date.now(), by, reason)) === 1 ? alarmById(qr, alarm.id, "a.jurisdiction_code IS NOT NULL") : null);
  if (!result) {
    await audit(rt, caller, DevicesAuditActions.close, alarm, "failure", { status: alarm.status });
    throw conflict(alarm, "closed");
  }
  await audit(rt, caller, DevicesAuditActions.close, result, "success", { reason });
  rt.announce("closed", result.deviceCode, result, by);
  return result;
}

/** Escalate what nobody acknowledged in time (another node may get there first: then it is skipped). */
export async function escalateDue(rt: DevicesRuntime, now: number): Promise<void> {
  const due = await asSystem("devices: escalation", () => dueForEscalation(rt.host.ds, now, rt.limits.escalateAfterMs));
  for (const alarm of due) {
    const after = await inTransaction(rt, "devices: escalate", async (qr) =>
      (await escalateRow(qr, alarm, now)) ? alarmById(qr, alarm.id, "a.jurisdiction_code IS NOT NULL") : null);
    if (!after) continue;
    await audit(rt, null, DevicesAuditActions.escalate, after, "success", { level: after.escalationLevel });
    rt.announce("escalated", after.deviceCode, after, "system");
  }
}

/** Transitions from the clock not yet stored (their transaction failed): written first next time. */
const unsaved = new WeakMap<DevicesRuntime, AlarmTransition[]>();

/** Offline and duration rules, judged against the clock for the devices this node ingests. */
export async function persistTimeDriven(rt: DevicesRuntime, now: number): Promise<void> {
  const devices = new Map<string, { code: string; jurisdiction: string; driverPluginId: string; profileId: string }>();
  for (const d of rt.devices.all()) devices.set(d.code, d);
  if (!devices.size) return;
  const transitions = [...(unsaved.get(rt) ?? []), ...rt.alarms.tick(now, devices.values())];
  if (!transitions.length) return;
  const jurisdictionOf = (code: string) => devices.get(code)?.jurisdiction ?? "";
  let changes: AlarmChange[];
  try {
    changes = await inTransaction(rt, "devices: timed alarms", async (qr) => {
      const out = await applyTransitions(qr, transitions, jurisdictionOf);
      await rt.alarms.save(qr, new Set(transitions.map((t) => t.deviceCode)), jurisdictionOf);
      return out;
    });
  } catch (err) {
    unsaved.set(rt, transitions);
    throw err;
  }
  unsaved.delete(rt);
  for (const c of changes) rt.announce(c.event, c.alarm.deviceCode, c.alarm, "system");
}
