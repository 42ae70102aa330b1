/**
 * Ingestion of access events (`community.accessEvents.record`): a batch of up to 500 events of
 * one community, written in one transaction. Each event is checked on its own; a bad one is
 * returned as a coded rejection `{ index, code, message }` and the rest are stored. A re-sent
 * event (same `sourceEventId` in the community, also twice in one batch) is counted as a
 * duplicate and not stored again. A credential is matched to the authorisation that was in
 * force when the event occurred (blind index, never decrypted): `registered` and
 * `authorisationId` say whether the person or vehicle was a registered resident.
 */
import type { QueryRunner } from "typeorm";
import { In } from "typeorm";
import type { AnjuError } from "@anju/errors";
import { ACCESS_DIRECTIONS, ACCESS_EVENT_KINDS, ACCESS_METHODS, ACCESS_OUTCOMES, AUTHORISATION_SUBJECTS } from "../constants.js";
import type { AccessDirection, AccessEventKind, AccessMethod, AccessOutcome, AuthorisationSubject } from "../constants.js";
import { canonicalCredential } from "../credential.js";
import { AccessEventEntity, AccessEventPi, type AccessEventRow } from "../entities/index.js";
import { CommunityErrors } from "../errors.js";
import { registeredAt } from "./device-registry.js";

/** One event as the access-control platform sends it. */
export interface AccessEventInput {
  sourceEventId: string;
  occurredAt: number;
  accessPointId?: number | null;
  deviceCode?: string | null;
  kind?: AccessEventKind;
  subject?: AuthorisationSubject;
  direction?: AccessDirection | null;
  method?: AccessMethod;
  outcome: AccessOutcome;
  credentialRef?: string | null;
  captureRef?: string | null;
}

export interface Rejection { index: number; code: string; message: string; messages: { "zh-CN": string; en: string } }
export interface RecordResult { accepted: number; duplicates: number; rejected: Rejection[]; ids: number[] }

const FIELDS = new Set(["sourceEventId", "occurredAt", "accessPointId", "deviceCode", "kind", "subject", "direction", "method", "outcome", "credentialRef", "captureRef"]);
const SOURCE_ID = /^[\x21-\x7e]{1,128}$/;
const DEVICE_CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** A URI or store key: printable, no blanks; `data:` would be the image itself (H11). */
const CAPTURE_REF = /^[\x21-\x7e]{1,500}$/;
/** Events from before 2000 or more than a day ahead of this node's clock are a platform's clock error. */
const EARLIEST = Date.UTC(2000, 0, 1);
const MAX_AHEAD_MS = 24 * 3600_000;

function invalid(field: string, reason: string): AnjuError {
  return CommunityErrors.COMMUNITY_ACCESS_EVENT_INVALID({ field, reason });
}

function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[], fallback?: T | null): T | null {
  if (value === undefined) {
    if (fallback === undefined) throw invalid(field, "必填 / required");
    return fallback;
  }
  if (value === null && fallback === null) return null;
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) throw invalid(field, `取值应为 / one of ${allowed.join(", ")}`);
  return value as T;
}

function optionalString(field: string, value: unknown, pattern: RegExp): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string" || !pattern.test(value)) throw invalid(field, "格式不正确 / malformed");
  return value;
}

