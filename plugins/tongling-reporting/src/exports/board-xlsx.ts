/**
 * The city board as a spreadsheet (T4): one row per county for a month — its standing, when it
 * filed (Beijing time), how many times, the review state, and the registry's completion
 * figures for that month — under a title row naming the city and the month. Officials forward
 * this file; the words are those of the console in the caller's language.
 */
import ExcelJS from "exceljs";
import type { Locale } from "@anju/errors";
import type { BoardRow } from "../board.js";
import type { ProgressFigures } from "../reports/figures.js";
import { beijingTime, periodText, text } from "./labels.js";

export interface BoardExportRow extends BoardRow {
  figures: ProgressFigures;
}

const HEADERS: Record<Locale, string[]> = {
  "zh-CN": ["县区", "县区编码", "报送情况", "报送时间（北京时间）", "报送次数", "审核状态", "小区总数", "本月建成", "累计建成", "建成率（%）"],
  en: ["County", "County code", "Filing", "Submitted at (Beijing time)", "Revision", "Review status", "Communities", "Completed this month", "Completed in total", "Completion (%)"],
};
const WIDTHS = [14, 12, 12, 22, 10, 12, 10, 10, 10, 12];

export function boardTitle(locale: Locale, cityName: string, period: string): string {
  return locale === "en"
    ? `${cityName}: monthly smart-safe community reports, ${periodText(locale, period)}`
    : `${cityName}智慧安防小区建设进展月报报送情况（${periodText(locale, period)}）`;
}

export function boardFileName(locale: Locale, cityName: string, period: string): { name: string; asciiName: string } {
  return {
    name: locale === "en" ? `${cityName}-monthly-board-${period}.xlsx` : `${cityName}月报看板-${period}.xlsx`,
    asciiName: `monthly-board-${period}.xlsx`,
  };
}

export async function boardWorkbook(input: { locale: Locale; cityName: string; period: string; rows: BoardExportRow[]; exportedAt: Date }): Promise<Buffer> {
  const { locale, cityName, period, rows } = input;
  const wb = new ExcelJS.Workbook();
  wb.creator = "Anju";
  wb.created = input.exportedAt;
  const ws = wb.addWorksheet(locale === "en" ? period : `${period} 报送情况`, { views: [{ state: "frozen", ySplit: 3 }] });
  const headers = HEADERS[locale];
  ws.columns = WIDTHS.map((width) => ({ width }));

  ws.mergeCells(1, 1, 1, headers.length);
  const title = ws.getCell(1, 1);
  title.value = boardTitle(locale, cityName, period);
  title.font = { bold: true, size: 14 };
  title.alignment = { horizontal: "center" };
  ws.mergeCells(2, 1, 2, headers.length);
  ws.getCell(2, 1).value = locale === "en"
    ? `Exported ${beijingTime(input.exportedAt)} (Beijing time); ${rows.length} counties`
    : `导出时间：${beijingTime(input.exportedAt)}（北京时间）；共 ${rows.length} 个县区`;
  ws.getCell(2, 1).alignment = { horizontal: "right" };

  const head = ws.getRow(3);
  head.values = headers;
  head.font = { bold: true };
  head.eachCell((c) => { c.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE8EEF7" } }; });

  for (const r of rows) {
    const row = ws.addRow([
      r.countyName, r.countyCode, text(locale, "enums.boardStatus", r.status), beijingTime(r.submittedAt), r.revision,
      r.reviewStatus ? text(locale, "enums.reportStatus", r.reviewStatus) : "",
      r.figures.communities.total, r.figures.builtThisMonth, r.figures.cumulative, r.figures.completionPercent,
    ]);
    // Late, missing and returned stand out when the sheet is printed in colour.
    if (r.status === "late" || r.status === "missing" || r.status === "returned") row.getCell(3).font = { color: { argb: "FFC0392B" }, bold: true };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
