import { defineTenantEntity } from "@anju/data";
import type { FindingStatus } from "../constants.js";
import { datetime, idColumn, varchar } from "./columns.js";

/**
 * A compliance finding: a rule (T3) broken by one access point of a community. Its jurisdiction
 * is the community's node. `openKey` (`T3:<access point id>`) is set while the finding is open
 * and cleared when it is resolved: a unique index on it keeps one open finding per access point
 * even when two checks run at once, while resolved findings stay as history.
 */
export interface FindingRow {
  id: number;
  jurisdictionCode: string;
  rule: string;
  communityId: number;
  communityName: string;
  accessPointId: number;
  accessPointName: string;
  credentials: string;
  status: FindingStatus;
  openKey: string | null;
  detectedAt: Date;
  resolvedAt: Date | null;
  resolution: string | null;
}

export const FindingEntity = defineTenantEntity<FindingRow>({
  name: "TonglingFinding",
  tableName: "tongling_finding",
  columns: {
    id: idColumn,
    rule: varchar(8),
    communityId: { name: "community_id", type: "integer" },
    communityName: varchar(100, "community_name"),
    accessPointId: { name: "access_point_id", type: "integer" },
    accessPointName: varchar(100, "access_point_name"),
    credentials: varchar(100),
    status: varchar(16),
    openKey: varchar(64, "open_key", true),
    detectedAt: datetime("detected_at"),
    resolvedAt: datetime("resolved_at", true),
    resolution: varchar(200, undefined, true),
  },
});
