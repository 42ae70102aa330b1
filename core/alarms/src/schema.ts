/**
 * The JSON Schema of a rule set and the one check every rule set passes before use (profile
 * registration, the console's rule editor). ajv compiles once at load; the engine's hot path
 * trusts what passed here and does no schema work per reading.
 */
import Ajv, { type ErrorObject } from "ajv";
import { overlaps } from "./condition.js";
import { AlarmErrors } from "./errors.js";
import type { AlarmRule, Condition } from "./types.js";

const i18nText = {
  type: "object", required: ["zh-CN", "en"], additionalProperties: false,
  properties: { "zh-CN": { type: "string", minLength: 1, maxLength: 200 }, en: { type: "string", minLength: 1, maxLength: 200 } },
};
const condition = {
  type: "object", required: ["op", "value"], additionalProperties: false,
  properties: {
    op: { enum: [">", ">=", "<", "<=", "==", "!="] },
    value: { anyOf: [{ type: "number" }, { type: "boolean" }, { type: "string", maxLength: 256 }] },
  },
};
// Limits keep a single rule's state small (repeat keeps at most `count` timestamps).
const seconds = { type: "number", exclusiveMinimum: 0, maximum: 31_536_000 };
const base = {
  id: { type: "string", pattern: "^[a-z][a-z0-9-]{0,62}$" },
  resource: { type: "string", minLength: 1, maxLength: 64 },
  severity: { enum: ["info", "minor", "major", "critical"] },
  title: i18nText,
  kind: { type: "string" },
};
const kinds: Record<AlarmRule["kind"], { required: string[]; properties: Record<string, unknown> }> = {
  threshold: { required: ["when"], properties: { when: condition, clear: condition } },
  duration: { required: ["when", "seconds"], properties: { when: condition, seconds, clear: condition } },
  repeat: { required: ["when", "count", "withinSeconds"], properties: { when: condition, count: { type: "integer", minimum: 1, maximum: 1000 }, withinSeconds: seconds } },
  rate: {
    required: ["maxChange", "perSeconds"],
    properties: { maxChange: { type: "number", not: { const: 0 } }, perSeconds: seconds, clearChange: { type: "number" } },
  },
  offline: { required: ["seconds"], properties: { seconds } },
};

export const ALARM_RULE_SCHEMA = {
  type: "object",
  required: ["id", "kind", "resource", "severity", "title"],
  properties: { ...base, kind: { enum: Object.keys(kinds) } },
  // One branch per kind, each closed: a `seconds` on a threshold rule is a typo, not a no-op.
  allOf: Object.entries(kinds).map(([kind, k]) => ({
    if: { properties: { kind: { const: kind } }, required: ["kind"] },
    then: { required: k.required, properties: { ...base, ...k.properties }, additionalProperties: false },
  })),
} as const;

export const ALARM_RULES_SCHEMA = { type: "array", maxItems: 100, items: ALARM_RULE_SCHEMA } as const;

const ajv = new Ajv({ allErrors: false, strict: false });
const validateSchema = ajv.compile<AlarmRule[]>(ALARM_RULES_SCHEMA);

function fieldOf(err: ErrorObject | undefined): { field: string; reason: string } {
  if (!err) return { field: "(root)", reason: "invalid" };
  const path = err.instancePath.replace(/^\//, "").split("/").filter(Boolean).join(".");
  const extra = err.keyword === "required" ? (err.params as { missingProperty: string }).missingProperty
    : err.keyword === "additionalProperties" ? (err.params as { additionalProperty: string }).additionalProperty : "";
  const reason = err.keyword === "additionalProperties" ? "is not a known key"
    : err.keyword === "enum" ? `must be one of ${JSON.stringify((err.params as { allowedValues: unknown[] }).allowedValues)}`
    : err.message ?? err.keyword;
  return { field: [path, extra].filter(Boolean).join(".") || "(root)", reason };
}

function invalid(field: string, reason: string): never {
  throw AlarmErrors.ALARM_RULE_INVALID({ field, reason });
}

function checkCondition(field: string, c: Condition): void {
  if (c.op !== "==" && c.op !== "!=" && typeof c.value !== "number") invalid(`${field}.value`, `"${c.op}" compares numbers only`);
  if (typeof c.value === "number" && !Number.isFinite(c.value)) invalid(`${field}.value`, "must be a finite number");
}

/** Schema, then what a schema cannot say: unique ids, comparable values, a clear that cannot overlap its raise. */
export function validateAlarmRules(rules: unknown): AlarmRule[] {
  if (!validateSchema(rules)) {
    const { field, reason } = fieldOf(validateSchema.errors?.[0]);
    invalid(field, reason);
  }
  const ids = new Set<string>();
  rules.forEach((r, i) => {
    if (ids.has(r.id)) invalid(`${i}.id`, `"${r.id}" is used twice`);
    ids.add(r.id);
    if (r.kind === "threshold" || r.kind === "duration" || r.kind === "repeat") checkCondition(`${i}.when`, r.when);
    if ((r.kind === "threshold" || r.kind === "duration") && r.clear) {
      checkCondition(`${i}.clear`, r.clear);
      if (typeof r.clear.value !== typeof r.when.value) invalid(`${i}.clear.value`, "must have the type of when.value");
      if (overlaps(r.when, r.clear)) invalid(`${i}.clear`, "overlaps when: a value satisfying both would raise and clear in turn");
    }
    if (r.kind === "rate" && r.clearChange !== undefined) {
      if ((r.clearChange !== 0 && Math.sign(r.clearChange) !== Math.sign(r.maxChange)) || Math.abs(r.clearChange) > Math.abs(r.maxChange)) {
        invalid(`${i}.clearChange`, "must have the sign of maxChange (or be 0) and be no larger");
      }
    }
  });
  return rules;
}
