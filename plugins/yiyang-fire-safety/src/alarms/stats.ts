/**
 * Y3 "早研判、早处置": how fast alarms are acknowledged and closed, per community and for the
 * caller's whole subtree (the county). Average and 90th percentile (nearest rank) in seconds,
 * over the alarms raised in the period that have reached the step.
 */
import type { HandlingView } from "./handling.js";

export interface DurationStats { count: number; avgSeconds: number | null; p90Seconds: number | null }

export function durations(values: number[]): DurationStats {
  if (!values.length) return { count: 0, avgSeconds: null, p90Seconds: null };
  const sorted = [...values].sort((a, b) => a - b);
  const avg = sorted.reduce((s, v) => s + v, 0) / sorted.length;
  const p90 = sorted[Math.ceil(0.9 * sorted.length) - 1];
  return { count: sorted.length, avgSeconds: Math.round(avg / 100) / 10, p90Seconds: Math.round(p90 / 100) / 10 };
}

export interface GroupStats {
  jurisdictionCode: string;
  name: string;
  alarms: number;
  open: number;
  closed: number;
  realAlarms: number;
  falseAlarms: number;
  hazardRemoved: number;
  acknowledge: DurationStats;
  close: DurationStats;
}

export function groupStats(jurisdictionCode: string, name: string, rows: HandlingView[]): GroupStats {
  const ack = rows.filter((r) => r.acknowledgedAt !== null).map((r) => r.acknowledgedAt! - r.raisedAt);
  const closed = rows.filter((r) => r.closedAt !== null);
  return {
    jurisdictionCode, name, alarms: rows.length, open: rows.length - closed.length, closed: closed.length,
    realAlarms: rows.filter((r) => r.verdict === "real").length, falseAlarms: rows.filter((r) => r.verdict === "false-alarm").length,
    hazardRemoved: rows.filter((r) => r.hazardRemoved === true).length,
    acknowledge: durations(ack), close: durations(closed.map((r) => r.closedAt! - r.raisedAt)),
  };
}

/** Flat numbers for a table page (a table cell shows a number, not a record). */
export function flat(g: GroupStats) {
  return {
    jurisdictionCode: g.jurisdictionCode, name: g.name, alarms: g.alarms, open: g.open, closed: g.closed, realAlarms: g.realAlarms, falseAlarms: g.falseAlarms,
    hazardRemoved: g.hazardRemoved, ackAvgSeconds: g.acknowledge.avgSeconds, ackP90Seconds: g.acknowledge.p90Seconds,
    closeAvgSeconds: g.close.avgSeconds, closeP90Seconds: g.close.p90Seconds,
  };
}
