/**
 * The county's side of Y2 readings summaries: an `onRecords` projector run inside the uplink
 * inbox's transaction (after it dropped duplicates), one row per device, resource and hour in
 * `yiyang_county_reading_summary`. Like the alarms (county.ts), a summary is kept only when its
 * jurisdiction is the sending community or below it in the county's own tree; another
 * community's record stays in the inbox, unprojected. A row already there is left as it is.
 */
import type { EntityManager } from "typeorm";
import { registerUplinkHandler, type StoredRecord } from "@anju/uplink";
import { UplinkKinds } from "../constants.js";
import { num } from "./db.js";
import { ownedBySender } from "./county.js";
import { HOUR_MS } from "./readings.js";

const str = (v: unknown, max: number) => (typeof v === "string" && v.length > 0 ? v.slice(0, max) : null);
const int = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? Math.trunc(v) : null);
const dbl = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);

interface SummaryData { device?: unknown; jurisdiction?: unknown; hourStart?: unknown; resources?: unknown }
interface ResourceData { resource?: unknown; kind?: unknown; unit?: unknown; count?: unknown; min?: unknown; max?: unknown; avg?: unknown; last?: unknown; lastTs?: unknown }

async function projectSummary(tx: EntityManager, r: StoredRecord): Promise<void> {
  const d = (r.data ?? {}) as SummaryData;
  const jurisdiction = str(d.jurisdiction, 32);
  const hourStart = int(d.hourStart);
  const device = str(d.device, 64) ?? r.deviceCode.slice(0, 64);
  // A record the county cannot place is kept in the inbox (anju_uplink_record) but not projected.
  if (!jurisdiction || hourStart === null || hourStart % HOUR_MS !== 0 || !Array.isArray(d.resources)) return;
  if (!(await ownedBySender(tx, jurisdiction, r.community))) return;
  for (const x of d.resources as ResourceData[]) {
    const resource = str(x?.resource, 64);
    const kind = x?.kind === "n" || x?.kind === "b" || x?.kind === "s" ? x.kind : null;
    const count = int(x?.count);
    const lastTs = int(x?.lastTs);
    if (!resource || !kind || count === null || count < 1 || lastTs === null) continue;
    const seen = await tx.query("SELECT 1 AS x FROM `yiyang_county_reading_summary` WHERE community_code = ? AND device_code = ? AND resource = ? AND hour_start = ?",
      [r.community, device, resource, hourStart]);
    if ((seen as unknown[]).length) continue;
    const lastNum = kind === "n" ? dbl(x.last) : kind === "b" && typeof x.last === "boolean" ? (x.last ? 1 : 0) : null;
    const lastText = kind === "s" && typeof x.last === "string" ? x.last.slice(0, 255) : null;
    const numeric = kind === "n";
    await tx.query(
      `INSERT INTO \`yiyang_county_reading_summary\` (jurisdiction_code, community_code, device_code, resource, kind, unit, hour_start, reading_count,
        min_value, max_value, avg_value, last_num, last_text, last_ts, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [jurisdiction, r.community, device, resource, kind, str(x.unit, 16), hourStart, count,
        numeric ? dbl(x.min) : null, numeric ? dbl(x.max) : null, numeric ? dbl(x.avg) : null, lastNum, lastText, lastTs, r.receivedAt]);
  }
}

export async function projectCountyReadings(tx: EntityManager, records: StoredRecord[]): Promise<void> {
  for (const r of records) if (r.kind === UplinkKinds.readingsSummary) await projectSummary(tx, r);
}

export function registerCountyReadingsProjection(host: object): () => void {
  return registerUplinkHandler(host, [UplinkKinds.readingsSummary], projectCountyReadings);
}

const iso = (v: number | null) => (v === null ? null : new Date(v).toISOString());

/** A county row as answered: times as ISO 8601, the last value in its own type. */
export function toCountySummary(r: Record<string, unknown>) {
  const kind = String(r.kind);
  const lastNum = num(r.last_num);
  const hourStart = Number(r.hour_start);
  return {
    id: Number(r.id), jurisdictionCode: String(r.jurisdiction_code), communityCode: String(r.community_code), deviceCode: String(r.device_code),
    resource: String(r.resource), kind, unit: r.unit === null || r.unit === undefined ? null : String(r.unit),
    hourStart: new Date(hourStart).toISOString(), hourEnd: new Date(hourStart + HOUR_MS).toISOString(), count: Number(r.reading_count),
    min: num(r.min_value), max: num(r.max_value), avg: num(r.avg_value),
    last: kind === "s" ? (r.last_text === null || r.last_text === undefined ? null : String(r.last_text)) : kind === "b" ? (lastNum === null ? null : lastNum === 1) : lastNum,
    lastTs: iso(num(r.last_ts)), receivedAt: iso(num(r.received_at)),
  };
}
