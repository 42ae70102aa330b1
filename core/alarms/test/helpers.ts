import type { AlarmRule, AlarmTransition, ReadingLike, Scalar } from "../src/index.js";

export const T0 = Date.UTC(2026, 0, 1, 8, 0, 0);
export const title = { "zh-CN": "测试告警", en: "Test alarm" };

export function reading(sec: number, value: Scalar, resource = "pressure", deviceCode = "WP-1"): ReadingLike {
  return { deviceCode, ts: T0 + sec * 1000, resource, value };
}

/** Transitions as short strings (`raise@30s`) so a sequence reads like a timeline. */
export function brief(ts: AlarmTransition[]): string[] {
  return ts.map((t) => `${t.type}:${t.ruleId}@${(t.ts - T0) / 1000}s`);
}

export function rule<K extends AlarmRule["kind"]>(r: Omit<Extract<AlarmRule, { kind: K }>, "title" | "severity"> & { severity?: AlarmRule["severity"] }): AlarmRule {
  return { severity: "major", title, ...r } as unknown as AlarmRule;
}
