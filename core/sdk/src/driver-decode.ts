/**
 * One raw MQTT message through a driver, the way the host runs it: nothing a device sends and
 * nothing a driver does escapes as an exception; it comes back as counted rejections.
 */
import { REJECTION_CODES as R } from "./driver-errors.js";
import { normalizeReadings, snippet } from "./driver-normalize.js";
import type { DriverDefinition, NormalizeOptions, NormalizeResult } from "./driver-types.js";

export interface DecodeOptions extends NormalizeOptions {
  /** Larger payloads are refused before the driver sees them (default 256 KiB). */
  maxPayloadBytes?: number;
}

const CODE = /^[A-Z][A-Z0-9_]{2,63}$/;

export function decodeMessage(driver: Pick<DriverDefinition, "decode">, topic: string, payload: Buffer, opts: DecodeOptions): NormalizeResult {
  const limit = opts.maxPayloadBytes ?? 256 * 1024;
  if (payload.length > limit) return { readings: [], rejected: [{ code: R.PAYLOAD_TOO_LARGE, reason: `${payload.length} bytes, limit ${limit}` }] };
  let raw: unknown;
  try {
    raw = driver.decode(topic, payload);
  } catch (err) {
    const e = err as { name?: unknown; code?: unknown; message?: unknown } | null;
    // Duck-typed: the driver may bundle its own copy of the SDK, so instanceof can miss.
    if (e && e.name === "DecodeError") {
      const code = typeof e.code === "string" && CODE.test(e.code) ? e.code : R.DECODE_FAILED;
      return { readings: [], rejected: [{ code, reason: String(e.message ?? "").slice(0, 200) }] };
    }
    return { readings: [], rejected: [{ code: R.DRIVER_THREW, reason: snippet(e?.message ?? e) }] };
  }
  if (raw !== null && typeof raw === "object" && typeof (raw as { then?: unknown }).then === "function") {
    return { readings: [], rejected: [{ code: R.DRIVER_OUTPUT_INVALID, reason: "decode must return readings, not a promise" }] };
  }
  return normalizeReadings(raw, opts);
}
