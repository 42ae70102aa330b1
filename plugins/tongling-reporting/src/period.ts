/**
 * Months and deadlines (T4), in Asia/Shanghai time. China has kept UTC+08:00 without daylight
 * saving since 1991, so a fixed offset is exact and needs no time-zone database. Periods are
 * `YYYY-MM` strings, which sort and compare correctly as text.
 */
export const CHINA_OFFSET_MS = 8 * 3600_000;
export const PERIOD_PATTERN = "^20[2-9][0-9]-(0[1-9]|1[0-2])$";

const pad = (n: number) => String(n).padStart(2, "0");

function parse(period: string): [number, number] {
  const [y, m] = period.split("-").map(Number);
  return [y, m];
}

/** The month an instant falls in, on the Beijing clock. */
export function periodOf(instant: Date): string {
  const d = new Date(instant.getTime() + CHINA_OFFSET_MS);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
}

/** The Beijing calendar date of an instant, `YYYY-MM-DD`. */
export function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** 00:00 Beijing time on `day` of the month, as an instant (day may exceed the month: Date.UTC rolls over). */
export function chinaMidnight(period: string, day: number): Date {
  const [y, m] = parse(period);
  return new Date(Date.UTC(y, m - 1, day) - CHINA_OFFSET_MS);
}

/** The first instant a report for `period` is late: 00:00 on the due day (exclusive deadline). */
export function deadlineOf(period: string, dueDay: number): Date {
  return chinaMidnight(period, dueDay);
}

/** T4: filed before the deadline. 24th 23:59:59 +08:00 is on time; 25th 00:00:00 +08:00 is late. */
export function isOnTime(filedAt: Date, period: string, dueDay: number): boolean {
  return filedAt.getTime() < deadlineOf(period, dueDay).getTime();
}

export function addMonths(period: string, n: number): string {
  const [y, m] = parse(period);
  const total = y * 12 + (m - 1) + n;
  return `${Math.floor(total / 12)}-${pad((total % 12) + 1)}`;
}

/** The first instant of the month and of the next one, Beijing time. */
export function monthStart(period: string): Date {
  return chinaMidnight(period, 1);
}
export function monthEnd(period: string): Date {
  return chinaMidnight(addMonths(period, 1), 1);
}

/** Every month from `from` to `to`, both included. */
export function periodsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let p = from; p <= to; p = addMonths(p, 1)) out.push(p);
  return out;
}

/** A registry date (`YYYY-MM-DD`, a Beijing calendar day) or timestamp as an instant. */
export function instantOf(value: string | Date | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(Date.parse(`${value}T00:00:00Z`) - CHINA_OFFSET_MS);
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t);
}
