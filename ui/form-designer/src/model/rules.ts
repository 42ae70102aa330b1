/**
 * Rules as the designer edits them — "SHOW / HIDE / ENABLE / DISABLE when field X equals v" —
 * and as JSON Forms reads them: `{ effect, condition: { scope: "#/properties/X", schema: { const: v } } }`.
 * A rule of any other shape is not a SimpleRule; the parser keeps it raw.
 */
import { RULE_EFFECTS, type RuleEffect, type SimpleRule } from "./types";

export const scopeOf = (key: string): string => `#/properties/${key}`;

/** The property a top-level scope names, or undefined for anything deeper or malformed. */
export function keyOfScope(scope: unknown): string | undefined {
  if (typeof scope !== "string") return undefined;
  const m = /^#\/properties\/([^/]+)$/.exec(scope);
  return m ? decodePointer(m[1]!) : undefined;
}

function decodePointer(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

export function toJsonFormsRule(rule: SimpleRule): Record<string, unknown> {
  return { effect: rule.effect, condition: { scope: scopeOf(rule.field), schema: { const: rule.value } } };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function sameKeys(o: Record<string, unknown>, keys: string[]): boolean {
  const own = Object.keys(o);
  return own.length === keys.length && keys.every((k) => k in o);
}

/** The SimpleRule a JSON Forms rule is, or null when it says more than "field equals value". */
export function parseRule(rule: unknown): SimpleRule | null {
  if (!isObject(rule) || !sameKeys(rule, ["effect", "condition"])) return null;
  if (!RULE_EFFECTS.includes(rule.effect as RuleEffect)) return null;
  const condition = rule.condition;
  if (!isObject(condition) || !sameKeys(condition, ["scope", "schema"])) return null;
  const field = keyOfScope(condition.scope);
  const schema = condition.schema;
  if (field === undefined || !isObject(schema) || !sameKeys(schema, ["const"])) return null;
  return { effect: rule.effect as RuleEffect, field, value: schema.const };
}
