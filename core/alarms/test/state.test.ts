import { describe, expect, it } from "vitest";
import { AlarmEngine, type AlarmRule, type AlarmTransition, type ReadingLike } from "../src/index.js";
import { T0, brief, rule } from "./helpers.js";

const rules: AlarmRule[] = [
  rule<"threshold">({ id: "high", kind: "threshold", resource: "pressure", when: { op: ">", value: 1.2 }, clear: { op: "<=", value: 1.1 } }),
  rule<"duration">({ id: "low-60s", kind: "duration", resource: "pressure", when: { op: "<", value: 0.1 }, seconds: 60, clear: { op: ">=", value: 0.12 } }),
  rule<"repeat">({ id: "faults", kind: "repeat", resource: "fault", when: { op: "==", value: true }, count: 3, withinSeconds: 120 }),
  rule<"rate">({ id: "loss", kind: "rate", resource: "pressure", maxChange: -0.05, perSeconds: 60, clearChange: -0.01 }),
  rule<"offline">({ id: "offline", kind: "offline", resource: "*", seconds: 300 }),
];
const devices = ["WP-1", "WP-2", "WP-3"];

/** A deterministic mixed stream: three devices, pressure swings, fault bursts, a silent spell, ticks every 20 s. */
function script(): Array<{ tick: number } | { reading: ReadingLike }> {
  const steps: Array<{ tick: number } | { reading: ReadingLike }> = [];
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let s = 0; s < 3600; s += 10) {
    devices.forEach((deviceCode, i) => {
      if (i === 2 && s > 1200 && s < 2000) return; // WP-3 goes quiet
      const phase = Math.floor(s / 400 + i) % 4;
      const pressure = [0.4, 0.05, 1.3, 0.11][phase] + (rnd() - 0.5) * 0.04;
      steps.push({ reading: { deviceCode, ts: T0 + s * 1000, resource: "pressure", value: Math.round(pressure * 1000) / 1000 } });
      if (rnd() < 0.15) steps.push({ reading: { deviceCode, ts: T0 + s * 1000 + 1, resource: "fault", value: rnd() < 0.7 } });
    });
    if (s % 20 === 0) steps.push({ tick: T0 + s * 1000 + 5000 });
  }
  return steps;
}

function play(engine: AlarmEngine, steps: ReturnType<typeof script>, out: AlarmTransition[]): void {
  for (const step of steps) {
    if ("tick" in step) out.push(...engine.tick(step.tick, devices.map((deviceCode) => ({ deviceCode, rules }))));
    else out.push(...engine.evaluate(step.reading, rules));
  }
}

describe("engine state", () => {
  it("snapshot → JSON → restore gives the same alarms as an uninterrupted run", () => {
    const steps = script();
    const whole: AlarmTransition[] = [];
    play(new AlarmEngine(), steps, whole);
    // Every kind fires at least once, or the comparison proves little.
    expect(new Set(whole.map((t) => t.ruleId))).toEqual(new Set(["high", "low-60s", "faults", "loss", "offline"]));

    for (const cut of [100, Math.floor(steps.length / 2), steps.length - 50]) {
      const parts: AlarmTransition[] = [];
      const first = new AlarmEngine();
      play(first, steps.slice(0, cut), parts);
      const stored = JSON.stringify(first.snapshot());
      play(AlarmEngine.fromSnapshot(JSON.parse(stored)), steps.slice(cut), parts);
      expect(brief(parts)).toEqual(brief(whole));
    }
  });

  it("per-device snapshots restore one device without touching the others", () => {
    const steps = script();
    const whole: AlarmTransition[] = [];
    play(new AlarmEngine(), steps, whole);
    const cut = 700;
    const first = new AlarmEngine();
    const parts: AlarmTransition[] = [];
    play(first, steps.slice(0, cut), parts);
    const second = new AlarmEngine();
    for (const d of devices) {
      const s = first.snapshotDevice(d);
      if (s !== undefined) second.restoreDevice(d, JSON.parse(JSON.stringify(s)));
    }
    play(second, steps.slice(cut), parts);
    expect(brief(parts)).toEqual(brief(whole));
    expect(first.snapshotDevice("nobody")).toBeUndefined();
  });

  it("refuses a corrupt stored state with ALARM_STATE_INVALID instead of failing later", () => {
    const e = new AlarmEngine();
    expect(() => e.restoreDevice("WP-1", { seen: "yesterday", rules: {} })).toThrow(expect.objectContaining({ anjuCode: "ALARM_STATE_INVALID" }));
    expect(() => e.restoreDevice("WP-1", { seen: 1, rules: { x: { kind: "threshold", active: "yes" } } })).toThrow(/active/);
    expect(() => e.restoreDevice("WP-1", { seen: 1, rules: { x: { kind: "rate", active: false, samples: [1, 2, 3] } } })).toThrow(/pairs/);
    expect(() => AlarmEngine.fromSnapshot({ v: 2, devices: {} })).toThrow(expect.objectContaining({ anjuCode: "ALARM_STATE_INVALID" }));
  });
});
