/**
 * The host's own check of the profiles a child announces in its hello: the child ran vendor
 * code, so `defineDriver`'s check inside it proves nothing to the host.
 */
import * as alarms from "@anju/alarms";
import { RuntimeErrors } from "./errors.js";
import type { DeviceProfile } from "./sdk-types.js";

const PROFILE_ID = /^[a-z][a-z0-9-]{0,62}$/;
const RESOURCE_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
const KINDS = new Set(["number", "boolean", "string"]);
const MAX_PROFILES = 200;
const MAX_RESOURCES = 500;

function isText(v: unknown): boolean {
  if (!v || typeof v !== "object") return false;
  const t = v as Record<string, unknown>;
  return typeof t["zh-CN"] === "string" && typeof t.en === "string" && !!t["zh-CN"] && !!t.en && (t["zh-CN"] as string).length <= 200 && (t.en as string).length <= 200;
}

const optNumber = (v: unknown) => v === undefined || (typeof v === "number" && Number.isFinite(v));

/** Returns the profiles typed, or throws DRIVER_PROFILES_INVALID naming the field. */
export function validateProfiles(pluginId: string, raw: unknown): DeviceProfile[] {
  const fail = (field: string, reason: string) => RuntimeErrors.DRIVER_PROFILES_INVALID({ pluginId, field, reason });
  if (!Array.isArray(raw) || raw.length > MAX_PROFILES) throw fail("profiles", `must be an array of at most ${MAX_PROFILES}`);
  const ids = new Set<string>();
  raw.forEach((p: unknown, i) => {
    const at = `profiles.${i}`;
    if (!p || typeof p !== "object") throw fail(at, "is not an object");
    const { id, title, resources, alarmRules } = p as Record<string, unknown>;
    if (typeof id !== "string" || !PROFILE_ID.test(id)) throw fail(`${at}.id`, `must match ${PROFILE_ID.source}`);
    if (ids.has(id)) throw fail(`${at}.id`, `"${id}" is declared twice`);
    ids.add(id);
    if (!isText(title)) throw fail(`${at}.title`, "needs zh-CN and en text");
    if (!Array.isArray(resources) || resources.length > MAX_RESOURCES) throw fail(`${at}.resources`, `must be an array of at most ${MAX_RESOURCES}`);
    const names = new Set<string>();
    resources.forEach((r: unknown, j) => {
      const rat = `${at}.resources.${j}`;
      if (!r || typeof r !== "object") throw fail(rat, "is not an object");
      const spec = r as Record<string, unknown>;
      if (typeof spec.name !== "string" || !RESOURCE_NAME.test(spec.name)) throw fail(`${rat}.name`, `must match ${RESOURCE_NAME.source}`);
      if (names.has(spec.name)) throw fail(`${rat}.name`, `"${spec.name}" is declared twice`);
      names.add(spec.name);
      if (!KINDS.has(spec.kind as string)) throw fail(`${rat}.kind`, "must be number, boolean or string");
      if (spec.unit !== undefined && (typeof spec.unit !== "string" || spec.unit.length > 32)) throw fail(`${rat}.unit`, "must be a string of at most 32 characters");
      for (const k of ["min", "max", "scale"]) if (!optNumber(spec[k])) throw fail(`${rat}.${k}`, "must be a finite number");
      if (spec.title !== undefined && !isText(spec.title)) throw fail(`${rat}.title`, "needs zh-CN and en text");
    });
    if (!Array.isArray(alarmRules)) throw fail(`${at}.alarmRules`, "must be an array");
    // @anju/alarms is written alongside; until its validator is exported only the array shape is checked.
    const validate = (alarms as Record<string, unknown>).validateAlarmRules as ((r: unknown) => unknown) | undefined;
    if (validate) {
      try {
        validate(alarmRules);
      } catch (err) {
        throw fail(`${at}.alarmRules`, (err as Error).message);
      }
    }
  });
  return raw as DeviceProfile[];
}
