/**
 * Y2 readings summaries (数据汇总): per device and complete hour, what the community node stored
 * in the device platform's `anju_device_reading` — per resource the count, the last value and its
 * time, and for numeric readings the min, max and average. One uplink record per device-hour
 * (all its resources), enqueued exactly once: the marker `summary:<device>:<hourStartMs>` is
 * inserted in the same transaction as the outbox row (uplink.ts enqueueOnce), so a re-run, a
 * restart or two nodes' timers racing add nothing.
 *
 * A periodic job (readings.service.ts) summarises the hours after its cursor (`yiyang_cursor`
 * `readings-summary`, the start of the next hour to do), at most LOOK_BACK_MS back: a node that
 * was down catches up on the last 48 hours. An hour counts as complete SETTLE_MS after it ends
 * (the ingest writer batches; devices' clocks drift). Readings stored for an hour after it was
 * summarised (a device uploading its buffer days later) stay on the node and are not sent again.
 * Only devices of jurisdictions where the plugin is enabled are summarised; the others' hours are
 * passed over.
 */
import type { DataSource } from "typeorm";
import type { UplinkRecord } from "@anju/uplink";
import { UplinkKinds } from "../constants.js";
import { num, systemTransaction } from "./db.js";
import { cursorOf, moveCursor } from "./intrusion.js";
import { ensureOutbox, isMissingTable, sendOnce } from "./uplink.js";

export const HOUR_MS = 3_600_000;
export const LOOK_BACK_MS = 48 * HOUR_MS;
export const SETTLE_MS = 5 * 60_000;
const CURSOR = "readings-summary";

export interface ResourceSummary {
  resource: string;
  /** The last reading's kind: n(umeric), b(oolean), s(tring). */
  kind: "n" | "b" | "s";
  unit: string | null;
  count: number;
  /** Numeric readings only (null for booleans and text). */
  min: number | null; max: number | null; avg: number | null;
  last: number | boolean | string | null;
  lastTs: number;
}

export interface DeviceHourSummary { device: string; jurisdiction: string; hourStart: number; hourEnd: number; resources: ResourceSummary[] }

export const summaryMarker = (device: string, hourStart: number) => `summary:${device}:${hourStart}`;

export function summaryRecord(s: DeviceHourSummary): UplinkRecord {
  return { kind: UplinkKinds.readingsSummary, deviceCode: s.device, ts: s.hourStart, data: s };
}

/** The summaries of one hour, per device (resources in name order). Empty when nothing was stored. */
export async function summariseHour(ds: DataSource, hourStart: number): Promise<DeviceHourSummary[]> {
  const hourEnd = hourStart + HOUR_MS;
  const [aggs, lasts] = await systemTransaction(ds, "yiyang: readings summary", async (qr) => [
    (await qr.query(
      `SELECT device_code, resource, COUNT(*) AS n, SUM(CASE WHEN kind = 'n' THEN 1 ELSE 0 END) AS nn,
         MIN(CASE WHEN kind = 'n' THEN value_num END) AS mn, MAX(CASE WHEN kind = 'n' THEN value_num END) AS mx, AVG(CASE WHEN kind = 'n' THEN value_num END) AS av
       FROM \`anju_device_reading\` WHERE ts >= ? AND ts < ? GROUP BY device_code, resource`, [hourStart, hourEnd])) as Array<Record<string, unknown>>,
    // The last reading of each device and resource: its value, unit and jurisdiction.
    (await qr.query(
      `SELECT r.device_code, r.resource, r.ts, r.kind, r.value_num, r.value_text, r.unit, r.jurisdiction_code FROM \`anju_device_reading\` r
       JOIN (SELECT device_code, resource, MAX(ts) AS ts FROM \`anju_device_reading\` WHERE ts >= ? AND ts < ? GROUP BY device_code, resource) m
         ON r.device_code = m.device_code AND r.resource = m.resource AND r.ts = m.ts`, [hourStart, hourEnd])) as Array<Record<string, unknown>>,
  ] as const);
  const lastOf = new Map(lasts.map((r) => [`${String(r.device_code)}|${String(r.resource)}`, r]));
  const byDevice = new Map<string, DeviceHourSummary & { lastAt: number }>();
  for (const a of aggs) {
    const device = String(a.device_code);
    const l = lastOf.get(`${device}|${String(a.resource)}`);
    if (!l) continue;
    const kind = String(l.kind) as ResourceSummary["kind"];
    const lastTs = Number(l.ts);
    const numeric = kind === "n" && Number(a.nn) > 0;
    const s: ResourceSummary = {
      resource: String(a.resource), kind, unit: l.unit === null || l.unit === undefined ? null : String(l.unit), count: Number(a.n),
      min: numeric ? num(a.mn) : null, max: numeric ? num(a.mx) : null, avg: numeric ? num(a.av) : null,
      last: kind === "n" ? num(l.value_num) : kind === "b" ? Number(l.value_num) === 1 : l.value_text === null || l.value_text === undefined ? null : String(l.value_text),
      lastTs,
    };
    const d = byDevice.get(device) ?? { device, jurisdiction: String(l.jurisdiction_code), hourStart, hourEnd, resources: [], lastAt: -1 };
    d.resources.push(s);
    // A device moved mid-hour: the hour belongs to where its last reading was stored.
    if (lastTs > d.lastAt) { d.lastAt = lastTs; d.jurisdiction = String(l.jurisdiction_code); }
    byDevice.set(device, d);
  }
  return [...byDevice.values()].sort((x, y) => (x.device < y.device ? -1 : x.device > y.device ? 1 : 0)).map(({ lastAt: _, ...d }) => ({
    ...d, resources: d.resources.sort((x, y) => (x.resource < y.resource ? -1 : x.resource > y.resource ? 1 : 0)),
  }));
}

