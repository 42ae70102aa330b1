/**
 * The city bureau's side of T4: accept a submitted report, or return it with comments for the
 * county to correct and resubmit. The reviewer acts at the city; a report outside the city is
 * not found (404), one not (or no longer) submitted is refused, and nothing changes either way.
 */
import type { Context } from "moleculer";
import { requireRequestContext } from "@anju/kernel";
import { TonglingAudit } from "../actions.js";
import { requireCityReviewer } from "../access.js";
import { nowOf } from "../clock.js";
import type { ReportRow } from "../entities/index.js";
import { TonglingErrors } from "../errors.js";
import { appendEvent, audited, reports, transition } from "./store.js";

interface ReviewParams { id: number; comment?: string }

async function review(ctx: Context<ReviewParams>, to: "accepted" | "returned"): Promise<ReportRow> {
  await requireCityReviewer(ctx);
  const rc = requireRequestContext(ctx);
  const comment = ctx.params.comment?.normalize("NFC").trim() || null;
  if (to === "returned" && !comment) throw TonglingErrors.TONGLING_RETURN_COMMENT_REQUIRED({ rule: "T4" });
  const report = await reports(ctx).getBy({ id: ctx.params.id });
  if (report.status !== "submitted") throw TonglingErrors.TONGLING_REPORT_NOT_SUBMITTED({ status: report.status });
  const now = nowOf(ctx.broker);
  const saved = await transition(ctx, report, ["submitted"], { status: to, reviewedAt: now, reviewedBy: rc.principal.id, reviewComment: comment, updatedAt: now });
  await appendEvent(ctx, saved, { action: to === "accepted" ? "accept" : "return", from: "submitted", to, at: now, comment, submissionId: report.submissionId });
  return saved;
}

export function acceptReport(ctx: Context<ReviewParams>): Promise<ReportRow> {
  return audited(ctx, TonglingAudit.reportAccept, ctx.params.id, {}, () => review(ctx, "accepted"));
}

export function returnReport(ctx: Context<ReviewParams>): Promise<ReportRow> {
  return audited(ctx, TonglingAudit.reportReturn, ctx.params.id, {}, () => review(ctx, "returned"));
}
