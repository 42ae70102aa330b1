/**
 * Stand-in for the driver API of `@anju/sdk` (core/sdk/src/driver.ts, written in parallel):
 * the same names and shapes as the #7 contract, so switching to the real module is an import
 * change. Replaced by re-exports once it lands.
 */
export type Quality = "good" | "uncertain" | "bad";
export interface I18nText { "zh-CN": string; en: string }
export interface Reading { deviceCode: string; ts: number; resource: string; value: number | boolean | string; unit?: string; quality: Quality }
export interface ResourceSpec { name: string; kind: "number" | "boolean" | "string"; unit?: string; min?: number; max?: number; scale?: number; title?: I18nText }
export interface DeviceProfile { id: string; title: I18nText; resources: ResourceSpec[]; alarmRules: unknown[] }

interface NormalizeOptions { now: number; profileOf?: (deviceCode: string) => DeviceProfile | undefined; maxAgeMs?: number; maxSkewMs?: number }

const QUALITIES = new Set(["good", "uncertain", "bad"]);

export function normalizeReadings(raw: unknown, opts: NormalizeOptions): { readings: Reading[]; rejected: Array<{ code: string; reason: string }> } {
  const readings: Reading[] = [];
  const rejected: Array<{ code: string; reason: string }> = [];
  if (!Array.isArray(raw)) return { readings, rejected: [{ code: "READINGS_NOT_ARRAY", reason: `decode returned ${typeof raw}, not an array` }] };
  const minTs = opts.now - (opts.maxAgeMs ?? 7 * 86_400_000);
  const maxTs = opts.now + (opts.maxSkewMs ?? 300_000);
  for (const r of raw as unknown[]) {
    if (!r || typeof r !== "object" || Array.isArray(r)) { rejected.push({ code: "READING_NOT_OBJECT", reason: "not an object" }); continue; }
    const { deviceCode, ts, resource, value, unit, quality } = r as Record<string, unknown>;
    if (typeof deviceCode !== "string" || !deviceCode || deviceCode.length > 64) { rejected.push({ code: "FIELD_TYPE", reason: "deviceCode must be a string of 1–64 characters" }); continue; }
    if (typeof resource !== "string" || !resource) { rejected.push({ code: "FIELD_TYPE", reason: "resource must be a non-empty string" }); continue; }
    if (typeof ts !== "number" || !Number.isFinite(ts) || ts < minTs || ts > maxTs) { rejected.push({ code: "TS_OUT_OF_RANGE", reason: `ts ${String(ts)} is not a time within the accepted window` }); continue; }
    const spec = opts.profileOf?.(deviceCode)?.resources.find((x) => x.name === resource);
    if (opts.profileOf?.(deviceCode) && !spec) { rejected.push({ code: "RESOURCE_UNKNOWN", reason: `resource "${resource}" is not in the device's profile` }); continue; }
    const kind = typeof value;
    if (!(kind === "number" || kind === "boolean" || kind === "string") || (spec && spec.kind !== kind)) {
      rejected.push({ code: "FIELD_TYPE", reason: `value of ${resource} must be ${spec?.kind ?? "number, boolean or string"}` }); continue;
    }
    if (kind === "number" && !Number.isFinite(value)) { rejected.push({ code: "VALUE_NOT_FINITE", reason: `value of ${resource} is not finite` }); continue; }
    if (quality !== undefined && !QUALITIES.has(quality as string)) { rejected.push({ code: "FIELD_TYPE", reason: "quality must be good, uncertain or bad" }); continue; }
    let v = value as number | boolean | string;
    let q = (quality as Quality | undefined) ?? "good";
    if (typeof v === "number" && spec?.scale !== undefined) v = v * spec.scale;
    if (typeof v === "number" && spec && ((spec.min !== undefined && v < spec.min) || (spec.max !== undefined && v > spec.max)) && q === "good") q = "uncertain";
    const reading: Reading = { deviceCode, ts, resource, value: v, quality: q };
    const u = typeof unit === "string" ? unit : spec?.unit;
    if (u) reading.unit = u;
    readings.push(reading);
  }
  return { readings, rejected };
}
