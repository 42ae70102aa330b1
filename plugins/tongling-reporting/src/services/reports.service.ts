/** `tongling-reporting.reports.*`: the monthly reports (T4) — read, write as the county, review as the city. */
import type { Context, ServiceBroker, ServiceSchema } from "moleculer";
import { tenantRepository } from "@anju/data";
import { hostOf, KernelErrors, requireRequestContext } from "@anju/kernel";
import { TonglingAudit, TonglingServices } from "../actions.js";
import { action } from "../access.js";
import { Permissions as P, type ReportStatus } from "../constants.js";
import { parseJson } from "../db.js";
import { ReportEntity, type ReportRow } from "../entities/index.js";
import { TonglingErrors } from "../errors.js";
import { attachmentOf } from "../forms-bridge.js";
import { settingsAt } from "../settings.js";
import { createReport, submitReport, updateReport } from "../reports/author.js";
import { acceptReport, returnReport } from "../reports/review.js";
import { authorFields, byId, id, listParams, object, period, prose, type AuthorData } from "../reports/schema.js";
import { eventsOf, reports } from "../reports/store.js";
import { eventView, reportView } from "../reports/view.js";
import { download, localeOfCall } from "../exports/labels.js";
import { renderReportPdf, reportFileName } from "../exports/report-pdf.js";
import { nowOf } from "../clock.js";
import { deadlineOf } from "../period.js";
import type { ProgressFigures } from "../reports/figures.js";

/** County names and due days for the views (few counties per call). */
async function viewsOf(broker: ServiceBroker, rows: ReportRow[]) {
  const host = hostOf(broker);
  const names = new Map<string, string>();
  const dueDays = new Map<string, number>();
  for (const code of new Set(rows.map((r) => r.jurisdictionCode))) {
    names.set(code, (await host.jurisdictions.find(code))?.name ?? code);
    dueDays.set(code, (await settingsAt(broker, code)).dueDay);
  }
  return rows.map((r) => reportView(r, names, dueDays.get(r.jurisdictionCode)!));
}

async function viewOf(broker: ServiceBroker, row: ReportRow) {
  return (await viewsOf(broker, [row]))[0];
}

interface ListParams { page: number; pageSize: number; period?: string; status?: ReportStatus; countyCode?: string }

