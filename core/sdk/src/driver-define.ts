/**
 * defineDriver: the driver's shape and its device profiles are checked once, when the driver
 * loads (in the vendor's tests, in the driver process, and by the host on the child's hello),
 * so a wrong profile fails fast with the field named instead of misjudging readings later.
 */
import Ajv, { type ErrorObject } from "ajv";
import { ALARM_RULE_SCHEMA, validateAlarmRules, type AlarmRule } from "@anju/alarms";
import { DriverErrors } from "./driver-errors.js";
import { DEVICE_CATEGORIES, type DeviceProfile, type DriverDefinition, type ResourceSpec } from "./driver-types.js";

const i18nText = {
  type: "object", required: ["zh-CN", "en"], additionalProperties: false,
  properties: { "zh-CN": { type: "string", minLength: 1, maxLength: 200 }, en: { type: "string", minLength: 1, maxLength: 200 } },
};
export const DEVICE_PROFILE_SCHEMA = {
  type: "object", required: ["id", "title", "resources", "alarmRules"], additionalProperties: false,
  properties: {
    id: { type: "string", pattern: "^[a-z][a-z0-9-]{0,62}$" },
    title: i18nText,
    // Any string here; validateDeviceProfiles refuses one outside DEVICE_CATEGORIES with its own code.
    category: { type: "string", maxLength: 64 },
    resources: {
      type: "array", minItems: 1, maxItems: 200,
      items: {
        type: "object", required: ["name", "kind"], additionalProperties: false,
        properties: {
          name: { type: "string", pattern: "^[A-Za-z][A-Za-z0-9_.-]{0,63}$" },
          kind: { enum: ["number", "boolean", "string"] },
          unit: { type: "string", minLength: 1, maxLength: 16 },
          min: { type: "number" },
          max: { type: "number" },
          scale: { type: "number", not: { const: 0 } },
          title: i18nText,
        },
      },
    },
    alarmRules: { type: "array", maxItems: 100, items: ALARM_RULE_SCHEMA },
  },
} as const;

const ajv = new Ajv({ allErrors: false, strict: false });
const validateProfilesSchema = ajv.compile<DeviceProfile[]>({ type: "array", minItems: 1, maxItems: 50, items: DEVICE_PROFILE_SCHEMA });

function invalid(field: string, reason: string): never {
  throw DriverErrors.DRIVER_DEFINITION_INVALID({ field, reason });
}

function fieldOf(err: ErrorObject | undefined, prefix: string): [string, string] {
  if (!err) return [prefix, "invalid"];
  const path = err.instancePath.split("/").filter(Boolean);
  if (err.keyword === "required") path.push((err.params as { missingProperty: string }).missingProperty);
  if (err.keyword === "additionalProperties") path.push((err.params as { additionalProperty: string }).additionalProperty);
  const reason = err.keyword === "additionalProperties" ? "is not a known key"
    : err.keyword === "enum" ? `must be one of ${JSON.stringify((err.params as { allowedValues: unknown[] }).allowedValues)}` : err.message ?? err.keyword;
  return [[prefix, ...path].join("."), reason];
}

/** Rules must watch resources the profile declares, with values of the resource's kind. */
function checkRuleResources(p: number, rules: AlarmRule[], resources: Map<string, ResourceSpec>): void {
  rules.forEach((rule, i) => {
    const field = `profiles.${p}.alarmRules.${i}`;
    if (rule.kind === "offline") {
      if (rule.resource !== "*" && !resources.has(rule.resource)) invalid(`${field}.resource`, `"${rule.resource}" is not a declared resource (use "*")`);
      return;
    }
    const spec = resources.get(rule.resource);
    if (!spec) return invalid(`${field}.resource`, `"${rule.resource}" is not a declared resource`);
    if (rule.kind === "rate") {
      if (spec.kind !== "number") invalid(`${field}.resource`, `a rate rule needs a number resource, "${spec.name}" is ${spec.kind}`);
      return;
    }
    for (const key of ["when", "clear"] as const) {
      const c = key in rule ? (rule as { when?: { value: unknown }; clear?: { value: unknown } })[key] : undefined;
      if (c && typeof c.value !== spec.kind) invalid(`${field}.${key}.value`, `"${spec.name}" is a ${spec.kind}, the rule compares with ${JSON.stringify(c.value)}`);
    }
  });
}

/** Check device profiles (a driver's own, or the ones a driver process announced). */
export function validateDeviceProfiles(profiles: unknown): DeviceProfile[] {
  if (!validateProfilesSchema(profiles)) invalid(...fieldOf(validateProfilesSchema.errors?.[0], "profiles"));
  const ids = new Set<string>();
  profiles.forEach((profile, p) => {
    if (ids.has(profile.id)) invalid(`profiles.${p}.id`, `"${profile.id}" is used twice`);
    ids.add(profile.id);
    if (profile.category !== undefined && !(DEVICE_CATEGORIES as readonly string[]).includes(profile.category)) {
      const field = `profiles.${p}.category`;
      throw DriverErrors.DEVICE_CATEGORY_UNKNOWN({
        field, category: profile.category, allowed: DEVICE_CATEGORIES.join(", "), reason: `"${profile.category}" is not one of ${DEVICE_CATEGORIES.join(", ")}`,
      });
    }
    const resources = new Map<string, ResourceSpec>();
    profile.resources.forEach((r, i) => {
      if (resources.has(r.name)) invalid(`profiles.${p}.resources.${i}.name`, `"${r.name}" is declared twice`);
      if (r.min !== undefined && r.max !== undefined && r.min > r.max) invalid(`profiles.${p}.resources.${i}.min`, "is above max");
      if (r.kind !== "number" && (r.min !== undefined || r.max !== undefined || r.scale !== undefined)) {
        invalid(`profiles.${p}.resources.${i}.kind`, "min, max and scale apply to number resources only");
      }
      resources.set(r.name, r);
    });
    try {
      validateAlarmRules(profile.alarmRules);
    } catch (err) {
      const e = err as { anjuCode?: string; data?: { field?: string; reason?: string } };
      if (e.anjuCode !== "ALARM_RULE_INVALID") throw err;
      invalid(`profiles.${p}.alarmRules.${e.data?.field ?? ""}`, e.data?.reason ?? "invalid");
    }
    checkRuleResources(p, profile.alarmRules, resources);
  });
  return profiles;
}

export function defineDriver(def: DriverDefinition): DriverDefinition {
  if (typeof def !== "object" || def === null) invalid("(root)", "must be an object");
  if (typeof def.id !== "string" || !/^[a-z][a-z0-9-]{1,62}$/.test(def.id)) invalid("id", "must match ^[a-z][a-z0-9-]{1,62}$");
  if (typeof def.protocol !== "string" || !/^[a-z][a-z0-9+.-]{0,31}$/.test(def.protocol)) invalid("protocol", "must match ^[a-z][a-z0-9+.-]{0,31}$ (e.g. mqtt-json)");
  if (typeof def.decode !== "function") invalid("decode", "must be a function (topic, payload) => readings");
  if (def.encode !== undefined && typeof def.encode !== "function") invalid("encode", "must be a function when given");
  validateDeviceProfiles(def.profiles);
  return def;
}