async function marked(ds: DataSource, keys: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < keys.length; i += 500) {
    const part = keys.slice(i, i + 500);
    const rows = (await systemTransaction(ds, "yiyang: summary markers", (qr) => qr.query(
      `SELECT marker_key FROM \`yiyang_uplinked\` WHERE marker_key IN (${part.map(() => "?").join(", ")})`, part))) as Array<{ marker_key: string }>;
    for (const r of rows) out.add(r.marker_key);
  }
  return out;
}

export interface ReadingsSweepResult { hours: number; summaries: number }

/**
 * Summarise every complete hour after the cursor (at most LOOK_BACK_MS back from `now`) and
 * enqueue each device-hour without a marker. The cursor moves past an hour once all of its
 * device-hours are enqueued (or out of scope); a failure leaves it there for the next run.
 */
export async function sweepReadings(ds: DataSource, inScope: (jurisdiction: string) => boolean, now: number): Promise<ReadingsSweepResult> {
  const out: ReadingsSweepResult = { hours: 0, summaries: 0 };
  const lastEnd = Math.floor((now - SETTLE_MS) / HOUR_MS) * HOUR_MS;
  const floor = lastEnd - LOOK_BACK_MS;
  let hour: number;
  try {
    hour = Math.max(floor, await systemTransaction(ds, "yiyang: cursor", (qr) => cursorOf(qr, CURSOR)));
  } catch (err) {
    if (isMissingTable(err)) return out;
    throw err;
  }
  for (; hour < lastEnd; hour += HOUR_MS) {
    let summaries: DeviceHourSummary[];
    try {
      summaries = await summariseHour(ds, hour);
    } catch (err) {
      // No device platform on this node (a county node): nothing to summarise.
      if (isMissingTable(err)) return out;
      throw err;
    }
    const wanted = summaries.filter((s) => inScope(s.jurisdiction));
    const done = await marked(ds, wanted.map((s) => summaryMarker(s.device, s.hourStart)));
    for (const s of wanted) {
      if (done.has(summaryMarker(s.device, s.hourStart))) continue;
      await ensureOutbox(ds);
      if (await sendOnce(ds, summaryMarker(s.device, s.hourStart), summaryRecord(s), now)) out.summaries += 1;
    }
    out.hours += 1;
    await systemTransaction(ds, "yiyang: cursor", (qr) => moveCursor(qr, CURSOR, hour + HOUR_MS));
  }
  return out;
}
