/**
 * Y3 handling records, written outside a request (from alarm events and the sweep) as the
 * system, and the steps people take (acknowledge → dispatch → on-site result → close). A step
 * is one conditional UPDATE on the stage it starts from, so two people pressing the same button
 * do it once and the other gets the coded out-of-order error.
 */
import type { DataSource, QueryRunner } from "typeorm";
import { asSystem } from "@anju/data";
import { STEP_FROM, STEP_TO, type HandlingStage, type HandlingStep, type Verdict } from "../constants.js";
import { bool, num } from "./db.js";

export interface HandlingView {
  id: number;
  jurisdictionCode: string;
  alarmId: string;
  deviceCode: string;
  ruleId: string;
  severity: string;
  titleZh: string;
  titleEn: string;
  alarmStatus: string;
  stage: HandlingStage;
  raisedAt: number;
  clearedAt: number | null;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  dispatchedAt: number | null;
  dispatchedBy: string | null;
  dispatchedTo: string | null;
  resultAt: number | null;
  resultBy: string | null;
  resultText: string | null;
  verdict: Verdict | null;
  hazardRemoved: boolean | null;
  closedAt: number | null;
  closedBy: string | null;
}

const H = "`yiyang_alarm_handling`";

export function toView(r: Record<string, unknown>): HandlingView {
  const s = (k: string) => (r[k] === null || r[k] === undefined ? null : String(r[k]));
  return {
    id: Number(r.id), jurisdictionCode: String(r.jurisdiction_code), alarmId: String(r.alarm_id), deviceCode: String(r.device_code), ruleId: String(r.rule_id),
    severity: String(r.severity), titleZh: String(r.title_zh), titleEn: String(r.title_en), alarmStatus: String(r.alarm_status), stage: r.stage as HandlingStage,
    raisedAt: Number(r.raised_at), clearedAt: num(r.cleared_at), acknowledgedAt: num(r.acknowledged_at), acknowledgedBy: s("acknowledged_by"),
    dispatchedAt: num(r.dispatched_at), dispatchedBy: s("dispatched_by"), dispatchedTo: s("dispatched_to"), resultAt: num(r.result_at), resultBy: s("result_by"),
    resultText: s("result_text"), verdict: s("verdict") as Verdict | null, hazardRemoved: bool(r.hazard_removed), closedAt: num(r.closed_at), closedBy: s("closed_by"),
  };
}

/** An entity row (scoped repository) in the same shape as a raw one. */
export function fromEntity(e: Record<string, unknown>): HandlingView {
  const v = e as unknown as HandlingView;
  return {
    ...v, raisedAt: Number(v.raisedAt), clearedAt: num(v.clearedAt), acknowledgedAt: num(v.acknowledgedAt), dispatchedAt: num(v.dispatchedAt),
    resultAt: num(v.resultAt), closedAt: num(v.closedAt), hazardRemoved: bool(v.hazardRemoved),
  };
}

export async function handlingByAlarm(db: DataSource | QueryRunner, alarmId: string): Promise<HandlingView | null> {
  const r = (await db.query(`SELECT * FROM ${H} WHERE alarm_id = ?`, [alarmId])) as Array<Record<string, unknown>>;
  return r[0] ? toView(r[0]) : null;
}

export async function handlingById(db: DataSource | QueryRunner, id: number): Promise<HandlingView | null> {
  const r = (await db.query(`SELECT * FROM ${H} WHERE id = ?`, [id])) as Array<Record<string, unknown>>;
  return r[0] ? toView(r[0]) : null;
}

/** What the device platform knows of an alarm (the handling row copies it). */
export interface AlarmFacts {
  id: string; deviceCode: string; jurisdiction: string; ruleId: string; severity: string; title: { "zh-CN": string; en: string };
  status: string; raisedAt: number; clearedAt: number | null; acknowledgedAt?: number | null; acknowledgedBy?: string | null;
}

export async function alarmFacts(ds: DataSource, alarmId: string): Promise<AlarmFacts | null> {
  const r = (await asSystem("yiyang: read alarm", () => ds.query(
    "SELECT id, device_code, jurisdiction_code, rule_id, severity, title_zh, title_en, status, raised_at, cleared_at FROM `anju_device_alarm` WHERE id = ? AND jurisdiction_code IS NOT NULL",
    [alarmId]))) as Array<Record<string, unknown>>;
  const a = r[0];
  if (!a) return null;
  return {
    id: String(a.id), deviceCode: String(a.device_code), jurisdiction: String(a.jurisdiction_code), ruleId: String(a.rule_id), severity: String(a.severity),
    title: { "zh-CN": String(a.title_zh), en: String(a.title_en) }, status: String(a.status), raisedAt: Number(a.raised_at), clearedAt: num(a.cleared_at),
  };
}

/** The handling row of an alarm, created (stage `new`) if it is not there; inside the caller's transaction. */
export async function insertHandling(qr: QueryRunner, a: AlarmFacts): Promise<HandlingView> {
  const existing = await handlingByAlarm(qr, a.id);
  if (existing) return existing;
  await qr.query(
    `INSERT INTO ${H} (jurisdiction_code, alarm_id, device_code, rule_id, severity, title_zh, title_en, alarm_status, stage, raised_at, cleared_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'new', ?, ?)`,
    [a.jurisdiction, a.id, a.deviceCode.slice(0, 64), a.ruleId.slice(0, 64), a.severity, a.title["zh-CN"].slice(0, 200), a.title.en.slice(0, 200), a.status, a.raisedAt, a.clearedAt]);
  return (await handlingByAlarm(qr, a.id))!;
}

/** The device platform's side changed (cleared, acknowledged there, escalated, closed): mirror it. */
export async function mirrorAlarm(qr: QueryRunner, a: AlarmFacts, event: string, by: string, at: number): Promise<void> {
  await qr.query(`UPDATE ${H} SET alarm_status = ?, cleared_at = COALESCE(?, cleared_at) WHERE alarm_id = ?`, [a.status, a.clearedAt, a.id]);
  // Acknowledged on the device platform's own page: that is this record's first step too.
  if (event === "acknowledged") {
    await qr.query(`UPDATE ${H} SET stage = 'acknowledged', acknowledged_at = ?, acknowledged_by = ? WHERE alarm_id = ? AND stage = 'new'`, [at, by.slice(0, 64), a.id]);
  }
}

export interface StepInput { dispatchedTo?: string; resultText?: string; verdict?: Verdict; hazardRemoved?: boolean }

/** Apply one step; false when the record is not at the stage the step starts from. */
export async function applyStep(qr: QueryRunner, id: number, step: HandlingStep, by: string, at: number, input: StepInput): Promise<boolean> {
  const sets: Record<HandlingStep, [string, unknown[]]> = {
    acknowledge: ["acknowledged_at = ?, acknowledged_by = ?", [at, by]],
    dispatch: ["dispatched_at = ?, dispatched_by = ?, dispatched_to = ?", [at, by, input.dispatchedTo ?? null]],
    result: ["result_at = ?, result_by = ?, result_text = ?, verdict = ?, hazard_removed = ?", [at, by, input.resultText ?? null, input.verdict ?? null, input.hazardRemoved === undefined ? null : input.hazardRemoved ? 1 : 0]],
    close: ["closed_at = ?, closed_by = ?", [at, by]],
  };
  const [set, params] = sets[step];
  const result = (await qr.query(`UPDATE ${H} SET stage = ?, ${set} WHERE id = ? AND stage = ?`, [STEP_TO[step], ...params, id, STEP_FROM[step]], true)) as { affected?: number };
  return (result.affected ?? 0) === 1;
}
