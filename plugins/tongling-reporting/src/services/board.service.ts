/** `tongling-reporting.board.*`: the city board's data — this month per county, the trend, an overview. */
import type { Context, ServiceSchema } from "moleculer";
import { hostOf, scopedRepository } from "@anju/kernel";
import { callerNode } from "@anju/sdk";
import { TonglingAudit, TonglingServices } from "../actions.js";
import { action } from "../access.js";
import { boardRows, countByStatus } from "../board.js";
import { nowOf } from "../clock.js";
import { MAX_TREND_MONTHS, Permissions as P } from "../constants.js";
import { FindingEntity } from "../entities/index.js";
import { addMonths, periodOf, periodsBetween } from "../period.js";
import { completionOf, progressOf } from "../progress.js";
import { checkPeriod } from "../reports/author.js";
import { object, period } from "../reports/schema.js";
import { settingsAt } from "../settings.js";
import { TonglingErrors } from "../errors.js";
import { boardFileName, boardWorkbook } from "../exports/board-xlsx.js";
import { download, localeOfCall } from "../exports/labels.js";
import { progressFigures } from "../reports/figures.js";

export const boardService: ServiceSchema = {
  name: TonglingServices.board,
  actions: {
    /** Each county's standing for a month (default: this month); `reportId` drills down to the report. */
    status: action(P.boardRead, {
      params: object({ period }),
      async handler(ctx: Context<{ period?: string }>) {
        const { node } = await callerNode(ctx);
        const now = nowOf(ctx.broker);
        const month = ctx.params.period ?? periodOf(now);
        checkPeriod(month, now, (await settingsAt(ctx.broker, node.code)).startMonth);
        const items = await boardRows(ctx.broker, node.code, [month], now);
        return { period: month, counts: countByStatus(items), items, total: items.length, page: 1, pageSize: Math.max(items.length, 1) };
      },
    }),

    /**
     * The month's standing as an xlsx file (T4/T5): the same rows as `status`, for the caller's
     * subtree, with each county's completion figures for that month.
     */
    export: action(P.boardRead, {
      params: object({ period }),
      async handler(ctx: Context<{ period?: string }>) {
        const { rc, node } = await callerNode(ctx);
        const now = nowOf(ctx.broker);
        const month = ctx.params.period ?? periodOf(now);
        checkPeriod(month, now, (await settingsAt(ctx.broker, node.code)).startMonth);
        const rows = await boardRows(ctx.broker, node.code, [month], now);
        const withFigures = [];
        for (const r of rows) withFigures.push({ ...r, figures: await progressFigures(ctx.broker, r.countyCode, month) });
        const locale = localeOfCall(ctx);
        const content = await boardWorkbook({ locale, cityName: node.name, period: month, rows: withFigures, exportedAt: now });
        // Who took the city's standings out of the system, and which month.
        await hostOf(ctx.broker).audit({
          action: TonglingAudit.boardExport, object: month, result: "success", userId: rc.principal.id, ip: rc.ip ?? null, jurisdiction: node.code, detail: { rows: rows.length },
        });
        return download(ctx, { content, type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ...boardFileName(locale, node.name, month) });
      },
    }),

    /** Per month from `from` to `to` (default: the last six months, not before the start month): counts and completion. */
    trend: action(P.boardRead, {
      params: object({ from: period, to: period }),
      async handler(ctx: Context<{ from?: string; to?: string }>) {
        const { node } = await callerNode(ctx);
        const now = nowOf(ctx.broker);
        const { startMonth } = await settingsAt(ctx.broker, node.code);
        const to = ctx.params.to ?? periodOf(now);
        const earliest = addMonths(to, -(MAX_TREND_MONTHS - 1));
        const from = ctx.params.from ?? [addMonths(to, -5), startMonth].sort().at(-1)!;
        checkPeriod(to, now, startMonth);
        checkPeriod(from, now, startMonth);
        if (from > to || from < earliest) throw TonglingErrors.TONGLING_PERIOD_RANGE_INVALID({ from, to, max: MAX_TREND_MONTHS });
        const months = periodsBetween(from, to);
        const rows = await boardRows(ctx.broker, node.code, months, now);
        const { communities } = await progressOf(ctx.broker, node.code);
        const items = months.map((m) => {
          const c = countByStatus(rows.filter((r) => r.period === m));
          return { period: m, onTime: c["on-time"], late: c.late, missing: c.missing, returned: c.returned, pending: c.pending, completionPercent: completionOf(communities, m).percent };
        });
        return { from, to, items, total: items.length, page: 1, pageSize: Math.max(items.length, 1) };
      },
    }),

    /** The board page's cards: this month's filings by status, completion, open findings. */
    overview: action(P.boardRead, {
      params: object({}),
      async handler(ctx: Context) {
        const { node } = await callerNode(ctx);
        const now = nowOf(ctx.broker);
        const month = periodOf(now);
        const rows = await boardRows(ctx.broker, node.code, [month], now);
        const completion = completionOf((await progressOf(ctx.broker, node.code)).communities, month);
        const openFindings = await scopedRepository(ctx, FindingEntity).count({ status: "open" });
        return {
          period: month,
          reports: { total: rows.length, byStatus: countByStatus(rows) },
          communities: { total: completion.total, byClass: completion.byClass },
          completionPercent: completion.percent,
          builtThisMonth: completion.builtThisMonth,
          openFindings,
        };
      },
    }),
  },
};
