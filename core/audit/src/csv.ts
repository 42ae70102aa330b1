/**
 * CSV for Excel: UTF-8 with a BOM (so Excel does not read it as GBK), CRLF rows, RFC 4180
 * quoting, and cells that a spreadsheet would run as a formula (= + - @, tab, CR) prefixed
 * with `'` (OWASP "CSV injection"): audit rows carry user-chosen text.
 */
import type { Locale } from "@anju/errors";
import type { AuditEntry } from "./query.js";

export const CSV_BOM = "\ufeff";

const HEADERS: Record<Locale, string[]> = {
  "zh-CN": ["序号", "时间(UTC)", "用户", "行政区划", "操作", "对象", "结果", "来源IP", "详情"],
  en: ["seq", "time (UTC)", "user", "jurisdiction", "action", "object", "result", "source IP", "detail"],
};

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let s = typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvHeader(locale: Locale): string {
  return `${HEADERS[locale].map(csvCell).join(",")}\r\n`;
}

export function csvRow(e: AuditEntry): string {
  return `${[e.seq, e.at, e.userId, e.jurisdiction, e.action, e.object, e.result, e.ip, e.detail].map(csvCell).join(",")}\r\n`;
}
