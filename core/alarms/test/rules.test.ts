import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { ALARM_RULES_SCHEMA, AlarmErrors, validateAlarmRules } from "../src/index.js";
import { title } from "./helpers.js";

const ok = [
  { id: "smoke", kind: "threshold", resource: "smoke", severity: "critical", title, when: { op: "==", value: true } },
  { id: "low-60s", kind: "duration", resource: "pressure", severity: "major", title, when: { op: "<", value: 0.1 }, seconds: 60, clear: { op: ">=", value: 0.12 } },
  { id: "forced", kind: "repeat", resource: "door", severity: "minor", title, when: { op: "==", value: "forced" }, count: 3, withinSeconds: 60 },
  { id: "loss", kind: "rate", resource: "pressure", severity: "critical", title, maxChange: -0.05, perSeconds: 60, clearChange: -0.01 },
  { id: "offline", kind: "offline", resource: "*", severity: "major", title, seconds: 600 },
];

function refusal(rules: unknown): { code: string; field: unknown; zh: string } {
  try {
    validateAlarmRules(rules);
  } catch (err) {
    const e = err as ReturnType<typeof AlarmErrors.ALARM_RULE_INVALID>;
    return { code: e.anjuCode, field: (e.data as { field: unknown }).field, zh: e.messages["zh-CN"] };
  }
  throw new Error("accepted");
}

describe("validateAlarmRules", () => {
  it("accepts one rule of each kind, and the exported schema is usable by another ajv", () => {
    expect(validateAlarmRules(ok)).toHaveLength(5);
    expect(new Ajv({ strict: false }).compile(ALARM_RULES_SCHEMA)(ok)).toBe(true);
  });

  it("refuses with ALARM_RULE_INVALID naming the field (zh-CN first)", () => {
    const r = refusal([{ ...ok[0], severity: "urgent" }]);
    expect(r).toMatchObject({ code: "ALARM_RULE_INVALID", field: "0.severity" });
    expect(r.zh).toContain("告警规则无效");
    expect(refusal([ok[0], { ...ok[1], seconds: 0 }]).field).toBe("1.seconds");
    expect(refusal([{ ...ok[4], seconds: undefined }]).field).toBe("0.seconds");
    expect(refusal([{ ...ok[0], kind: "sometimes" }]).field).toBe("0.kind");
    expect(refusal([{ ...ok[0], id: "Smoke Alarm" }]).field).toBe("0.id");
    expect(refusal("not a list").field).toBe("(root)");
  });

  it("refuses keys of another kind (a typo is not silently ignored)", () => {
    expect(refusal([{ ...ok[0], seconds: 30 }]).field).toBe("0.seconds");
  });

  it("refuses duplicate ids and ordering comparators on non-numbers", () => {
    expect(refusal([ok[0], { ...ok[1], id: "smoke" }]).field).toBe("1.id");
    expect(refusal([{ ...ok[0], when: { op: ">", value: true } }]).field).toBe("0.when.value");
  });

  it("refuses a clear condition that overlaps its raise condition (it would flap)", () => {
    expect(refusal([{ ...ok[1], clear: { op: ">", value: 0.05 } }]).field).toBe("0.clear");
    expect(refusal([{ ...ok[1], clear: { op: "<=", value: 0.1 } }]).field).toBe("0.clear");
    expect(refusal([{ ...ok[1], clear: { op: "==", value: true } }]).field).toBe("0.clear.value");
    expect(validateAlarmRules([{ ...ok[1], clear: { op: ">=", value: 0.1 } }])).toHaveLength(1);
  });

  it("refuses a rate rule whose clearChange points the other way or exceeds maxChange", () => {
    expect(refusal([{ ...ok[3], clearChange: 0.01 }]).field).toBe("0.clearChange");
    expect(refusal([{ ...ok[3], clearChange: -0.1 }]).field).toBe("0.clearChange");
    expect(refusal([{ ...ok[3], maxChange: 0 }]).field).toBe("0.maxChange");
  });
});
