/**
 * The county's side of Y2 for authorisations and access events: `onRecords` projectors run
 * inside the uplink inbox's transaction (after it dropped duplicates). Like the alarms
 * (county.ts), a record is kept only when its jurisdiction is the sending community or below it
 * in the county's own tree; another community's record stays in the inbox, unprojected.
 *
 * - Authorisations: one row per (community, authorisation), replaced only by a higher revision
 *   (a late or repeated older revision changes nothing). The holder's name and ID number and a
 *   vehicle's plate are encrypted at rest with the county node's PI keys (CountyAuthorisationPi)
 *   and masked in every answer. Without PI keys on the node the record is not projected (it stays
 *   in the inbox, where sealed records are kept encrypted with the node's uplink key) rather than
 *   stored in clear.
 * - Access events: one row per (community, event): passages and captures with the capture's
 *   reference — the image itself never leaves the community (H11).
 */
import type { EntityManager } from "typeorm";
import { definePiFields } from "@anju/sdk";
import { encryptField, decryptField, mask } from "@anju/privacy";
import { registerUplinkHandler, type StoredRecord } from "@anju/uplink";
import { UplinkKinds } from "../constants.js";
import { bool, num } from "./db.js";
import { ownedBySender } from "./county.js";

/** The county's copy of an authorisation holds personal information (declared under `anju.pi`). */
export const CountyAuthorisationPi = definePiFields("YiyangCountyAuthorisation", {
  holderName: { kind: "name" },
  holderIdNo: { kind: "idNumber" },
  plate: { kind: "plate", column: "credential_ref" },
});

const str = (v: unknown, max: number) => (typeof v === "string" ? v.slice(0, max) : null);
const int = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? Math.trunc(v) : null);

function encryptOrNull(kind: "name" | "idNumber" | "plate", v: string | null): string | null {
  return v === null ? null : encryptField(kind, v);
}

