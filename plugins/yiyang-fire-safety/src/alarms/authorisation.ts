/**
 * Y2: resident-authorisation changes to the county, each revision once. The community plugin
 * emits `community.authorisation.changed` (ids only) after a change commits; Yiyang reads the
 * record unmasked as the system and enqueues it with the marker `authorisation:<id>:<revision>`
 * in the same transaction. The sweep finds authorisations whose current revision has no marker
 * (an event lost to a crash) and sends that revision — the county keeps the newest it has seen,
 * so a missed intermediate revision is superseded, never reordered.
 *
 * What goes up is what the county needs to know who may enter which community: the holder's
 * name and ID number, the credential kind, and the plate for vehicles (other credential
 * references — card numbers, vendor person ids — stay in the community). The record is sealed
 * (H11): encrypted at rest in this node's uplink outbox with its own key, opened only by the relay
 * as it publishes, and sealed again with the county node's key in its inbox. The county encrypts
 * the personal information at rest in its projection and masks it in every answer (county-access.ts).
 */
import type { ServiceBroker } from "moleculer";
import type { DataSource } from "typeorm";
import { asSystem } from "@anju/data";
import { hostOf, systemContext } from "@anju/kernel";
import { CommunityActions, type Authorisation } from "@anju/plugin-community";
import { installUplinkSeal, type UplinkRecord } from "@anju/uplink";
import { UplinkKinds } from "../constants.js";
import { ensureOutbox, sendOnce } from "./uplink.js";

export interface AuthorisationChange { id: number; jurisdictionCode: string; change?: string; revision?: number; at?: number }

export const authorisationMarker = (id: number, revision: number) => `authorisation:${id}:${revision}`;

function changeOf(a: Pick<Authorisation, "status" | "revision">, told?: { change?: string; revision?: number }): string {
  if (told?.change && told.revision === a.revision) return told.change;
  return a.status === "revoked" ? "revoked" : a.revision <= 1 ? "granted" : "updated";
}

/** The community plugin answers instants as ISO text (epoch ms and Dates are taken too). */
const ms = (v: unknown): number | null => {
  if (v === null || v === undefined) return null;
  const n = v instanceof Date ? v.getTime() : typeof v === "number" ? v : /^\d+$/.test(String(v)) ? Number(v) : Date.parse(String(v));
  return Number.isFinite(n) ? n : null;
};

export function authorisationRecord(a: Authorisation, change: string, at: number): UplinkRecord {
  const plate = a.subject === "vehicle" && a.credential === "plate" ? a.credentialRef : null;
  return {
    // In order per authorisation: its revisions must not overtake each other.
    kind: UplinkKinds.authorisation, deviceCode: `authorisation-${a.id}`, ts: at, sealed: true,
    data: {
      id: a.id, jurisdiction: a.jurisdictionCode, communityId: a.communityId, unitId: a.unitId, revision: a.revision, change, subject: a.subject,
      credential: a.credential, holderName: a.holderName, holderIdNo: a.holderIdNo, plate, validFrom: ms(a.validFrom), validTo: ms(a.validTo), status: a.status, at,
    },
  };
}

/** Read the authorisation as it is now (unmasked, as the system of its node) and send its revision once. */
export async function sendAuthorisation(broker: ServiceBroker, e: AuthorisationChange, now = Date.now()): Promise<boolean> {
  const a = await hostOf(broker).call<Authorisation>(CommunityActions.authorisations.get, { id: e.id, unmasked: true }, systemContext(e.jurisdictionCode));
  const host = hostOf(broker);
  const ds = host.ds;
  await ensureOutbox(ds);
  // The uplink module installs the node's sealing key; idempotent here for a host without it.
  installUplinkSeal(ds, host.tokenSecret());
  const at = e.revision === a.revision && e.at ? e.at : ms((a as unknown as { updatedAt?: unknown }).updatedAt) ?? now;
  return sendOnce(ds, authorisationMarker(a.id, a.revision), authorisationRecord(a, changeOf(a, e), at), now);
}

/** Authorisations (of jurisdictions in scope) whose current revision has no marker; keyset pages. */
export async function unsentAuthorisations(ds: DataSource, afterId: number, limit: number): Promise<Array<{ id: number; jurisdictionCode: string; revision: number }>> {
  const marker = ds.options.type === "mysql" || ds.options.type === "mariadb"
    ? "CONCAT('authorisation:', a.id, ':', a.revision)" : "'authorisation:' || a.id || ':' || a.revision";
  try {
    const rows = (await asSystem("yiyang: authorisation sweep", () => ds.query(
      `SELECT a.id, a.jurisdiction_code, a.revision FROM \`community_authorisation\` a
       WHERE a.id > ? AND NOT EXISTS (SELECT 1 FROM \`yiyang_uplinked\` u WHERE u.marker_key = ${marker}) ORDER BY a.id LIMIT ${limit}`, [afterId]))) as Array<Record<string, unknown>>;
    return rows.map((r) => ({ id: Number(r.id), jurisdictionCode: String(r.jurisdiction_code), revision: Number(r.revision) }));
  } catch (err) {
    // The community plugin's table not migrated here (older registry): nothing to send.
    if (/no such table|ER_NO_SUCH_TABLE|doesn't exist/i.test(String((err as Error).message))) return [];
    throw err;
  }
}
