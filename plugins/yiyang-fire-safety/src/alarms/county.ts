/**
 * The county's side of Y2: an `onRecords` projector for @anju/uplink's InboxConsumer that keeps
 * the alarms the communities sent (raised, and closed with their handling times) in
 * `yiyang_county_alarm`, inside the inbox's transaction. The inbox has already dropped
 * duplicates; the table's unique key (community, alarm, event) is a second guard, so a record
 * seen again changes nothing. Readers see their subtree by the alarm's jurisdiction.
 *
 * On a county node the host's consumer (@anju/uplink's uplinkModule) calls it once the alarms
 * service has registered it (registerCountyProjection in its started()).
 */
import type { EntityManager } from "typeorm";
import { registerUplinkHandler, type StoredRecord } from "@anju/uplink";
import { UplinkKinds } from "../constants.js";
import { bool, num } from "./db.js";

interface AlarmData {
  alarmId?: unknown; jurisdiction?: unknown; ruleId?: unknown; severity?: unknown; title?: { "zh-CN"?: unknown };
  raisedAt?: unknown; acknowledgedAt?: unknown; dispatchedAt?: unknown; resultAt?: unknown; closedAt?: unknown; verdict?: unknown; hazardRemoved?: unknown;
}

const str = (v: unknown, max: number) => (typeof v === "string" ? v.slice(0, max) : null);
const int = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? Math.trunc(v) : null);

export async function projectCountyAlarms(tx: EntityManager, records: StoredRecord[]): Promise<void> {
  for (const r of records) {
    const event = r.kind === UplinkKinds.alarmRaised ? "raised" : r.kind === UplinkKinds.alarmClosed ? "closed" : null;
    if (!event) continue;
    const d = (r.data ?? {}) as AlarmData;
    const alarmId = str(d.alarmId, 64);
    const jurisdiction = str(d.jurisdiction, 32);
    const raisedAt = int(d.raisedAt);
    // A record the county cannot place is kept in the inbox (anju_uplink_record) but not projected.
    if (!alarmId || !jurisdiction || raisedAt === null) continue;
    // The inbox checked that the sender is in the county's subtree; the alarm must also be the
    // sender's own (its community or below), or one community could file alarms as another.
    if (!(await ownedBySender(tx, jurisdiction, r.community))) continue;
    const seen = await tx.query("SELECT 1 AS x FROM `yiyang_county_alarm` WHERE community_code = ? AND alarm_id = ? AND event = ?", [r.community, alarmId, event]);
    if ((seen as unknown[]).length) continue;
    await tx.query(
      `INSERT INTO \`yiyang_county_alarm\` (jurisdiction_code, community_code, alarm_id, event, device_code, rule_id, severity, title_zh, raised_at,
        acknowledged_at, dispatched_at, result_at, closed_at, verdict, hazard_removed, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [jurisdiction, r.community, alarmId, event, r.deviceCode.slice(0, 64), str(d.ruleId, 64) ?? "", str(d.severity, 16) ?? "", str(d.title?.["zh-CN"], 200) ?? "", raisedAt,
        int(d.acknowledgedAt), int(d.dispatchedAt), int(d.resultAt), int(d.closedAt), str(d.verdict, 16),
        typeof d.hazardRemoved === "boolean" ? (d.hazardRemoved ? 1 : 0) : null, r.receivedAt]);
  }
}

/** Is `jurisdiction` the sending community or under it, in the county's own jurisdiction tree? */
export async function ownedBySender(tx: EntityManager, jurisdiction: string, community: string): Promise<boolean> {
  if (jurisdiction === community) return true;
  const rows = (await tx.query("SELECT path FROM anju_jurisdiction WHERE code = ?", [jurisdiction])) as Array<{ path: string }>;
  return rows.length === 1 && rows[0].path.includes(`/${community}/`);
}

/** Hand the projection to the host's uplink consumer; returns what removes it (service stopped). */
export function registerCountyProjection(host: object): () => void {
  return registerUplinkHandler(host, [UplinkKinds.alarmRaised, UplinkKinds.alarmClosed], projectCountyAlarms);
}

export interface CountyAlarm {
  id: number; jurisdictionCode: string; communityCode: string; alarmId: string; event: string; deviceCode: string; ruleId: string; severity: string; title: string;
  raisedAt: number; acknowledgedAt: number | null; dispatchedAt: number | null; resultAt: number | null; closedAt: number | null;
  verdict: string | null; hazardRemoved: boolean | null; receivedAt: number;
}

export function toCountyAlarm(r: Record<string, unknown>): CountyAlarm {
  return {
    id: Number(r.id), jurisdictionCode: String(r.jurisdiction_code), communityCode: String(r.community_code), alarmId: String(r.alarm_id), event: String(r.event),
    deviceCode: String(r.device_code), ruleId: String(r.rule_id), severity: String(r.severity), title: String(r.title_zh), raisedAt: Number(r.raised_at),
    acknowledgedAt: num(r.acknowledged_at), dispatchedAt: num(r.dispatched_at), resultAt: num(r.result_at), closedAt: num(r.closed_at),
    verdict: r.verdict === null || r.verdict === undefined ? null : String(r.verdict), hazardRemoved: bool(r.hazard_removed), receivedAt: Number(r.received_at),
  };
}