/** Checks one event's shape and values; throws the coded error that becomes its rejection. */
export function checkEvent(raw: unknown, now: number): Omit<AccessEventRow, "id" | "jurisdictionCode" | "communityId" | "authorisationId" | "registered" | "receivedAt"> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw invalid("event", "应为对象 / must be an object");
  const e = raw as Record<string, unknown>;
  const extra = Object.keys(e).find((k) => !FIELDS.has(k));
  if (extra) throw invalid(extra, "未知字段 / unknown field");
  const sourceEventId = optionalString("sourceEventId", e.sourceEventId, SOURCE_ID);
  if (!sourceEventId) throw invalid("sourceEventId", "必填 / required");
  const occurredAt = e.occurredAt;
  if (typeof occurredAt !== "number" || !Number.isInteger(occurredAt)) throw invalid("occurredAt", "应为毫秒时间戳 / epoch milliseconds");
  if (occurredAt < EARLIEST || occurredAt > now + MAX_AHEAD_MS) throw invalid("occurredAt", "时间不合理 / out of range");
  let accessPointId: number | null = null;
  if (e.accessPointId !== undefined && e.accessPointId !== null) {
    if (typeof e.accessPointId !== "number" || !Number.isInteger(e.accessPointId) || e.accessPointId < 1) throw invalid("accessPointId", "应为正整数 / a positive integer");
    accessPointId = e.accessPointId;
  }
  // H11: an image inlined as a data URI is refused by name, not as a malformed reference.
  if (typeof e.captureRef === "string" && /^\s*data:/i.test(e.captureRef)) throw CommunityErrors.COMMUNITY_CAPTURE_NOT_A_REFERENCE({ rule: "H11" });
  const captureRef = optionalString("captureRef", e.captureRef, CAPTURE_REF);
  let credentialRef: string | null = null;
  if (e.credentialRef !== undefined && e.credentialRef !== null) {
    if (typeof e.credentialRef !== "string") throw invalid("credentialRef", "应为字符串 / a string");
    credentialRef = canonicalCredential(e.credentialRef);
  }
  return {
    sourceEventId, occurredAt, accessPointId, captureRef, credentialRef,
    deviceCode: optionalString("deviceCode", e.deviceCode, DEVICE_CODE),
    kind: oneOf("kind", e.kind, ACCESS_EVENT_KINDS, "passage")!,
    subject: oneOf("subject", e.subject, AUTHORISATION_SUBJECTS, "person")!,
    direction: oneOf("direction", e.direction, ACCESS_DIRECTIONS, null),
    method: oneOf("method", e.method, ACCESS_METHODS, "none")!,
    outcome: oneOf("outcome", e.outcome, ACCESS_OUTCOMES)!,
  };
}

function rejection(index: number, err: unknown): Rejection {
  const e = err as AnjuError;
  if (!e?.anjuCode) throw err;
  return { index, code: e.anjuCode, message: e.messages["zh-CN"], messages: e.messages };
}

interface Candidate { id: number; bidx: string; validFrom: number; validTo: number | null; status: string; revokedAt: number | null }

/** Authorisations of the community with these credential indexes (ids and periods only: no PI read). */
async function candidates(qr: QueryRunner, node: string, communityId: number, indexes: string[]): Promise<Map<string, Candidate[]>> {
  const out = new Map<string, Candidate[]>();
  const unique = [...new Set(indexes)];
  for (let i = 0; i < unique.length; i += 200) {
    const chunk = unique.slice(i, i + 200);
    const rows = (await qr.query(
      `SELECT id, credential_ref_bidx, valid_from, valid_to, status, revoked_at FROM community_authorisation
       WHERE jurisdiction_code = ? AND community_id = ? AND credential_ref_bidx IN (${chunk.map(() => "?").join(", ")})`,
      [node, communityId, ...chunk],
    )) as Array<Record<string, unknown>>;
    for (const r of rows) {
      const c: Candidate = {
        id: Number(r.id), bidx: String(r.credential_ref_bidx), validFrom: Number(r.valid_from), validTo: r.valid_to === null ? null : Number(r.valid_to),
        status: String(r.status), revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
      };
      out.set(c.bidx, [...(out.get(c.bidx) ?? []), c]);
    }
  }
  return out;
}

/** In force at `t`: started, not expired, and not revoked by then (a later revocation does not reach back). */
function inForceAt(c: Candidate, t: number): boolean {
  return c.validFrom <= t && (c.validTo === null || t < c.validTo) && (c.status === "active" || (c.revokedAt !== null && t < c.revokedAt));
}

async function existingSources(qr: QueryRunner, node: string, communityId: number, sources: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (sources.length === 0) return out;
  const rows = (await qr.manager.find(AccessEventEntity, {
    select: { id: true, sourceEventId: true },
    where: { jurisdictionCode: node, communityId, sourceEventId: In(sources) },
  })) as Array<Pick<AccessEventRow, "id" | "sourceEventId">>;
  for (const r of rows) out.set(r.sourceEventId, r.id);
  return out;
}

