import { describe, expect, it } from "vitest";
import { AlarmEngine, type AlarmRule, type AlarmTransition } from "../src/index.js";
import { T0, brief, reading, rule } from "./helpers.js";

/** Feed (second, value) pairs; return every transition as a timeline. */
function run(rules: AlarmRule[], points: Array<[number, number | boolean | string]>, resource = "pressure"): string[] {
  const e = new AlarmEngine();
  const out: AlarmTransition[] = [];
  for (const [s, v] of points) out.push(...e.evaluate(reading(s, v, resource), rules));
  return brief(out);
}

describe("threshold rules", () => {
  const low = rule<"threshold">({ id: "low", kind: "threshold", resource: "pressure", when: { op: "<", value: 0.1 }, clear: { op: ">=", value: 0.12 } });

  it("raises once when the value crosses, and does not raise again while it stays there (dedupe)", () => {
    expect(run([low], [[0, 0.3], [10, 0.08], [20, 0.05], [30, 0.02]])).toEqual(["raise:low@10s"]);
  });

  it("does not flap around the threshold: values between when and clear keep the alarm as it is", () => {
    const points: Array<[number, number]> = [[0, 0.3], [10, 0.099], [20, 0.101], [30, 0.099], [40, 0.105], [50, 0.119], [60, 0.12], [70, 0.101], [80, 0.099]];
    expect(run([low], points)).toEqual(["raise:low@10s", "clear:low@60s", "raise:low@80s"]);
  });

  it("without a clear condition clears when `when` turns false, and a value of another type changes nothing", () => {
    const smoke = rule<"threshold">({ id: "smoke", kind: "threshold", resource: "smoke", when: { op: "==", value: true } });
    expect(run([smoke], [[0, false], [5, true], [6, true], [7, "garbled"], [8, 1], [9, false], [10, false]], "smoke")).toEqual(["raise:smoke@5s", "clear:smoke@9s"]);
  });

  it("carries severity, title, resource and the value that raised it", () => {
    const e = new AlarmEngine();
    const [t] = e.evaluate(reading(10, 0.05), [{ ...low, severity: "critical" }]);
    expect(t).toEqual({ type: "raise", deviceCode: "WP-1", ruleId: "low", kind: "threshold", severity: "critical", resource: "pressure", ts: T0 + 10_000, value: 0.05, title: low.title });
  });

  it("keeps devices apart and ignores readings of other resources and bad-quality readings", () => {
    const e = new AlarmEngine();
    expect(e.evaluate({ ...reading(1, 0.01), deviceCode: "WP-2" }, [low])).toHaveLength(1);
    expect(e.evaluate(reading(1, 0.01, "battery"), [low])).toHaveLength(0);
    expect(e.evaluate({ ...reading(2, 0.01), quality: "bad" }, [low])).toHaveLength(0);
    expect(e.evaluate(reading(3, 0.01), [low])).toHaveLength(1);
  });

  it("does not judge a reading that arrives after a newer one was judged", () => {
    expect(run([low], [[0, 0.3], [20, 0.05], [10, 0.5], [30, 0.2]])).toEqual(["raise:low@20s", "clear:low@30s"]);
  });
});

describe("duration rules", () => {
  const lowFor = rule<"duration">({ id: "low-60s", kind: "duration", resource: "pressure", when: { op: "<", value: 0.1 }, seconds: 60, clear: { op: ">=", value: 0.12 } });

  it("raises only when the condition has held for the whole duration, at the moment it is due", () => {
    expect(run([lowFor], [[0, 0.05], [30, 0.05], [59, 0.05], [70, 0.04]])).toEqual(["raise:low-60s@60s"]);
  });

  it("starts over when the condition breaks before the duration", () => {
    expect(run([lowFor], [[0, 0.05], [50, 0.2], [60, 0.05], [110, 0.05], [120, 0.05]])).toEqual(["raise:low-60s@120s"]);
  });

  it("raises from tick(now) when no new reading comes, and only once", () => {
    const e = new AlarmEngine();
    const devices = [{ deviceCode: "WP-1", rules: [lowFor] }];
    e.evaluate(reading(0, 0.05), [lowFor]);
    expect(e.tick(T0 + 59_000, devices)).toEqual([]);
    expect(brief(e.tick(T0 + 61_000, devices))).toEqual(["raise:low-60s@60s"]);
    expect(e.tick(T0 + 120_000, devices)).toEqual([]);
  });

  it("hysteresis: a value between when and clear keeps it raised; after clearing it needs a full new duration", () => {
    const points: Array<[number, number]> = [[0, 0.05], [60, 0.05], [70, 0.11], [80, 0.09], [90, 0.12], [100, 0.05], [140, 0.05], [160, 0.05]];
    expect(run([lowFor], points)).toEqual(["raise:low-60s@60s", "clear:low-60s@90s", "raise:low-60s@160s"]);
  });
});

