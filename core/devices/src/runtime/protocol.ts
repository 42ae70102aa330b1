/**
 * The IPC protocol between the host and a driver child (child.cjs speaks the same, in plain
 * JavaScript so that a JavaScript driver needs no TypeScript loader).
 *
 * One message per batch both ways: the payloads of a batch travel as one concatenated buffer
 * plus their lengths (a single base64 string with JSON serialisation, a single Uint8Array with
 * "advanced"), so the cost per raw MQTT message is a slice, not a message.
 *
 * Everything the child sends is untrusted: `parseChildMessage` accepts only the shapes below.
 */
import type { RawMessage } from "./types.js";

export type Serialization = "json" | "advanced";

export interface DecodeRequest { t: "decode"; id: number; topics: string[]; lengths: number[]; data: string | Uint8Array }
export interface StopRequest { t: "stop" }
export type HostMessage = DecodeRequest | StopRequest;

/** Per raw message: what decode returned (unchecked), or the error it threw. */
export type DecodeOutcome = { ok: unknown } | { error: { code: string; message: string } };

export type ChildMessage =
  | { t: "hello"; driverId: string; protocol: string; profiles: unknown }
  | { t: "hb"; rss: number; heapUsed: number }
  | { t: "result"; id: number; out: DecodeOutcome[] }
  | { t: "log"; level: "info" | "warn" | "error"; msg: string }
  | { t: "load-error"; message: string }
  | { t: "fatal"; message: string };

export function encodeBatch(id: number, batch: readonly RawMessage[], serialization: Serialization): DecodeRequest {
  const topics = new Array<string>(batch.length);
  const lengths = new Array<number>(batch.length);
  for (let i = 0; i < batch.length; i++) {
    topics[i] = batch[i].topic;
    lengths[i] = batch[i].payload.length;
  }
  const joined = Buffer.concat(batch.map((m) => m.payload));
  // Advanced serialisation copies a Uint8Array as raw bytes; JSON needs text.
  return { t: "decode", id, topics, lengths, data: serialization === "advanced" ? joined : joined.toString("base64") };
}

const str = (v: unknown, max: number): v is string => typeof v === "string" && v.length <= max;
const num = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

function isOutcome(v: unknown): v is DecodeOutcome {
  if (!v || typeof v !== "object") return false;
  if ("ok" in v) return true;
  const e = (v as { error?: { code?: unknown; message?: unknown } }).error;
  return !!e && str(e.code, 100) && str(e.message, 2000);
}

/** The message if it is one of the protocol's, else null (the caller counts it). */
export function parseChildMessage(raw: unknown): ChildMessage | null {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return null;
  const m = raw as Record<string, unknown>;
  switch (m.t) {
    case "hello":
      return str(m.driverId, 100) && str(m.protocol, 100) ? (m as ChildMessage) : null;
    case "hb":
      return num(m.rss) && num(m.heapUsed) ? (m as ChildMessage) : null;
    case "result":
      return num(m.id) && Array.isArray(m.out) && m.out.every(isOutcome) ? (m as ChildMessage) : null;
    case "log":
      return (m.level === "info" || m.level === "warn" || m.level === "error") && str(m.msg, 4000) ? (m as ChildMessage) : null;
    case "load-error":
    case "fatal":
      return str(m.message, 4000) ? (m as ChildMessage) : null;
    default:
      return null;
  }
}
