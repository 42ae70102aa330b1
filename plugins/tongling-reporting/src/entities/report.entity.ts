import { defineTenantEntity } from "@anju/data";
import type { ReportStatus, Timeliness } from "../constants.js";
import { datetime, idColumn, varchar } from "./columns.js";

/**
 * A county's monthly report (T4). Its jurisdiction is the county/district, so the city above
 * sees it through subtree scoping and another city gets 404. One per county and month (unique
 * index). `data` is the author's part of the form (problems, next steps, contact, attachments);
 * `progress` the figures the server filled from the registry. After a submission both are the
 * stored submission's (attachments become file references).
 */
export interface ReportRow {
  id: number;
  jurisdictionCode: string;
  period: string;
  status: ReportStatus;
  data: string;
  progress: string;
  formKey: string;
  formVersion: number | null;
  submissionId: string | null;
  revision: number;
  timeliness: Timeliness | null;
  firstSubmittedAt: Date | null;
  submittedAt: Date | null;
  submittedBy: string | null;
  reviewedAt: Date | null;
  reviewedBy: string | null;
  reviewComment: string | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  /** Bumped by every change: a transition is a conditional update on it. */
  lockVersion: number;
}

export const ReportEntity = defineTenantEntity<ReportRow>({
  name: "TonglingReport",
  tableName: "tongling_report",
  columns: {
    id: idColumn,
    period: varchar(7),
    status: varchar(16),
    data: { name: "data_json", type: "text" },
    progress: { name: "progress_json", type: "text" },
    formKey: varchar(100, "form_key"),
    formVersion: { name: "form_version", type: "integer", nullable: true },
    submissionId: varchar(64, "submission_id", true),
    revision: { type: "integer" },
    timeliness: varchar(8, undefined, true),
    firstSubmittedAt: datetime("first_submitted_at", true),
    submittedAt: datetime("submitted_at", true),
    submittedBy: varchar(64, "submitted_by", true),
    reviewedAt: datetime("reviewed_at", true),
    reviewedBy: varchar(64, "reviewed_by", true),
    reviewComment: varchar(2000, "review_comment", true),
    createdBy: varchar(64, "created_by"),
    createdAt: datetime("created_at"),
    updatedAt: datetime("updated_at"),
    lockVersion: { name: "lock_version", type: "integer" },
  },
});
