/**
 * Y2: what the county must receive, into @anju/uplink's outbox exactly once. Every record goes
 * with a marker row whose primary key names it (`alarm:<id>:raised`, `alarm:<id>:closed`,
 * `device:<code>`), inserted first in the same transaction as the outbox row: a second attempt —
 * the same event delivered again, or the catch-up sweep racing the event — fails on the key and
 * rolls back its own enqueue, so the outbox holds each record once whatever the interleaving.
 * The sweep exists because an alarm or a device commits in core/devices before its event is
 * handled here: a crash in between would otherwise lose the record.
 */
import type { DataSource, QueryRunner } from "typeorm";
import { asSystem } from "@anju/data";
import { enqueue, migrateOutbox, type UplinkRecord } from "@anju/uplink";
import { UplinkKinds } from "../constants.js";
import { isDuplicateKey, num, systemTransaction } from "./db.js";
import type { HandlingView } from "./handling.js";

export function alarmMarker(alarmId: string, event: "raised" | "closed"): string {
  return `alarm:${alarmId}:${event}`;
}

/** Inside the caller's transaction: marker, then the record. False when it was sent before (the caller's transaction must then roll back or carry on without it). */
export async function enqueueOnce(qr: QueryRunner, marker: string, record: UplinkRecord, now: number): Promise<void> {
  await qr.query("INSERT INTO `yiyang_uplinked` (marker_key, kind, created_at) VALUES (?, ?, ?)", [marker, record.kind, now]);
  await enqueue(qr, [record]);
}

