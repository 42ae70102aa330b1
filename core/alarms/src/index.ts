/**
 * @anju/alarms — alarm rules (threshold, duration, repeat, rate of change, offline) with
 * hysteresis, and the engine that judges readings against them. Pure: no I/O, no database,
 * no clock; the host feeds readings and ticks and persists the engine's JSON state.
 */
export { AlarmEngine } from "./engine.js";
export type { EngineState } from "./engine.js";
export type { DeviceState, RuleState, EngineStateV1 } from "./state.js";
export { ALARM_RULES_SCHEMA, ALARM_RULE_SCHEMA, validateAlarmRules } from "./schema.js";
export { AlarmErrors } from "./errors.js";
export { test as testCondition } from "./condition.js";
export { ALARM_KINDS, SEVERITIES } from "./types.js";
export type {
  AlarmRule, AlarmKind, AlarmTransition, Comparator, Condition, I18nText, ReadingLike, Scalar, Severity,
  ThresholdRule, DurationRule, RepeatRule, RateRule, OfflineRule,
} from "./types.js";
