/** What the API answers for a report: plain objects, JSON parsed, uploads not echoed back. */
import { mask } from "@anju/privacy";
import type { ReportEventRow, ReportRow } from "../entities/index.js";
import { parseJson } from "../db.js";
import { deadlineOf } from "../period.js";
import type { AuthorData } from "./schema.js";

/** The contact's phone as every API shows personal information: masked (`056****2911`). */
function maskedContact<T extends { contact?: { name?: string; phone?: string } }>(data: T): T {
  const phone = data.contact?.phone;
  return typeof phone === "string" && phone ? { ...data, contact: { ...data.contact, phone: mask("phone", phone) } } : data;
}

/** A draft's pending uploads are shown by name and size, never their content; the contact's phone masked. */
export function publicData(raw: AuthorData): Record<string, unknown> {
  const data = maskedContact(raw);
  if (!data.attachments) return { ...data };
  return {
    ...data,
    attachments: data.attachments.map((a) => ("content" in a ? { name: a.name, size: Math.floor((a.content.length * 3) / 4), pendingUpload: true } : a)),
  };
}

export function reportView(r: ReportRow, names: Map<string, string>, dueDay: number) {
  return {
    id: r.id,
    countyCode: r.jurisdictionCode,
    countyName: names.get(r.jurisdictionCode) ?? r.jurisdictionCode,
    period: r.period,
    status: r.status,
    timeliness: r.timeliness,
    deadline: deadlineOf(r.period, dueDay).toISOString(),
    data: publicData(parseJson<AuthorData>(r.data, {})),
    progress: parseJson(r.progress, {}),
    formKey: r.formKey,
    formVersion: r.formVersion,
    submissionId: r.submissionId,
    revision: r.revision,
    firstSubmittedAt: r.firstSubmittedAt,
    submittedAt: r.submittedAt,
    submittedBy: r.submittedBy,
    reviewedAt: r.reviewedAt,
    reviewedBy: r.reviewedBy,
    reviewComment: r.reviewComment,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

export function eventView(e: ReportEventRow) {
  return {
    id: e.id, action: e.action, fromStatus: e.fromStatus, toStatus: e.toStatus, actor: e.actor, at: e.at,
    comment: e.comment, submissionId: e.submissionId, snapshot: maskedSnapshot(parseJson<Record<string, unknown> | null>(e.snapshot, null)),
  };
}

function maskedSnapshot(snapshot: Record<string, unknown> | null): Record<string, unknown> | null {
  return snapshot ? maskedContact(snapshot as { contact?: { name?: string; phone?: string } }) : null;
}