async function projectAuthorisation(tx: EntityManager, r: StoredRecord): Promise<void> {
  const d = (r.data ?? {}) as Record<string, unknown>;
  const id = int(d.id);
  const revision = int(d.revision);
  const jurisdiction = str(d.jurisdiction, 32);
  const holderName = str(d.holderName, 100);
  if (id === null || revision === null || !jurisdiction || !holderName || int(d.communityId) === null) return;
  if (!(await ownedBySender(tx, jurisdiction, r.community))) return;
  const seen = (await tx.query("SELECT revision FROM `yiyang_county_authorisation` WHERE community_code = ? AND authorisation_id = ?", [r.community, id])) as Array<{ revision: unknown }>;
  if (seen.length && Number(seen[0].revision) >= revision) return;
  let name: string | null; let idNo: string | null; let plate: string | null;
  try {
    name = encryptOrNull("name", holderName);
    idNo = encryptOrNull("idNumber", str(d.holderIdNo, 32));
    plate = encryptOrNull("plate", str(d.plate, 32));
  } catch {
    // No PI keys on this node: never store the holder in clear; the record stays in the inbox.
    return;
  }
  const values = [
    jurisdiction, int(d.communityId), int(d.unitId), revision, str(d.change, 16) ?? "updated", str(d.subject, 16) ?? "", str(d.credential, 16) ?? "",
    name, idNo, plate, int(d.validFrom), int(d.validTo), str(d.status, 16) ?? "", int(d.at) ?? r.ts, r.receivedAt,
  ];
  if (seen.length) {
    await tx.query(
      `UPDATE \`yiyang_county_authorisation\` SET jurisdiction_code = ?, community_id = ?, unit_id = ?, revision = ?, change_kind = ?, subject = ?, credential = ?,
        holder_name = ?, holder_id_no = ?, credential_ref = ?, valid_from = ?, valid_to = ?, status = ?, changed_at = ?, received_at = ?
       WHERE community_code = ? AND authorisation_id = ? AND revision < ?`, [...values, r.community, id, revision]);
  } else {
    await tx.query(
      `INSERT INTO \`yiyang_county_authorisation\` (jurisdiction_code, community_id, unit_id, revision, change_kind, subject, credential, holder_name, holder_id_no,
        credential_ref, valid_from, valid_to, status, changed_at, received_at, community_code, authorisation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [...values, r.community, id]);
  }
}

async function projectAccessEvent(tx: EntityManager, r: StoredRecord): Promise<void> {
  const d = (r.data ?? {}) as Record<string, unknown>;
  const id = int(d.id);
  const jurisdiction = str(d.jurisdiction, 32);
  const occurredAt = int(d.occurredAt);
  if (id === null || !jurisdiction || occurredAt === null || int(d.communityId) === null) return;
  if (!(await ownedBySender(tx, jurisdiction, r.community))) return;
  const seen = await tx.query("SELECT 1 AS x FROM `yiyang_county_access_event` WHERE community_code = ? AND event_id = ?", [r.community, id]);
  if ((seen as unknown[]).length) return;
  const captureRef = str(d.captureRef, 500);
  await tx.query(
    `INSERT INTO \`yiyang_county_access_event\` (jurisdiction_code, community_code, event_id, community_id, access_point_id, device_code, kind, subject, direction,
      method, outcome, registered, capture_ref, occurred_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [jurisdiction, r.community, id, int(d.communityId), int(d.accessPointId), str(d.deviceCode, 64), str(d.kind, 16) ?? "", str(d.subject, 16) ?? "",
      str(d.direction, 8), str(d.method, 16) ?? "", str(d.outcome, 16) ?? "", typeof d.registered === "boolean" ? (d.registered ? 1 : 0) : null,
      // A reference only: an inline image (data: URI) is refused upstream, and dropped here if one came.
      captureRef && !/^\s*data:/i.test(captureRef) ? captureRef : null, occurredAt, r.receivedAt]);
}

export async function projectCountyAccess(tx: EntityManager, records: StoredRecord[]): Promise<void> {
  for (const r of records) {
    if (r.kind === UplinkKinds.authorisation) await projectAuthorisation(tx, r);
    else if (r.kind === UplinkKinds.accessEvent) await projectAccessEvent(tx, r);
  }
}

export function registerCountyAccessProjection(host: object): () => void {
  return registerUplinkHandler(host, [UplinkKinds.authorisation, UplinkKinds.accessEvent], projectCountyAccess);
}

const reveal = (kind: "name" | "idNumber" | "plate", stored: unknown): string | null => {
  if (stored === null || stored === undefined) return null;
  try {
    return mask(kind, decryptField(kind, String(stored)));
  } catch {
    return "***";
  }
};

/** A county row as answered: personal information decrypted only to be masked. */
export function toCountyAuthorisation(r: Record<string, unknown>) {
  return {
    id: Number(r.id), jurisdictionCode: String(r.jurisdiction_code), communityCode: String(r.community_code), authorisationId: Number(r.authorisation_id),
    communityId: Number(r.community_id), unitId: num(r.unit_id), revision: Number(r.revision), change: String(r.change_kind), subject: String(r.subject),
    credential: String(r.credential), holderName: reveal("name", r.holder_name), holderIdNo: reveal("idNumber", r.holder_id_no), plate: reveal("plate", r.credential_ref),
    validFrom: iso(num(r.valid_from)), validTo: iso(num(r.valid_to)), status: String(r.status), changedAt: iso(num(r.changed_at)), receivedAt: iso(num(r.received_at)),
  };
}

export function toCountyAccessEvent(r: Record<string, unknown>) {
  return {
    id: Number(r.id), jurisdictionCode: String(r.jurisdiction_code), communityCode: String(r.community_code), eventId: Number(r.event_id), communityId: Number(r.community_id),
    accessPointId: num(r.access_point_id), deviceCode: r.device_code === null || r.device_code === undefined ? null : String(r.device_code), kind: String(r.kind),
    subject: String(r.subject), direction: r.direction === null || r.direction === undefined ? null : String(r.direction), method: String(r.method), outcome: String(r.outcome),
    registered: bool(r.registered), captureRef: r.capture_ref === null || r.capture_ref === undefined ? null : String(r.capture_ref),
    occurredAt: iso(num(r.occurred_at)), receivedAt: iso(num(r.received_at)),
  };
}

const iso = (v: number | null) => (v === null ? null : new Date(v).toISOString());