/** Own transaction: true when enqueued now, false when it had been already. */
export async function sendOnce(ds: DataSource, marker: string, record: UplinkRecord, now: number): Promise<boolean> {
  try {
    await systemTransaction(ds, "yiyang: uplink", (qr) => enqueueOnce(qr, marker, record, now));
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/**
 * The uplink orders records per device code. Yiyang's own intrusion records (Y4, an access event
 * without a registered device) have none: they go in order per community node.
 */
export function uplinkDeviceOf(h: Pick<HandlingView, "deviceCode" | "jurisdictionCode">): string {
  return h.deviceCode || `community-node-${h.jurisdictionCode}`;
}

export function raisedRecord(h: Pick<HandlingView, "alarmId" | "deviceCode" | "jurisdictionCode" | "ruleId" | "severity" | "titleZh" | "titleEn" | "raisedAt">): UplinkRecord {
  return {
    kind: UplinkKinds.alarmRaised, deviceCode: uplinkDeviceOf(h), ts: h.raisedAt,
    data: { alarmId: h.alarmId, jurisdiction: h.jurisdictionCode, ruleId: h.ruleId, severity: h.severity, title: { "zh-CN": h.titleZh, en: h.titleEn }, raisedAt: h.raisedAt },
  };
}

export function closedRecord(h: HandlingView): UplinkRecord {
  return {
    kind: UplinkKinds.alarmClosed, deviceCode: uplinkDeviceOf(h), ts: h.closedAt ?? Date.now(),
    data: {
      alarmId: h.alarmId, jurisdiction: h.jurisdictionCode, ruleId: h.ruleId, severity: h.severity, title: { "zh-CN": h.titleZh, en: h.titleEn },
      raisedAt: h.raisedAt, acknowledgedAt: h.acknowledgedAt, dispatchedAt: h.dispatchedAt, resultAt: h.resultAt, closedAt: h.closedAt,
      verdict: h.verdict, hazardRemoved: h.hazardRemoved,
    },
  };
}

export interface DeviceRecordSource { code: string; jurisdiction: string; driverPluginId: string; profileId: string; name: string; createdAt: number }

/** A device's machine code and what it is (Y2 设备机器码). */
export function deviceRecord(d: DeviceRecordSource): UplinkRecord {
  return { kind: UplinkKinds.device, deviceCode: d.code, ts: d.createdAt, data: { code: d.code, name: d.name, jurisdiction: d.jurisdiction, driver: d.driverPluginId, profile: d.profileId } };
}

const outboxReady = new WeakSet<DataSource>();

/** The outbox lives in the community's own database; migrating is idempotent (recorded in anju_migration). */
export async function ensureOutbox(ds: DataSource): Promise<void> {
  if (outboxReady.has(ds)) return;
  await migrateOutbox(ds);
  outboxReady.add(ds);
}

export interface SweepResult { raised: number; closed: number; devices: number }

/**
 * Enqueue whatever has no marker yet: alarms of the given jurisdictions (where the plugin is
 * enabled) — creating their handling row if the raised event never arrived — closed handling
 * records, and registered devices.
 */
export async function sweep(ds: DataSource, inScope: (jurisdiction: string) => boolean, ensureHandling: (alarmId: string) => Promise<HandlingView | null>, now: number): Promise<SweepResult> {
  const out: SweepResult = { raised: 0, closed: 0, devices: 0 };
  const read = (sql: string, params: unknown[]) => asSystem("yiyang: uplink sweep", () => ds.query(sql, params)) as Promise<Array<Record<string, unknown>>>;
  const unmarked = (prefix: string, column: string, suffix = "") =>
    `NOT EXISTS (SELECT 1 FROM \`yiyang_uplinked\` u WHERE u.marker_key = ${concat(ds, [`'${prefix}'`, column, ...(suffix ? [`'${suffix}'`] : [])])})`;
  // Keyset pages: alarms and devices of jurisdictions without the plugin stay unmarked for ever and
  // must not fill every page. A sweep looks at SCAN_LIMIT rows of each at most; the next goes on.
  let after = "";
  for (let scanned = 0; scanned < SCAN_LIMIT;) {
    let page: Array<Record<string, unknown>>;
    try {
      page = await read(`SELECT a.id, a.jurisdiction_code FROM \`anju_device_alarm\` a WHERE a.jurisdiction_code IS NOT NULL AND a.id > ? AND ${unmarked("alarm:", "a.id", ":raised")}
        ORDER BY a.id LIMIT ${PAGE}`, [after]);
    } catch (err) {
      // No device platform here (a county node): nothing of ours to send, and no outbox to create.
      if (isMissingTable(err)) return out;
      throw err;
    }
    if (!page.length) break;
    scanned += page.length;
    after = String(page[page.length - 1].id);
    for (const r of page) {
      if (!inScope(String(r.jurisdiction_code))) continue;
      await ensureOutbox(ds);
      const h = await ensureHandling(String(r.id));
      if (h && await sendOnce(ds, alarmMarker(h.alarmId, "raised"), raisedRecord(h), now)) out.raised += 1;
    }
  }
  const missingClosed = await read(`SELECT h.alarm_id FROM \`yiyang_alarm_handling\` h WHERE h.stage = 'closed' AND ${unmarked("alarm:", "h.alarm_id", ":closed")} LIMIT ${PAGE}`, []);
  for (const r of missingClosed) {
    await ensureOutbox(ds);
    const h = await ensureHandling(String(r.alarm_id));
    if (h && await sendOnce(ds, alarmMarker(h.alarmId, "closed"), closedRecord(h), now)) out.closed += 1;
  }
  after = "";
  for (let scanned = 0; scanned < SCAN_LIMIT;) {
    const page = await read(`SELECT d.code, d.name, d.jurisdiction_code, d.driver_plugin_id, d.profile_id, d.created_at FROM \`anju_device\` d
      WHERE d.code > ? AND ${unmarked("device:", "d.code")} ORDER BY d.code LIMIT ${PAGE}`, [after]);
    if (!page.length) break;
    scanned += page.length;
    after = String(page[page.length - 1].code);
    for (const d of page) {
      const jurisdiction = String(d.jurisdiction_code);
      if (!inScope(jurisdiction)) continue;
      await ensureOutbox(ds);
      const created = d.created_at instanceof Date ? d.created_at.getTime() : Date.parse(`${String(d.created_at).replace(" ", "T")}${/[zZ]|[+-]\d\d:?\d\d$/.test(String(d.created_at)) ? "" : "Z"}`);
      const rec = deviceRecord({ code: String(d.code), name: String(d.name), jurisdiction, driverPluginId: String(d.driver_plugin_id), profileId: String(d.profile_id), createdAt: Number.isFinite(created) ? created : now });
      if (await sendOnce(ds, `device:${String(d.code)}`, rec, now)) out.devices += 1;
    }
  }
  return out;
}

const PAGE = 500;
const SCAN_LIMIT = 20_000;

export function isMissingTable(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string }; message?: string };
  const code = e.driverError?.code ?? e.code ?? "";
  return code === "ER_NO_SUCH_TABLE" || /no such table/i.test(e.message ?? "");
}

function concat(ds: DataSource, parts: string[]): string {
  return ds.options.type === "mysql" || ds.options.type === "mariadb" ? `CONCAT(${parts.join(", ")})` : parts.join(" || ");
}