export const reportsService: ServiceSchema = {
  name: TonglingServices.reports,
  actions: {
    list: action(P.reportRead, {
      params: listParams,
      async handler(ctx: Context<ListParams>) {
        const { page, pageSize, period: p, status, countyCode } = ctx.params;
        const rc = requireRequestContext(ctx);
        let repo = reports(ctx);
        if (countyCode) {
          // A county outside the caller's subtree is "not found", not an empty list.
          if (!rc.jurisdiction || !(await hostOf(ctx.broker).jurisdictions.isWithin(countyCode, rc.jurisdiction))) {
            throw KernelErrors.JURISDICTION_NOT_FOUND({ code: countyCode });
          }
          repo = tenantRepository(hostOf(ctx.broker).ds, ReportEntity, { jurisdiction: countyCode });
        }
        const where = Object.fromEntries(Object.entries({ period: p, status }).filter(([, v]) => v !== undefined));
        const [rows, total] = await repo.findAndCount({ where, order: { period: "DESC", jurisdictionCode: "ASC" } as never, skip: (page - 1) * pageSize, take: pageSize });
        return { items: await viewsOf(ctx.broker, rows), total, page, pageSize };
      },
    }),

    get: action(P.reportRead, {
      params: byId,
      async handler(ctx: Context<{ id: number }>) {
        const row = await reports(ctx).getBy({ id: ctx.params.id });
        return { ...(await viewOf(ctx.broker, row)), events: (await eventsOf(ctx, row)).map(eventView) };
      },
    }),

    history: action(P.reportRead, {
      params: byId,
      async handler(ctx: Context<{ id: number }>) {
        return (await eventsOf(ctx, await reports(ctx).getBy({ id: ctx.params.id }))).map(eventView);
      },
    }),

    /**
     * The report as a written PDF report. Same scoping as `get`: another jurisdiction's report
     * is not found. The phone of the contact is masked (the file leaves the system).
     */
    pdf: action(P.reportRead, {
      params: byId,
      async handler(ctx: Context<{ id: number }>) {
        const rc = requireRequestContext(ctx);
        const row = await reports(ctx).getBy({ id: ctx.params.id });
        const host = hostOf(ctx.broker);
        const county = await host.jurisdictions.get(row.jurisdictionCode);
        const city = county.parentCode ? await host.jurisdictions.find(county.parentCode) : null;
        const data = parseJson<AuthorData>(row.data, {});
        const locale = localeOfCall(ctx);
        const content = await renderReportPdf({
          locale, countyName: county.name, cityName: city?.name ?? "", period: row.period, status: row.status, timeliness: row.timeliness,
          deadline: deadlineOf(row.period, (await settingsAt(ctx.broker, row.jurisdictionCode)).dueDay), revision: row.revision,
          firstSubmittedAt: row.firstSubmittedAt, submittedAt: row.submittedAt, reviewedAt: row.reviewedAt, reviewComment: row.reviewComment,
          progress: parseJson<Partial<ProgressFigures>>(row.progress, {}), problems: data.problems, nextSteps: data.nextSteps, contact: data.contact,
          events: (await eventsOf(ctx, row)).map((e) => ({ action: e.action, at: e.at, toStatus: e.toStatus, comment: e.comment })),
          generatedAt: nowOf(ctx.broker),
        });
        await host.audit({
          action: TonglingAudit.reportPdf, object: String(row.id), result: "success", userId: rc.principal.id, ip: rc.ip ?? null, jurisdiction: row.jurisdictionCode, detail: { period: row.period },
        });
        return download(ctx, { content, type: "application/pdf", ...reportFileName(locale, county.name, row.period) });
      },
    }),

    /** A file of the report (current or an earlier submission), as the forms module stored it. */
    attachment: action(P.reportRead, {
      params: object({ id, fileId: { type: "string", pattern: "^[0-9a-f-]{36}$" } }, ["id", "fileId"]),
      async handler(ctx: Context<{ id: number; fileId: string }>) {
        const row = await reports(ctx).getBy({ id: ctx.params.id });
        const holds = (submissionId: string | null, data: AuthorData | null) =>
          !!submissionId && !!data?.attachments?.some((a) => "fileId" in a && a.fileId === ctx.params.fileId);
        const source = holds(row.submissionId, parseJson<AuthorData>(row.data, {}))
          ? row.submissionId
          : (await eventsOf(ctx, row)).find((e) => holds(e.submissionId, parseJson<AuthorData | null>(e.snapshot, null)))?.submissionId ?? null;
        if (!source) throw TonglingErrors.TONGLING_ATTACHMENT_NOT_FOUND({ fileId: ctx.params.fileId });
        return attachmentOf(ctx.broker, row.jurisdictionCode, source, ctx.params.fileId);
      },
    }),

    create: action(P.reportSubmit, {
      params: object({ period, ...authorFields }, ["period"]),
      async handler(ctx: Context<{ period: string } & AuthorData>) {
        return viewOf(ctx.broker, await createReport(ctx));
      },
    }),

    update: action(P.reportSubmit, {
      params: object({ id, ...authorFields }, ["id"]),
      async handler(ctx: Context<{ id: number } & AuthorData>) {
        return viewOf(ctx.broker, await updateReport(ctx));
      },
    }),

    submit: action(P.reportSubmit, {
      params: byId,
      async handler(ctx: Context<{ id: number }>) {
        return viewOf(ctx.broker, await submitReport(ctx));
      },
    }),

    accept: action(P.reportReview, {
      params: object({ id, comment: prose(2000) }, ["id"]),
      async handler(ctx: Context<{ id: number; comment?: string }>) {
        return viewOf(ctx.broker, await acceptReport(ctx));
      },
    }),

    return: action(P.reportReview, {
      params: object({ id, comment: prose(2000) }, ["id", "comment"]),
      async handler(ctx: Context<{ id: number; comment: string }>) {
        return viewOf(ctx.broker, await returnReport(ctx));
      },
    }),
  },
};

