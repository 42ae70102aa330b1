import { defineTenantEntity } from "@anju/data";
import type { ReportStatus } from "../constants.js";
import { datetime, idColumn, varchar } from "./columns.js";

export const REPORT_EVENT_ACTIONS = ["create", "update", "submit", "resubmit", "accept", "return"] as const;
export type ReportEventAction = (typeof REPORT_EVENT_ACTIONS)[number];

/**
 * The history of a report: one row per change, never updated or deleted. A submission's row
 * keeps what was submitted (`snapshot`), so every version the city saw stays readable.
 */
export interface ReportEventRow {
  id: number;
  jurisdictionCode: string;
  reportId: number;
  action: ReportEventAction;
  fromStatus: ReportStatus | null;
  toStatus: ReportStatus;
  actor: string;
  at: Date;
  comment: string | null;
  submissionId: string | null;
  snapshot: string | null;
}

export const ReportEventEntity = defineTenantEntity<ReportEventRow>({
  name: "TonglingReportEvent",
  tableName: "tongling_report_event",
  columns: {
    id: idColumn,
    reportId: { name: "report_id", type: "integer" },
    action: varchar(16),
    fromStatus: varchar(16, "from_status", true),
    toStatus: varchar(16, "to_status"),
    actor: varchar(64),
    at: datetime("at"),
    comment: varchar(2000, undefined, true),
    submissionId: varchar(64, "submission_id", true),
    snapshot: { name: "snapshot_json", type: "text", nullable: true },
  },
});
