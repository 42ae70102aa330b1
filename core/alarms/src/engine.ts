/**
 * The alarm engine: pure and deterministic. Time comes only from readings' `ts` and from
 * `tick(now)`; nothing reads the clock, so a replay of the same readings and ticks gives the
 * same transitions, and so does a replay interrupted by snapshot → fromSnapshot.
 *
 * An alarm raised stays raised (no second "raise") until its clear condition holds: the
 * engine deduplicates. Per-kind semantics are in docs/drivers.md ("Alarm rules").
 */
import { test } from "./condition.js";
import { AlarmErrors } from "./errors.js";
import { checkDeviceState, copyDeviceState, type DeviceState, type EngineStateV1, type RuleState } from "./state.js";
import type { AlarmRule, AlarmTransition, DurationRule, RateRule, ReadingLike, RepeatRule, Scalar, ThresholdRule } from "./types.js";

export type EngineState = unknown;

/** Rate rules keep at most this many samples (at most two per 1/16 of the window, plus margin). */
const MAX_RATE_SAMPLES = 40;

export class AlarmEngine {
  private readonly devices = new Map<string, DeviceState>();

  evaluate(reading: ReadingLike, rules: readonly AlarmRule[]): AlarmTransition[] {
    const dev = this.device(reading.deviceCode);
    const advanced = dev.seen === null || reading.ts > dev.seen;
    if (advanced) dev.seen = reading.ts;
    const out: AlarmTransition[] = [];
    for (const rule of rules) {
      if (rule.kind === "offline") {
        const st = dev.rules[rule.id];
        if (advanced && st?.kind === "offline" && st.active) this.clear(out, reading.deviceCode, rule, st, reading.ts, reading.value);
        continue;
      }
      if (rule.resource !== reading.resource || reading.quality === "bad") continue;
      const st = ruleState(dev, rule);
      if (st.lastTs !== undefined && reading.ts < st.lastTs) continue; // late arrival: already judged past it
      st.lastTs = reading.ts;
      switch (rule.kind) {
        case "threshold": this.threshold(out, reading, rule, st); break;
        case "duration": this.duration(out, reading, rule, st); break;
        case "repeat": this.repeat(out, reading, rule, st); break;
        case "rate": this.rate(out, reading, rule, st); break;
      }
    }
    return out;
  }

  tick(now: number, devices: Iterable<{ deviceCode: string; rules: readonly AlarmRule[] }>): AlarmTransition[] {
    const out: AlarmTransition[] = [];
    for (const { deviceCode, rules } of devices) {
      const dev = this.devices.get(deviceCode);
      if (!dev) continue; // never heard from: nothing to time against
      for (const rule of rules) {
        if (rule.kind === "offline") {
          const deadline = dev.seen === null ? Infinity : dev.seen + rule.seconds * 1000;
          if (now >= deadline) {
            const st = ruleState(dev, rule);
            if (!st.active) this.raise(out, deviceCode, rule, st, deadline, undefined);
          }
        } else if (rule.kind === "duration") {
          const st = dev.rules[rule.id];
          if (st?.kind === "duration") this.durationDue(out, deviceCode, rule, st, now);
        } else if (rule.kind === "repeat") {
          const st = dev.rules[rule.id];
          if (st?.kind === "repeat") this.repeatExpire(out, deviceCode, rule, st, now);
        }
      }
    }
    return out;
  }

  snapshot(): EngineState {
    const devices: Record<string, DeviceState> = {};
    for (const [code, d] of this.devices) devices[code] = copyDeviceState(d);
    return { v: 1, devices } satisfies EngineStateV1;
  }

  snapshotDevice(deviceCode: string): EngineState | undefined {
    const d = this.devices.get(deviceCode);
    return d ? copyDeviceState(d) : undefined;
  }

  restoreDevice(deviceCode: string, state: EngineState): void {
    this.devices.set(deviceCode, checkDeviceState(deviceCode, state));
  }

  /** A device removed from the registry takes its state with it. */
  forgetDevice(deviceCode: string): void {
    this.devices.delete(deviceCode);
  }

  static fromSnapshot(state: EngineState): AlarmEngine {
    const s = state as Partial<EngineStateV1> | null;
    if (typeof s !== "object" || s === null || s.v !== 1 || typeof s.devices !== "object" || s.devices === null) {
      throw AlarmErrors.ALARM_STATE_INVALID({ deviceCode: "*", reason: "not an engine snapshot of version 1" });
    }
    const engine = new AlarmEngine();
    for (const [code, d] of Object.entries(s.devices)) engine.restoreDevice(code, d);
    return engine;
  }

  private device(code: string): DeviceState {
    let d = this.devices.get(code);
    if (!d) this.devices.set(code, (d = { seen: null, rules: {} }));
    return d;
  }

  private threshold(out: AlarmTransition[], r: ReadingLike, rule: ThresholdRule, st: RuleState): void {
    const w = test(rule.when, r.value);
    if (!st.active) {
      if (w === true) this.raise(out, r.deviceCode, rule, st, r.ts, r.value);
    } else if (clears(rule.clear, w, r.value)) {
      this.clear(out, r.deviceCode, rule, st, r.ts, r.value);
    }
  }

