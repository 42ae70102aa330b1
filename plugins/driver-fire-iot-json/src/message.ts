/**
 * The gateway's JSON message on anju/<jurisdiction>/<device code>/up. One vendor gateway serves
 * all three device types; `cat` says which:
 *
 *   {"dev":"EM-001","ts":1767225600,"cat":"elec","residual":35,"temps":[31.5,30.2,29.8,30.0],"current":18.2,"rated":32}
 *   {"dev":"UT-001","ts":1767225600,"cat":"uitd","fire":true,"fault":false,"src":"01-023"}
 *   {"dev":"EL-001","ts":1767225600,"cat":"lift","trapped":false,"fault":false,"floor":7,"door":0}
 *
 * `ts` is seconds (left out by a device without a clock). `type` is "report" (periodic),
 * "event" (at once on a change) or "heartbeat"; a heartbeat repeats the current state in the
 * same fields, so it keeps the device online. Fields a device does not measure are absent;
 * flags may be 0/1 (older firmware).
 */
import { DecodeError, type RawReading } from "@anju/sdk/driver";

export const MAX_MESSAGE_BYTES = 4096;
const CATS = new Set(["elec", "uitd", "lift"]);
const TYPES = new Set(["report", "event", "heartbeat"]);

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
  return v;
}

export function parseMessage(payload: Buffer): Json {
  if (payload.length > MAX_MESSAGE_BYTES) throw new DecodeError("PAYLOAD_TOO_LARGE", `${payload.length} bytes, a gateway message is under ${MAX_MESSAGE_BYTES}`);
  let m: unknown;
  try {
    m = JSON.parse(payload.toString("utf8"));
  } catch {
    throw new DecodeError("PAYLOAD_NOT_JSON", "the message is not JSON");
  }
  if (typeof m !== "object" || m === null || Array.isArray(m)) throw new DecodeError("FIELD_TYPE", "the message must be a JSON object");
  return m as Json;
}

function electricity(m: Json, add: (resource: string, value: number | boolean | string | undefined) => void): void {
  add("residual-current", number(m, "residual"));
  const temps = m.temps;
  if (temps !== undefined) {
    if (!Array.isArray(temps) || temps.length === 0 || temps.some((t) => typeof t !== "number")) throw new DecodeError("FIELD_TYPE", "temps must be a non-empty list of numbers");
    // The rules judge the hottest line: which of the four it is matters to the electrician, not to the alarm.
    add("line-temperature", Math.max(...(temps as number[])));
  }
  const current = number(m, "current");
  add("current", current);
  const rated = number(m, "rated");
  if (current !== undefined && rated !== undefined) {
    if (!(rated > 0)) throw new DecodeError("FIELD_TYPE", "rated must be a positive number of amperes");
    add("load", Math.round((current / rated) * 1000) / 10);
  }
}

export function readingsOf(m: Json): RawReading[] {
  const dev = m.dev;
  if (dev === undefined) throw new DecodeError("FIELD_MISSING", "dev is missing");
  if (typeof dev !== "string") throw new DecodeError("FIELD_TYPE", "dev must be a string");
  if (m.cat === undefined) throw new DecodeError("FIELD_MISSING", "cat is missing");
  if (!CATS.has(m.cat as string)) throw new DecodeError("PAYLOAD_UNKNOWN_FRAME", `cat ${String(m.cat).slice(0, 20)}`);
  if (m.type !== undefined && !TYPES.has(m.type as string)) throw new DecodeError("PAYLOAD_UNKNOWN_FRAME", `type ${String(m.type).slice(0, 20)}`);
  let ts: number | undefined;
  if (m.ts !== undefined) {
    if (typeof m.ts !== "number") throw new DecodeError("FIELD_TYPE", "ts must be a number of seconds");
    ts = m.ts * 1000;
  }
  const out: RawReading[] = [];
  const add = (resource: string, value: number | boolean | string | undefined) => {
    if (value !== undefined) out.push(ts === undefined ? { deviceCode: dev, resource, value } : { deviceCode: dev, ts, resource, value });
  };
  if (m.cat === "elec") electricity(m, add);
  else if (m.cat === "uitd") {
    add("fire", flag(m, "fire"));
    add("fault", flag(m, "fault"));
    if (m.src !== undefined) {
      if (typeof m.src !== "string") throw new DecodeError("FIELD_TYPE", "src must be a string like 01-023");
      add("source", m.src);
    }
  } else {
    add("trapped", flag(m, "trapped"));
    add("fault", flag(m, "fault"));
    add("floor", number(m, "floor"));
    add("door-open", flag(m, "door"));
  }
  if (out.length === 0) throw new DecodeError("FIELD_MISSING", "no measurement in the message");
  return out;
}
