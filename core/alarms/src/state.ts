/**
 * The engine's state, kept as plain JSON so the host can persist it per device and restore it
 * after a restart. Shape (documented in docs/drivers.md):
 *
 *   EngineState  = { v: 1, devices: { [deviceCode]: DeviceState } }
 *   DeviceState  = { seen: number | null, rules: { [ruleId]: RuleState } }
 *   RuleState    = { kind, active, raisedAt?, lastTs?, since?, lastValue?, hits?, samples? }
 *
 * `seen` is the newest reading time of any resource (offline rules). `lastTs` is the newest
 * reading judged by the rule: older readings arriving late are not judged again. `since` and
 * `lastValue` belong to duration rules, `hits` (match times, oldest first, at most `count`) to
 * repeat rules, `samples` (flat [ts, value, ts, value, …], oldest first) to rate rules.
 */
import { AlarmErrors } from "./errors.js";
import { ALARM_KINDS, type AlarmKind, type Scalar } from "./types.js";

export interface RuleState {
  kind: AlarmKind;
  active: boolean;
  raisedAt?: number;
  lastTs?: number;
  since?: number | null;
  lastValue?: Scalar;
  hits?: number[];
  samples?: number[];
}
export interface DeviceState { seen: number | null; rules: Record<string, RuleState> }
export interface EngineStateV1 { v: 1; devices: Record<string, DeviceState> }

const isNum = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);
const isObj = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

/** Hand-written check of a stored device state: it comes from our own table, but a bad row must not crash the engine later. */
export function checkDeviceState(deviceCode: string, raw: unknown): DeviceState {
  const bad = (reason: string): never => { throw AlarmErrors.ALARM_STATE_INVALID({ deviceCode, reason }); };
  if (!isObj(raw)) bad("not an object");
  const s = raw as Record<string, unknown>;
  if (s.seen !== null && !isNum(s.seen)) bad("seen must be a number or null");
  if (!isObj(s.rules)) bad("rules must be an object");
  const rules: Record<string, RuleState> = {};
  for (const [id, r] of Object.entries(s.rules as Record<string, unknown>)) {
    if (!isObj(r)) bad(`rules.${id} is not an object`);
    const rs = r as Record<string, unknown>;
    if (!ALARM_KINDS.includes(rs.kind as AlarmKind)) bad(`rules.${id}.kind is unknown`);
    if (typeof rs.active !== "boolean") bad(`rules.${id}.active must be a boolean`);
    for (const k of ["raisedAt", "lastTs"] as const) if (rs[k] !== undefined && !isNum(rs[k])) bad(`rules.${id}.${k} must be a number`);
    if (rs.since !== undefined && rs.since !== null && !isNum(rs.since)) bad(`rules.${id}.since must be a number or null`);
    if (rs.lastValue !== undefined && !["number", "boolean", "string"].includes(typeof rs.lastValue)) bad(`rules.${id}.lastValue has a wrong type`);
    for (const k of ["hits", "samples"] as const) {
      const a = rs[k];
      if (a !== undefined && (!Array.isArray(a) || a.length > 2000 || !a.every(isNum))) bad(`rules.${id}.${k} must be a list of numbers`);
    }
    if (Array.isArray(rs.samples) && rs.samples.length % 2 !== 0) bad(`rules.${id}.samples must hold [ts, value] pairs`);
    rules[id] = JSON.parse(JSON.stringify(rs)) as RuleState;
  }
  return { seen: s.seen as number | null, rules };
}

export function copyDeviceState(d: DeviceState): DeviceState {
  return JSON.parse(JSON.stringify(d)) as DeviceState;
}
