/**
 * The controller's JSON message on anju/<jurisdiction>/<device code>/up, e.g.
 *
 *   {"dev":"AC-001","ts":1767225600,"type":"status","door":"closed","tamper":false}
 *
 * `type` is "status" (on every change of the door or the tamper switch) or "heartbeat" (every
 * minute, with the current state). `door` is "open" or "closed"; older firmware sends true/false
 * or 1/0 for "open". `ts` is the controller's time in seconds; one that lost its clock leaves it
 * out. Who passed the door (card, face, QR) is not in these messages: the access-control
 * platform sends passage records to the community plugin (community.accessEvents.record).
 */
import { DecodeError, type RawReading } from "@anju/sdk/driver";

/** A controller's message is under a hundred bytes; anything much larger is not one. */
export const MAX_MESSAGE_BYTES = 2048;
const TYPES = new Set(["status", "heartbeat"]);

type Json = Record<string, unknown>;

function flag(m: Json, key: string): boolean | undefined {
  const v = m[key];
  if (v === undefined) return undefined;
  if (typeof v === "boolean") return v;
  if (v === 0 || v === 1) return v === 1;
  throw new DecodeError("FIELD_TYPE", `${key} must be true/false or 0/1`);
}

function doorOpen(m: Json): boolean | undefined {
  const v = m.door;
  if (v === "open") return true;
  if (v === "closed") return false;
  if (typeof v === "string") throw new DecodeError("FIELD_TYPE", `door must be "open" or "closed", not ${JSON.stringify(v.slice(0, 20))}`);
  return flag(m, "door");
}

export function parseMessage(payload: Buffer): Json {
  if (payload.length > MAX_MESSAGE_BYTES) throw new DecodeError("PAYLOAD_TOO_LARGE", `${payload.length} bytes, a controller sends under ${MAX_MESSAGE_BYTES}`);
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
  const add = (resource: string, value: boolean | undefined) => {
    if (value !== undefined) out.push(ts === undefined ? { deviceCode: dev, resource, value } : { deviceCode: dev, ts, resource, value });
  };
  add("door-open", doorOpen(m));
  add("tamper", flag(m, "tamper"));
  if (out.length === 0) throw new DecodeError("FIELD_MISSING", "neither door nor tamper in the message");
  return out;
}
