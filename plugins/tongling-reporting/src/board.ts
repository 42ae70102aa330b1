/**
 * The city board (T4): each county's standing for a month — on time, late, missing, returned,
 * or pending while the deadline has not passed — and the same over a run of months. A county
 * counts where this plugin is enabled; its due day is the setting in force there.
 */
import type { ServiceBroker } from "moleculer";
import { In } from "typeorm";
import { tenantRepository } from "@anju/data";
import { hostOf } from "@anju/kernel";
import { treeAround } from "@anju/sdk";
import { PLUGIN_ID, type BoardStatus, type ReportStatus } from "./constants.js";
import { ReportEntity, type ReportRow } from "./entities/index.js";
import { deadlineOf } from "./period.js";
import { settingsCache } from "./settings.js";

export function boardStatus(report: Pick<ReportRow, "status" | "timeliness"> | undefined, deadline: Date, now: Date): BoardStatus {
  if (report?.status === "returned") return "returned";
  if (report && (report.status === "submitted" || report.status === "accepted")) return report.timeliness ?? "late";
  return now < deadline ? "pending" : "missing";
}

export interface BoardRow {
  countyCode: string;
  countyName: string;
  period: string;
  status: BoardStatus;
  deadline: string;
  reportId: number | null;
  reviewStatus: ReportStatus | null;
  submittedAt: Date | null;
  revision: number;
}

/** The counties under `root` (itself, if it is one) where the plugin is enabled. */
export async function countiesUnder(broker: ServiceBroker, root: string) {
  const host = hostOf(broker);
  const tree = await treeAround(broker, root);
  return tree.nodesAt(root, "county").filter((c) => host.plugins.cache.isEnabled(PLUGIN_ID, c.code));
}

/** Rows per county and month, for the months given. */
export async function boardRows(broker: ServiceBroker, root: string, periods: string[], now: Date): Promise<BoardRow[]> {
  const counties = await countiesUnder(broker, root);
  const reports = await tenantRepository(hostOf(broker).ds, ReportEntity, { jurisdiction: root }).find({ where: { period: In(periods) } });
  const byKey = new Map(reports.map((r) => [`${r.jurisdictionCode}/${r.period}`, r]));
  const settings = settingsCache(broker);
  const rows: BoardRow[] = [];
  for (const period of periods) {
    for (const county of counties) {
      const report = byKey.get(`${county.code}/${period}`);
      const deadline = deadlineOf(period, (await settings(county.code)).dueDay);
      rows.push({
        countyCode: county.code, countyName: county.name, period, status: boardStatus(report, deadline, now), deadline: deadline.toISOString(),
        reportId: report?.id ?? null, reviewStatus: report?.status ?? null, submittedAt: report?.submittedAt ?? null, revision: report?.revision ?? 0,
      });
    }
  }
  return rows;
}

export function countByStatus(rows: BoardRow[]): Record<BoardStatus, number> {
  const out: Record<BoardStatus, number> = { "on-time": 0, late: 0, missing: 0, returned: 0, pending: 0 };
  for (const r of rows) out[r.status] += 1;
  return out;
}
