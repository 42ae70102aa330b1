/** The alarm rule language shared by device profiles, the engine and the console. */
export type Severity = "info" | "minor" | "major" | "critical";
export type Comparator = ">" | ">=" | "<" | "<=" | "==" | "!=";
export interface I18nText { "zh-CN": string; en: string }
export type Scalar = number | boolean | string;

export interface Condition { op: Comparator; value: Scalar }

interface RuleBase {
  /** ^[a-z][a-z0-9-]{0,62}$, unique within a profile. */
  id: string;
  /** The resource the rule watches; an offline rule watches every resource ("*"). */
  resource: string;
  severity: Severity;
  title: I18nText;
}

export interface ThresholdRule extends RuleBase { kind: "threshold"; when: Condition; clear?: Condition }
export interface DurationRule extends RuleBase { kind: "duration"; when: Condition; seconds: number; clear?: Condition }
export interface RepeatRule extends RuleBase { kind: "repeat"; when: Condition; count: number; withinSeconds: number }
export interface RateRule extends RuleBase { kind: "rate"; maxChange: number; perSeconds: number; clearChange?: number }
export interface OfflineRule extends RuleBase { kind: "offline"; seconds: number }

export type AlarmRule = ThresholdRule | DurationRule | RepeatRule | RateRule | OfflineRule;
export type AlarmKind = AlarmRule["kind"];
export const ALARM_KINDS: readonly AlarmKind[] = ["threshold", "duration", "repeat", "rate", "offline"];
export const SEVERITIES: readonly Severity[] = ["info", "minor", "major", "critical"];

export interface ReadingLike {
  deviceCode: string;
  /** ms since the epoch, the device's time as normalised. */
  ts: number;
  resource: string;
  value: Scalar;
  /** A "bad" reading proves the device is alive but its value is not judged. */
  quality?: "good" | "uncertain" | "bad";
}

export interface AlarmTransition {
  type: "raise" | "clear";
  deviceCode: string;
  ruleId: string;
  kind: AlarmKind;
  severity: Severity;
  resource: string;
  ts: number;
  value?: Scalar;
  title: I18nText;
}
