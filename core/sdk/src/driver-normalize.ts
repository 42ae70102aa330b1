/**
 * From what a driver's decode returned to readings the host stores and judges. This runs for
 * every reading (tens of thousands a second), so it is hand-written checks and one object per
 * accepted reading; nothing here compiles schemas or throws.
 */
import { REJECTION_CODES as R } from "./driver-errors.js";
import type { DeviceProfile, NormalizeOptions, NormalizeResult, Quality, Reading, Rejection, ResourceSpec } from "./driver-types.js";

const DAY = 86_400_000;
const DEVICE_CODE = /^[^\s/+#\u0000-\u001f]{1,64}$/;
const RESOURCE = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
const MAX_STRING = 1024;
const MAX_UNIT = 16;

const resourceIndex = new WeakMap<DeviceProfile, Map<string, ResourceSpec>>();
/** Profiles come from a loaded driver and do not change; index each once. */
export function resourceOf(profile: DeviceProfile, name: string): ResourceSpec | undefined {
  let idx = resourceIndex.get(profile);
  if (!idx) resourceIndex.set(profile, (idx = new Map(profile.resources.map((r) => [r.name, r]))));
  return idx.get(name);
}

/** Echo a bit of the offending input for the log, never a megabyte of it. */
export function snippet(v: unknown): string {
  let s: string;
  try {
    s = typeof v === "string" ? JSON.stringify(v) : typeof v === "number" || typeof v === "boolean" || v == null ? String(v) : Object.prototype.toString.call(v);
  } catch {
    s = "?";
  }
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

/** 5012 × 0.01 is 50.120000000000005 in floating point; readings should say 50.12. */
function scaled(v: number, scale: number): number {
  const x = v * scale;
  return Math.abs(x) < 1e6 ? Math.round(x * 1e9) / 1e9 : x;
}

export function normalizeReadings(raw: unknown, opts: NormalizeOptions): NormalizeResult {
  const readings: Reading[] = [];
  const rejected: Rejection[] = [];
  if (!Array.isArray(raw)) {
    rejected.push({ code: R.DRIVER_OUTPUT_INVALID, reason: `decode returned ${snippet(raw)}, not a list` });
    return { readings, rejected };
  }
  const { now, profileOf } = opts;
  const oldest = now - (opts.maxAgeMs ?? 7 * DAY);
  const newest = now + (opts.maxSkewMs ?? 300_000);
  const maxReadings = opts.maxReadings ?? 1000;
  const n = Math.min(raw.length, maxReadings);
  if (raw.length > maxReadings) rejected.push({ code: R.TOO_MANY_READINGS, reason: `${raw.length - maxReadings} of ${raw.length} readings beyond the limit of ${maxReadings}` });
  for (let i = 0; i < n; i++) {
    try {
      const out = one(raw[i], i, now, oldest, newest, profileOf);
      if ("code" in out) rejected.push(out);
      else readings.push(out);
    } catch (err) {
      // A getter that throws or a hostile proxy: the reading is garbage, the batch goes on.
      rejected.push({ code: R.READING_INVALID, reason: `reading ${i}: ${snippet((err as Error)?.message)}` });
    }
  }
  return { readings, rejected };
}

function one(item: unknown, i: number, now: number, oldest: number, newest: number, profileOf: NormalizeOptions["profileOf"]): Reading | Rejection {
  if (typeof item !== "object" || item === null || Array.isArray(item)) return { code: R.READING_INVALID, reason: `reading ${i} is ${snippet(item)}` };
  const r = item as Record<string, unknown>;
  const deviceCode = r.deviceCode;
  if (typeof deviceCode !== "string" || !DEVICE_CODE.test(deviceCode)) return { code: R.DEVICE_CODE_INVALID, reason: `reading ${i}: deviceCode ${snippet(deviceCode)}` };
  const resource = r.resource;
  if (typeof resource !== "string" || !RESOURCE.test(resource)) return { code: R.RESOURCE_INVALID, reason: `reading ${i}: resource ${snippet(resource)}`, deviceCode };

  const profile = profileOf?.(deviceCode);
  const spec = profile ? resourceOf(profile, resource) : undefined;
  if (profile && !spec) return { code: R.RESOURCE_UNKNOWN, reason: `${resource} is not in profile ${profile.id}`, deviceCode, resource };

  let value = r.value;
  const t = typeof value;
  if (t === "number") {
    if (!Number.isFinite(value)) return { code: R.VALUE_NOT_FINITE, reason: `${resource} = ${snippet(value)}`, deviceCode, resource };
  } else if (t === "string") {
    if ((value as string).length > MAX_STRING) return { code: R.VALUE_TOO_LONG, reason: `${resource}: ${(value as string).length} characters`, deviceCode, resource };
  } else if (t !== "boolean") {
    return { code: R.VALUE_TYPE, reason: `${resource} = ${snippet(value)}`, deviceCode, resource };
  }
  if (spec && spec.kind !== t) return { code: R.VALUE_TYPE, reason: `${resource} must be a ${spec.kind}, got ${snippet(value)}`, deviceCode, resource };

  let ts = r.ts;
  if (ts === undefined) ts = now;
  else if (typeof ts !== "number" || !Number.isFinite(ts)) return { code: R.TS_INVALID, reason: `ts ${snippet(ts)}`, deviceCode, resource };
  else if ((ts as number) < oldest) return { code: R.TS_TOO_OLD, reason: `ts ${snippet(ts)} is before ${new Date(oldest).toISOString()}`, deviceCode, resource };
  else if ((ts as number) > newest) return { code: R.TS_IN_FUTURE, reason: `ts ${snippet(ts)} is after ${new Date(newest).toISOString()}`, deviceCode, resource };

  let quality: Quality = "good";
  if (r.quality !== undefined) {
    if (r.quality !== "good" && r.quality !== "uncertain" && r.quality !== "bad") return { code: R.QUALITY_INVALID, reason: `quality ${snippet(r.quality)}`, deviceCode, resource };
    quality = r.quality;
  }
  let unit = spec?.unit;
  if (unit === undefined && r.unit !== undefined) {
    if (typeof r.unit !== "string" || r.unit.length > MAX_UNIT) return { code: R.UNIT_INVALID, reason: `unit ${snippet(r.unit)}`, deviceCode, resource };
    unit = r.unit;
  }
  if (spec && t === "number") {
    if (spec.scale !== undefined) value = scaled(value as number, spec.scale);
    if (quality === "good" && ((spec.min !== undefined && (value as number) < spec.min) || (spec.max !== undefined && (value as number) > spec.max))) quality = "uncertain";
  }
  const reading: Reading = { deviceCode, ts: Math.round(ts as number), resource, value: value as Reading["value"], quality };
  if (unit !== undefined) reading.unit = unit;
  return reading;
}