/** The batch inside its transaction (`qr` in the community node's tenant scope). */
export async function ingest(qr: QueryRunner, community: { id: number; jurisdictionCode: string }, events: unknown[], now: number): Promise<RecordResult> {
  const node = community.jurisdictionCode;
  const rejected: Rejection[] = [];
  const checked: Array<{ index: number; e: ReturnType<typeof checkEvent> }> = [];
  events.forEach((raw, index) => {
    try {
      checked.push({ index, e: checkEvent(raw, now) });
    } catch (err) {
      rejected.push(rejection(index, err));
    }
  });

  // Access points of this community (another community's or jurisdiction's: "not found").
  const pointIds = [...new Set(checked.map((c) => c.e.accessPointId).filter((x): x is number => x !== null))];
  const points = new Map<number, string | null>();
  if (pointIds.length) {
    const rows = (await qr.query(
      `SELECT id, device_code FROM community_access_point WHERE jurisdiction_code = ? AND community_id = ? AND id IN (${pointIds.map(() => "?").join(", ")})`,
      [node, community.id, ...pointIds],
    )) as Array<{ id: number; device_code: string | null }>;
    for (const r of rows) points.set(Number(r.id), r.device_code ?? null);
  }
  const resolved: typeof checked = [];
  for (const c of checked) {
    if (c.e.accessPointId !== null && !points.has(c.e.accessPointId)) {
      rejected.push(rejection(c.index, CommunityErrors.COMMUNITY_ACCESS_POINT_NOT_FOUND({ id: c.e.accessPointId })));
      continue;
    }
    if (!c.e.deviceCode && c.e.accessPointId !== null) c.e.deviceCode = points.get(c.e.accessPointId) ?? null;
    resolved.push(c);
  }

  // A device code given by the platform must be a registered device of this community's node.
  const registered = await registeredAt(qr, node, resolved.map((c) => c.e.deviceCode).filter((x): x is string => !!x));
  const valid = resolved.filter((c) => {
    if (!c.e.deviceCode || registered.has(c.e.deviceCode)) return true;
    rejected.push(rejection(c.index, CommunityErrors.COMMUNITY_DEVICE_NOT_REGISTERED({ code: c.e.deviceCode })));
    return false;
  });

  // Re-sent events, stored before or repeated within this batch.
  const existing = await existingSources(qr, node, community.id, [...new Set(valid.map((c) => c.e.sourceEventId))]);
  const seen = new Set<string>();
  let duplicates = 0;
  const fresh = valid.filter((c) => {
    if (existing.has(c.e.sourceEventId) || seen.has(c.e.sourceEventId)) {
      duplicates += 1;
      return false;
    }
    seen.add(c.e.sourceEventId);
    return true;
  });

  const indexOf = (ref: string) => AccessEventPi.indexWhere("credentialRef", ref).credentialRefBidx;
  const byIndex = await candidates(qr, node, community.id, fresh.map((c) => c.e.credentialRef).filter((x): x is string => !!x).map(indexOf));
  const rows: Array<Omit<AccessEventRow, "id">> = fresh.map(({ e }) => {
    const match = e.credentialRef
      ? (byIndex.get(indexOf(e.credentialRef)) ?? []).filter((c) => inForceAt(c, e.occurredAt)).sort((a, b) => b.validFrom - a.validFrom || b.id - a.id)[0]
      : undefined;
    return AccessEventPi.withIndexes({
      ...e, jurisdictionCode: node, communityId: community.id, authorisationId: match?.id ?? null, registered: match !== undefined, receivedAt: now,
    });
  });
  for (let i = 0; i < rows.length; i += 100) await qr.manager.insert(AccessEventEntity, rows.slice(i, i + 100) as never);
  const stored = await existingSources(qr, node, community.id, rows.map((r) => r.sourceEventId));
  const ids = rows.map((r) => stored.get(r.sourceEventId)!).sort((a, b) => a - b);
  rejected.sort((a, b) => a.index - b.index);
  return { accepted: rows.length, duplicates, rejected, ids };
}
