import { defineTenantEntity } from "@anju/data";
import type { NoticeLevel } from "../constants.js";
import { datetime, idColumn, varchar } from "./columns.js";

/**
 * A fire early-warning notice (Y7 消防预警) published to one community. Its jurisdiction is the
 * community's node: residents there see it, the street and county above through subtree
 * scoping. Withdrawn notices are kept (who withdrew it and why).
 */
export interface NoticeRow {
  id: number;
  jurisdictionCode: string;
  communityId: number;
  communityName: string;
  title: string;
  content: string;
  level: NoticeLevel;
  validUntil: Date;
  publishedBy: string;
  publishedAt: Date;
  withdrawnAt: Date | null;
  withdrawnBy: string | null;
  withdrawReason: string | null;
}

export const NoticeEntity = defineTenantEntity<NoticeRow>({
  name: "YiyangNotice",
  tableName: "yiyang_notice",
  columns: {
    id: idColumn,
    communityId: { name: "community_id", type: "integer" },
    communityName: varchar(100, "community_name"),
    title: varchar(100),
    content: varchar(2000),
    level: varchar(16),
    validUntil: datetime("valid_until"),
    publishedBy: varchar(64, "published_by"),
    publishedAt: datetime("published_at"),
    withdrawnAt: datetime("withdrawn_at", true),
    withdrawnBy: varchar(64, "withdrawn_by", true),
    withdrawReason: varchar(200, "withdraw_reason", true),
  },
});