  private duration(out: AlarmTransition[], r: ReadingLike, rule: DurationRule, st: RuleState): void {
    // The previous value held until this reading: a hold that reached its deadline in between
    // raises at the deadline, whether or not a tick happened to fall there.
    this.durationDue(out, r.deviceCode, rule, st, r.ts);
    const w = test(rule.when, r.value);
    if (w === true) {
      if (st.since === undefined || st.since === null) st.since = r.ts;
      st.lastValue = r.value;
    } else if (w === false) {
      st.since = null;
    }
    if (st.active && clears(rule.clear, w, r.value)) {
      st.since = null;
      this.clear(out, r.deviceCode, rule, st, r.ts, r.value);
    }
  }

  private durationDue(out: AlarmTransition[], deviceCode: string, rule: DurationRule, st: RuleState, now: number): void {
    if (st.active || st.since === undefined || st.since === null) return;
    const deadline = st.since + rule.seconds * 1000;
    if (now >= deadline) this.raise(out, deviceCode, rule, st, deadline, st.lastValue);
  }

  private repeat(out: AlarmTransition[], r: ReadingLike, rule: RepeatRule, st: RuleState): void {
    this.repeatExpire(out, r.deviceCode, rule, st, r.ts);
    const hits = (st.hits ??= []);
    if (test(rule.when, r.value) === true) {
      hits.push(r.ts);
      if (hits.length > rule.count) hits.shift();
    }
    if (!st.active && hits.length >= rule.count) this.raise(out, r.deviceCode, rule, st, r.ts, r.value);
  }

  /** Matches leave the window one by one; the alarm clears at the moment fewer than count/2 remain. */
  private repeatExpire(out: AlarmTransition[], deviceCode: string, rule: RepeatRule, st: RuleState, now: number): void {
    const hits = st.hits;
    if (!hits) return;
    const window = rule.withinSeconds * 1000;
    while (hits.length > 0 && hits[0] + window <= now) {
      const expiredAt = hits.shift()! + window;
      if (st.active && hits.length < rule.count / 2) this.clear(out, deviceCode, rule, st, expiredAt, undefined);
    }
  }

  private rate(out: AlarmTransition[], r: ReadingLike, rule: RateRule, st: RuleState): void {
    if (typeof r.value !== "number") return;
    const samples = (st.samples ??= []);
    const n = samples.length;
    if (n > 0 && r.ts <= samples[n - 2]) return; // same instant twice: no time to change in
    const window = rule.perSeconds * 1000;
    // Keep the samples inside the window plus the newest one before it.
    while (samples.length >= 4 && samples[2] <= r.ts - window) samples.splice(0, 2);
    if (samples.length > 0) {
      const start = r.ts - window;
      const t0 = samples[0], v0 = samples[1];
      // The change over the window is now minus the value held at its start. When the only
      // earlier sample is older than the window, nothing says when in between it changed:
      // the change is averaged over the gap instead (slow drift is not a burst).
      const change = t0 <= start && samples.length === 2 ? ((r.value - v0) * window) / (r.ts - t0) : r.value - v0;
      const dir = Math.sign(rule.maxChange);
      const towards = change * dir;
      if (!st.active && towards >= Math.abs(rule.maxChange)) this.raise(out, r.deviceCode, rule, st, r.ts, r.value);
      else if (st.active && towards < Math.abs(rule.clearChange ?? rule.maxChange / 2)) this.clear(out, r.deviceCode, rule, st, r.ts, r.value);
    }
    // A chatty sensor would fill the window with samples: within 1/16 of a window the newest
    // replaces the one before, so the state stays small and the reference at most that far off.
    const m = samples.length;
    if (m >= 4 && r.ts - samples[m - 4] < window / 16) { samples[m - 2] = r.ts; samples[m - 1] = r.value; }
    else samples.push(r.ts, r.value);
    if (samples.length > MAX_RATE_SAMPLES * 2) samples.splice(0, 2);
  }

  private raise(out: AlarmTransition[], deviceCode: string, rule: AlarmRule, st: RuleState, ts: number, value: Scalar | undefined): void {
    st.active = true;
    st.raisedAt = ts;
    out.push(transition("raise", deviceCode, rule, ts, value));
  }

  private clear(out: AlarmTransition[], deviceCode: string, rule: AlarmRule, st: RuleState, ts: number, value: Scalar | undefined): void {
    st.active = false;
    delete st.raisedAt;
    out.push(transition("clear", deviceCode, rule, ts, value));
  }
}

/** Hysteresis: with a `clear` condition only it clears; without one, `when` turning false does (not a value of the wrong type). */
function clears(clear: ThresholdRule["clear"], w: boolean | undefined, value: Scalar): boolean {
  return clear ? test(clear, value) === true : w === false;
}

function ruleState(dev: DeviceState, rule: AlarmRule): RuleState {
  let st = dev.rules[rule.id];
  // A profile update may reuse an id for another kind: the old bookkeeping means nothing to it.
  if (!st || st.kind !== rule.kind) dev.rules[rule.id] = st = { kind: rule.kind, active: false };
  return st;
}

function transition(type: "raise" | "clear", deviceCode: string, rule: AlarmRule, ts: number, value: Scalar | undefined): AlarmTransition {
  const t: AlarmTransition = { type, deviceCode, ruleId: rule.id, kind: rule.kind, severity: rule.severity, resource: rule.resource, ts, title: rule.title };
  if (value !== undefined) t.value = value;
  return t;
}
