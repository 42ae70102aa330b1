/**
 * The detector's JSON message on anju/<jurisdiction>/<device code>/up, e.g.
 *
 *   {"dev":"SD-001","ts":1767254400,"type":"report","smoke":false,"battery":87,"temp":23.5,"fault":false}
 *
 * `type` is "report" (every 5 minutes), "alarm" (at once on smoke, fault or tamper) or
 * "heartbeat" (battery only). `ts` is the detector's time in seconds; a detector that lost its
 * clock leaves it out. Fields it does not measure are absent, never null. Some firmware sends
 * 0/1 for the flags.
 */
import { DecodeError, type RawReading } from "@anju/sdk/driver";

/** A detector's message is a few hundred bytes; anything much larger is not one. */
export const MAX_MESSAGE_BYTES = 4096;
const TYPES = new Set(["report", "alarm", "heartbeat"]);

type Json = Record<string, unknown>;

function flag(m: Json, key: string): boolean | undefined {
  const v = m[key];
  if (v === undefined) return undefined;
  if (typeof v === "boolean") return v;
  if (v === 0 || v === 1) return v === 1;
  throw new DecodeError("FIELD_TYPE", `${key} must be true/false or 0/1`);
}

function number(m: Json, key: string): number | undefined {
  const v = m[key];
  if (v === undefined) return undefined;
  if (typeof v !== "number") throw new DecodeError("FIELD_TYPE", `${key} must be a number`);
  return v; // 1e400 parses as Infinity: the host refuses it (VALUE_NOT_FINITE); ranges are the profile's (min/max → uncertain)
}

export function parseMessage(payload: Buffer): Json {
  if (payload.length > MAX_MESSAGE_BYTES) throw new DecodeError("PAYLOAD_TOO_LARGE", `${payload.length} bytes, a detector sends under ${MAX_MESSAGE_BYTES}`);
  let m: unknown;
  try {
    m = JSON.parse(payload.toString("utf8"));
  } catch {
    throw new DecodeError("PAYLOAD_NOT_JSON", "the message is not JSON");
  }
  if (typeof m !== "object" || m === null || Array.isArray(m)) throw new DecodeError("FIELD_TYPE", "the message must be a JSON object");
  return m as Json;
}

export function readingsOf(m: Json): RawReading[] {
  const dev = m.dev;
  if (dev === undefined) throw new DecodeError("FIELD_MISSING", "dev is missing");
  if (typeof dev !== "string") throw new DecodeError("FIELD_TYPE", "dev must be a string");
  if (m.type !== undefined && !TYPES.has(m.type as string)) throw new DecodeError("PAYLOAD_UNKNOWN_FRAME", `type ${String(m.type).slice(0, 20)}`);
  let ts: number | undefined;
  if (m.ts !== undefined) {
    if (typeof m.ts !== "number") throw new DecodeError("FIELD_TYPE", "ts must be a number of seconds");
    ts = m.ts * 1000;
  }
  const out: RawReading[] = [];
  const add = (resource: string, value: number | boolean | undefined) => {
    if (value !== undefined) out.push(ts === undefined ? { deviceCode: dev, resource, value } : { deviceCode: dev, ts, resource, value });
  };
  add("smoke", flag(m, "smoke"));
  add("battery", number(m, "battery"));
  add("temperature", number(m, "temp"));
  add("fault", flag(m, "fault"));
  add("tamper", flag(m, "tamper"));
  if (out.length === 0) throw new DecodeError("FIELD_MISSING", "no measurement in the message");
  return out;
}
