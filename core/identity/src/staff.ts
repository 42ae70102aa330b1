/**
 * Staff records (H10): offboarding — the account disabled, its sessions ended and API keys
 * revoked in one transaction, the keys and USB keys handed back and the pledge recorded —
 * plus confidentiality pledges and training/assessment records per staff member.
 */
import crypto from "node:crypto";
import type { ServiceBroker } from "moleculer";
import { revokeAllApiKeys } from "./api-keys.js";
import { revokeAllRoles } from "./bridge.js";
import { rows, toBool, toDate, ts } from "./db.js";
import type { IdentityRuntime } from "./runtime.js";
import { deleteUserSessions } from "./store/sessions.js";

export const H10 = "H10";

export interface OffboardInput {
  userId: string;
  returnedKeys: string[];
  usbKeys: string[];
  pledgeSigned: boolean;
  note?: string | null;
  by: string;
}

export interface OffboardRecord {
  id: string;
  userId: string;
  returnedKeys: string[];
  usbKeys: string[];
  pledgeSigned: boolean;
  note: string | null;
  apiKeysRevoked: number;
  sessionsEnded: number;
  performedBy: string;
  performedAt: string;
}

export async function offboard(rt: IdentityRuntime, broker: ServiceBroker, input: OffboardInput): Promise<OffboardRecord & { rolesRevoked: boolean }> {
  const now = rt.now();
  const id = crypto.randomUUID();
  const record = await rt.ds.transaction(async (m) => {
    await m.query("UPDATE anju_user SET disabled = 1, disabled_at = ?, updated_at = ? WHERE id = ?", [ts(now), ts(now), input.userId]);
    const sessionsEnded = await deleteUserSessions(m, input.userId);
    const apiKeysRevoked = await revokeAllApiKeys(m, input.userId, input.by, now);
    await m.query(
      `INSERT INTO anju_offboarding (id, user_id, returned_keys, usb_keys, pledge_signed, note, api_keys_revoked, sessions_ended, performed_by, performed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [id, input.userId, JSON.stringify(input.returnedKeys), JSON.stringify(input.usbKeys), input.pledgeSigned ? 1 : 0, input.note ?? null,
        apiKeysRevoked, sessionsEnded, input.by, ts(now)]);
    return { apiKeysRevoked, sessionsEnded };
  });
  // Roles live in RBAC's tables: revoked after the account is already shut, so a failure here
  // leaves a disabled account with stale grants, never an active one.
  const rolesRevoked = await revokeAllRoles(broker, input.userId);
  return {
    id, userId: input.userId, returnedKeys: input.returnedKeys, usbKeys: input.usbKeys, pledgeSigned: input.pledgeSigned,
    note: input.note ?? null, ...record, performedBy: input.by, performedAt: now.toISOString(), rolesRevoked,
  };
}

export interface PledgeInput { userId: string; kind: string; signedOn: string; documentRef?: string | null; note?: string | null; by: string }
export interface TrainingInput {
  userId: string; course: string; completedOn: string; assessment: "passed" | "failed" | "none"; score?: number | null; note?: string | null; by: string;
}

export async function recordPledge(rt: IdentityRuntime, p: PledgeInput): Promise<{ id: string }> {
  const id = crypto.randomUUID();
  await rt.ds.query(
    "INSERT INTO anju_staff_pledge (id, user_id, kind, signed_on, document_ref, note, recorded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    [id, p.userId, p.kind, p.signedOn, p.documentRef ?? null, p.note ?? null, p.by, ts(rt.now())]);
  return { id };
}

export async function recordTraining(rt: IdentityRuntime, t: TrainingInput): Promise<{ id: string }> {
  const id = crypto.randomUUID();
  await rt.ds.query(
    "INSERT INTO anju_staff_training (id, user_id, course, completed_on, assessment, score, note, recorded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [id, t.userId, t.course, t.completedOn, t.assessment, t.score ?? null, t.note ?? null, t.by, ts(rt.now())]);
  return { id };
}

const iso = (v: unknown) => toDate(v)?.toISOString() ?? null;

export async function staffRecords(rt: IdentityRuntime, userId: string) {
  const db = rt.ds;
  const pledges = await rows<Record<string, unknown>>(db, "SELECT * FROM anju_staff_pledge WHERE user_id = ? ORDER BY signed_on DESC, created_at DESC", [userId]);
  const training = await rows<Record<string, unknown>>(db, "SELECT * FROM anju_staff_training WHERE user_id = ? ORDER BY completed_on DESC, created_at DESC", [userId]);
  const offboardings = await rows<Record<string, unknown>>(db, "SELECT * FROM anju_offboarding WHERE user_id = ? ORDER BY performed_at DESC", [userId]);
  return {
    pledges: pledges.map((r) => ({
      id: r.id, kind: r.kind, signedOn: r.signed_on, documentRef: r.document_ref ?? null, note: r.note ?? null, recordedBy: r.recorded_by, createdAt: iso(r.created_at),
    })),
    training: training.map((r) => ({
      id: r.id, course: r.course, completedOn: r.completed_on, assessment: r.assessment, score: r.score === null ? null : Number(r.score),
      note: r.note ?? null, recordedBy: r.recorded_by, createdAt: iso(r.created_at),
    })),
    offboardings: offboardings.map((r) => ({
      id: r.id, returnedKeys: JSON.parse(String(r.returned_keys)) as string[], usbKeys: JSON.parse(String(r.usb_keys)) as string[],
      pledgeSigned: toBool(r.pledge_signed), note: r.note ?? null, apiKeysRevoked: Number(r.api_keys_revoked), sessionsEnded: Number(r.sessions_ended),
      performedBy: r.performed_by, performedAt: iso(r.performed_at),
    })),
  };
}
