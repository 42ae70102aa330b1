/**
 * Y5/Y6 as pure functions: a share of communities against dated targets. A target date counts
 * as passed once that day has ended in Beijing (the documents say "by the end of 2021"); dates
 * are `YYYY-MM-DD` text and compare as text. Shares compare exactly (part × 100 ≥ target ×
 * whole); percentages are rounded to one decimal only for display.
 */
import type { Milestone, TargetStatus } from "./constants.js";

export const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10);
const meets = (part: number, whole: number, share: number) => whole === 0 || part * 100 >= share * whole;

export interface TargetStanding {
  /** How many of how many, and the percentage. */
  part: number;
  whole: number;
  percent: number;
  /** The share required now: the highest target whose date has passed (null before the first). */
  targetPercent: number | null;
  targetDate: string | null;
  /** The next target still ahead (null after the last). */
  nextTargetPercent: number | null;
  nextTargetDate: string | null;
  status: TargetStatus;
}

export function standingOf(part: number, whole: number, milestones: readonly Milestone[], today: string): TargetStanding {
  const sorted = [...milestones].sort((a, b) => a.date.localeCompare(b.date));
  const passed = sorted.filter((m) => m.date < today);
  const required = passed.reduce<Milestone | null>((a, m) => (!a || m.share >= a.share ? m : a), null);
  const next = sorted.find((m) => m.date >= today) ?? null;
  let status: TargetStatus;
  if (required) status = meets(part, whole, required.share) ? "on-target" : "off-target";
  else status = next && !meets(part, whole, next.share) ? "not-due" : "on-target";
  return {
    part, whole, percent: percent(part, whole),
    targetPercent: required?.share ?? null, targetDate: required?.date ?? null,
    nextTargetPercent: next?.share ?? null, nextTargetDate: next?.date ?? null,
    status,
  };
}

/** Y6: the last target date is the date by which every community must be built. */
export function finalDate(milestones: readonly Milestone[]): string | null {
  return milestones.reduce<string | null>((a, m) => (!a || m.date > a ? m.date : a), null);
}
