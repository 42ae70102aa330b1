/**
 * What travels upward. The package stays generic — a kind, the device it came from, the
 * community's timestamp and a JSON document — so the Yiyang plugin decides the kinds (readings
 * summaries, alarms, authorisation changes, capture references, machine codes) without changes here.
 */
import { DEVICE_CODE_MAX, KIND_PATTERN } from "./constants.js";
import { UplinkErrors } from "./errors.js";

export interface UplinkRecord {
  kind: string;
  deviceCode: string;
  /** When it happened, by the community's clock (Date, epoch ms or ISO string). */
  ts: Date | number | string;
  data: unknown;
  /**
   * Personal information inside: `data` is kept encrypted at rest in the outbox (and in the
   * county's inbox) with the node's own key, and opened only by the relay just before it
   * publishes (see seal.ts). Default false: readings and alarms pay nothing.
   */
  sealed?: boolean;
}

/** One record as the wire carries it: sequence numbers assigned by the community's outbox. */
export interface WireRecord {
  seq: number;
  dev: string;
  dseq: number;
  ts: number;
  data: unknown;
  /** Sealed at the source: the county seals it at rest with its own key too. */
  sealed?: 1;
}

/** One NATS message: records of one kind from one community, in outbox order. */
export interface UplinkMessage {
  v: 1;
  county: string;
  community: string;
  kind: string;
  /** The community's clock when the relay published it (for skew, not for ordering). */
  sentAt: number;
  records: WireRecord[];
}

export interface NormalisedRecord { kind: string; deviceCode: string; ts: number; data: string; sealed: boolean }

const invalid = (index: number, field: string, reason: string) => UplinkErrors.UPLINK_RECORD_INVALID({ index, field, reason });

function tsOf(v: UplinkRecord["ts"]): number {
  const ms = v instanceof Date ? v.getTime() : typeof v === "number" ? v : Date.parse(v);
  return Number.isFinite(ms) ? Math.trunc(ms) : NaN;
}

/** Check every record before anything is written, so a bad one leaves the caller's transaction clean. */
export function normaliseRecords(records: UplinkRecord[]): NormalisedRecord[] {
  return records.map((r, i) => {
    if (!r || typeof r !== "object") throw invalid(i, "record", "is not an object");
    if (typeof r.kind !== "string" || !KIND_PATTERN.test(r.kind)) throw invalid(i, "kind", "must be 1–64 letters, digits, _ or -");
    if (typeof r.deviceCode !== "string" || r.deviceCode.length === 0 || r.deviceCode.length > DEVICE_CODE_MAX) {
      throw invalid(i, "deviceCode", `must be a string of 1–${DEVICE_CODE_MAX} characters`);
    }
    const ts = tsOf(r.ts);
    if (Number.isNaN(ts)) throw invalid(i, "ts", "is not a valid time");
    let data: string | undefined;
    try {
      data = JSON.stringify(r.data ?? null);
    } catch (err) {
      throw invalid(i, "data", `cannot be serialised: ${(err as Error).message}`);
    }
    if (data === undefined) throw invalid(i, "data", "cannot be serialised");
    if (r.sealed !== undefined && typeof r.sealed !== "boolean") throw invalid(i, "sealed", "must be true or false");
    return { kind: r.kind, deviceCode: r.deviceCode, ts, data, sealed: r.sealed === true };
  });
}
