/**
 * The county reporter's side of T4: open a month's report, edit the draft, submit it. A
 * submitted (or accepted) report is read-only to its author; a returned one can be edited and
 * submitted again. Timeliness is decided once, by the server clock at the first submission.
 */
import type { Context } from "moleculer";
import { requireRequestContext } from "@anju/kernel";
import { TonglingAudit } from "../actions.js";
import { requireCountyReporter } from "../access.js";
import { nowOf } from "../clock.js";
import { REPORT_FORM_KEY, type ReportStatus } from "../constants.js";
import { isUniqueViolation, parseJson } from "../db.js";
import type { ReportRow } from "../entities/index.js";
import { STATUS_TEXT, TonglingErrors } from "../errors.js";
import { attachmentOf, submitReportForm } from "../forms-bridge.js";
import { isOnTime, periodOf } from "../period.js";
import { settingsAt } from "../settings.js";
import { progressFigures } from "./figures.js";
import { BASE_FIELDS, type AuthorData } from "./schema.js";
import { appendEvent, audited, reports, transition } from "./store.js";

const EDITABLE: readonly ReportStatus[] = ["draft", "returned"];

function readOnly(status: ReportStatus) {
  return TonglingErrors.TONGLING_REPORT_READ_ONLY({ status, statusText: STATUS_TEXT[status] ?? status });
}

/** T4: from the start month, up to the current month (Beijing time); never a future month. */
export function checkPeriod(period: string, now: Date, startMonth: string): void {
  const current = periodOf(now);
  if (period > current) throw TonglingErrors.TONGLING_PERIOD_IN_FUTURE({ rule: "T4", period, current });
  if (period < startMonth) throw TonglingErrors.TONGLING_PERIOD_BEFORE_START({ rule: "T4", period, startMonth });
}

export function createReport(ctx: Context<{ period: string } & AuthorData>): Promise<ReportRow> {
  return audited(ctx, TonglingAudit.reportCreate, null, { period: ctx.params.period }, async () => {
    const { rc, county } = await requireCountyReporter(ctx);
    const { period, ...data } = ctx.params;
    const now = nowOf(ctx.broker);
    checkPeriod(period, now, (await settingsAt(ctx.broker, county.code)).startMonth);
    const repo = reports(ctx);
    const duplicate = () => TonglingErrors.TONGLING_REPORT_DUPLICATE({ rule: "T4", period, county: county.name });
    if (await repo.findOneBy({ period })) throw duplicate();
    const progress = await progressFigures(ctx.broker, county.code, period);
    let row: ReportRow;
    try {
      row = await repo.insert({
        jurisdictionCode: county.code, period, status: "draft", data: JSON.stringify(data), progress: JSON.stringify(progress),
        formKey: REPORT_FORM_KEY, formVersion: null, submissionId: null, revision: 0, timeliness: null, firstSubmittedAt: null,
        submittedAt: null, submittedBy: null, reviewedAt: null, reviewedBy: null, reviewComment: null,
        createdBy: rc.principal.id, createdAt: now, updatedAt: now, lockVersion: 0,
      } as ReportRow);
    } catch (err) {
      // Two creates at once: the unique index on (county, period) lets one through.
      if (isUniqueViolation(err)) throw duplicate();
      throw err;
    }
    await appendEvent(ctx, row, { action: "create", from: null, to: "draft", at: now });
    return row;
  });
}

export function updateReport(ctx: Context<{ id: number } & AuthorData>): Promise<ReportRow> {
  return audited(ctx, TonglingAudit.reportUpdate, ctx.params.id, {}, async () => {
    const { county } = await requireCountyReporter(ctx);
    const { id, ...patch } = ctx.params;
    const report = await reports(ctx).getBy({ id });
    if (!EDITABLE.includes(report.status)) throw readOnly(report.status);
    const now = nowOf(ctx.broker);
    const current = parseJson<AuthorData>(report.data, {});
    // Extension fields merge key by key: sending one does not drop the others.
    const data = { ...current, ...patch, ...(patch.extra ? { extra: { ...current.extra, ...patch.extra } } : {}) };
    const progress = await progressFigures(ctx.broker, county.code, report.period);
    const saved = await transition(ctx, report, EDITABLE, { data: JSON.stringify(data), progress: JSON.stringify(progress), updatedAt: now });
    await appendEvent(ctx, saved, { action: "update", from: report.status, to: saved.status, at: now });
    return saved;
  });
}