describe("repeat rules", () => {
  const doorForced = rule<"repeat">({ id: "forced", kind: "repeat", resource: "door", when: { op: "==", value: "forced" }, count: 4, withinSeconds: 60 });

  it("raises on the count-th match inside the sliding window, once", () => {
    const pts: Array<[number, string]> = [[0, "forced"], [10, "ok"], [20, "forced"], [30, "forced"], [40, "forced"], [45, "forced"]];
    expect(run([doorForced], pts, "door")).toEqual(["raise:forced@40s"]);
  });

  it("matches spread wider than the window never raise", () => {
    const pts: Array<[number, string]> = [[0, "forced"], [25, "forced"], [50, "forced"], [75, "forced"], [100, "forced"], [125, "forced"]];
    expect(run([doorForced], pts, "door")).toEqual([]);
  });

  it("clears only when the window holds fewer than count/2 matches (no flapping at count-1)", () => {
    const e = new AlarmEngine();
    const rules = [doorForced];
    const out: AlarmTransition[] = [];
    for (const s of [0, 10, 20, 30]) out.push(...e.evaluate(reading(s, "forced", "door"), rules));
    // Hits at 0,10,20,30: the window keeps ≥2 until 80 s, when the third-last (20 s) expires.
    out.push(...e.tick(T0 + 70_000, [{ deviceCode: "WP-1", rules }]));
    expect(brief(out)).toEqual(["raise:forced@30s"]);
    out.push(...e.evaluate(reading(75, "ok", "door"), rules));
    out.push(...e.tick(T0 + 200_000, [{ deviceCode: "WP-1", rules }]));
    expect(brief(out)).toEqual(["raise:forced@30s", "clear:forced@80s"]);
  });
});

describe("rate rules", () => {
  const loss = rule<"rate">({ id: "loss", kind: "rate", resource: "pressure", maxChange: -0.05, perSeconds: 60, clearChange: -0.01 });

  it("raises on a drop of maxChange within perSeconds (a negative maxChange means a drop), not on a rise", () => {
    expect(run([loss], [[0, 0.4], [20, 0.4], [40, 0.36], [50, 0.34]])).toEqual(["raise:loss@50s"]);
    expect(run([loss], [[0, 0.3], [20, 0.4], [40, 0.5]])).toEqual([]);
  });

  it("averages the change across a gap longer than the window (slow drift is not a burst)", () => {
    // -0.06 over 300 s is -0.012 per 60 s: under the limit.
    expect(run([loss], [[0, 0.4], [300, 0.34]])).toEqual([]);
    // -0.3 over 120 s is -0.15 per 60 s.
    expect(run([loss], [[0, 0.4], [120, 0.1]])).toEqual(["raise:loss@120s"]);
  });

  it("hysteresis: stays raised while the pressure keeps falling faster than clearChange, clears once it settles", () => {
    const pts: Array<[number, number]> = [[0, 0.4], [10, 0.33], [30, 0.3], [50, 0.28], [70, 0.26], [100, 0.255], [130, 0.255]];
    // At 100 s the value held at the window's start (40 s) is 0.3 (from 30 s): -0.045, still falling faster than -0.01.
    // At 130 s it is 0.26 (from 70 s): -0.005, cleared.
    expect(run([loss], pts)).toEqual(["raise:loss@10s", "clear:loss@130s"]);
  });

  it("a drop stays visible for a whole window after it happened, then clears", () => {
    expect(run([loss], [[0, 0.4], [50, 0.4], [55, 0.3], [100, 0.3], [114, 0.3], [116, 0.3]])).toEqual(["raise:loss@55s", "clear:loss@116s"]);
  });

  it("a sensor reporting every second keeps its state small and still sees a slow minute-long drop", () => {
    const e = new AlarmEngine();
    const out: AlarmTransition[] = [];
    // 0.4 → 0.34 MPa at a steady 0.001 per second: -0.06 per 60 s.
    for (let s = 0; s <= 70; s++) out.push(...e.evaluate(reading(s, 0.4 - Math.max(0, s - 10) * 0.001), [loss]));
    // At 61 s the value is 0.349 against 0.4 held at 1 s: the first minute with more than 0.05 lost.
    expect(brief(out)).toEqual(["raise:loss@61s"]);
    const state = e.snapshotDevice("WP-1") as { rules: { loss: { samples: number[] } } };
    expect(state.rules.loss.samples.length).toBeLessThanOrEqual(80);
  });

  it("a positive maxChange watches rises", () => {
    const surge = rule<"rate">({ id: "surge", kind: "rate", resource: "pressure", maxChange: 0.2, perSeconds: 10 });
    expect(run([surge], [[0, 0.3], [5, 0.6], [8, 0.3]])).toEqual(["raise:surge@5s", "clear:surge@8s"]);
  });
});

describe("offline rules", () => {
  const offline = rule<"offline">({ id: "offline", kind: "offline", resource: "*", seconds: 600 });
  const devices = [{ deviceCode: "WP-1", rules: [offline] }];

  it("raises when no reading of any resource came for N seconds, at the deadline, once; the next reading clears it", () => {
    const e = new AlarmEngine();
    e.evaluate(reading(0, 0.3), [offline]);
    e.evaluate(reading(100, 80, "battery"), [offline]);
    expect(e.tick(T0 + 699_000, devices)).toEqual([]);
    expect(brief(e.tick(T0 + 800_000, devices))).toEqual(["raise:offline@700s"]);
    expect(e.tick(T0 + 900_000, devices)).toEqual([]);
    expect(brief(e.evaluate(reading(901, 0.3), [offline]))).toEqual(["clear:offline@901s"]);
  });

  it("a device never heard from is not reported offline, and a late old reading does not clear it", () => {
    const e = new AlarmEngine();
    expect(e.tick(T0 + 10_000_000, devices)).toEqual([]);
    e.evaluate(reading(0, 0.3), [offline]);
    e.tick(T0 + 700_000, devices);
    expect(e.evaluate(reading(-5, 0.3), [offline])).toEqual([]);
  });
});