/** Files stored by the previous submission go back to the forms module as uploads (stored once: content-addressed). */
async function uploadsOf(ctx: Context, report: ReportRow, data: AuthorData): Promise<AuthorData["attachments"]> {
  if (!data.attachments) return undefined;
  const out: NonNullable<AuthorData["attachments"]> = [];
  for (const a of data.attachments) {
    if ("content" in a) { out.push(a); continue; }
    if (!report.submissionId) throw TonglingErrors.TONGLING_ATTACHMENT_NOT_FOUND({ fileId: a.fileId });
    const file = await attachmentOf(ctx.broker, report.jurisdictionCode, report.submissionId, a.fileId).catch(() => {
      throw TonglingErrors.TONGLING_ATTACHMENT_NOT_FOUND({ fileId: a.fileId });
    });
    out.push({ name: file.name, content: file.content });
  }
  return out;
}

export function submitReport(ctx: Context<{ id: number }>): Promise<ReportRow> {
  return audited(ctx, TonglingAudit.reportSubmit, ctx.params.id, {}, async () => {
    const { county } = await requireCountyReporter(ctx);
    const rc = requireRequestContext(ctx);
    const report = await reports(ctx).getBy({ id: ctx.params.id });
    if (!EDITABLE.includes(report.status)) throw readOnly(report.status);
    const now = nowOf(ctx.broker);
    const { extra, ...data } = parseJson<AuthorData>(report.data, {});
    const progress = await progressFigures(ctx.broker, county.code, report.period);
    const attachments = await uploadsOf(ctx, report, data);
    const extended = Object.fromEntries(Object.entries(extra ?? {}).filter(([k]) => !(BASE_FIELDS as readonly string[]).includes(k)));
    // Validated whole against the effective form (the city's extension included); a refusal
    // (FORM_SUBMISSION_INVALID) changes nothing here.
    const stored = await submitReportForm(ctx.broker, county.code, {
      ...extended, ...data, period: report.period, progress, ...(attachments ? { attachments } : {}),
    });
    // What was stored: the base fields stay at the top, the extension's go back under `extra`.
    const { period: _p, progress: storedProgress, ...rest } = stored.data;
    const base = Object.fromEntries(Object.entries(rest).filter(([k]) => (BASE_FIELDS as readonly string[]).includes(k)));
    const added = Object.fromEntries(Object.entries(rest).filter(([k]) => !(BASE_FIELDS as readonly string[]).includes(k)));
    const storedData = { ...base, ...(Object.keys(added).length ? { extra: added } : {}) };
    const { dueDay } = await settingsAt(ctx.broker, county.code);
    const first = report.firstSubmittedAt ?? now;
    const saved = await transition(ctx, report, EDITABLE, {
      status: "submitted", data: JSON.stringify(storedData), progress: JSON.stringify(storedProgress), submissionId: stored.id,
      formVersion: stored.version, revision: report.revision + 1, submittedAt: now, submittedBy: rc.principal.id, firstSubmittedAt: first,
      timeliness: report.timeliness ?? (isOnTime(first, report.period, dueDay) ? "on-time" : "late"),
      reviewedAt: null, reviewedBy: null, reviewComment: null, updatedAt: now,
    });
    const action = report.status === "returned" ? "resubmit" : "submit";
    await appendEvent(ctx, saved, { action, from: report.status, to: "submitted", at: now, submissionId: stored.id, snapshot: stored.data });
    return saved;
  }, (saved) => (saved.revision > 1 ? TonglingAudit.reportResubmit : TonglingAudit.reportSubmit));
}
