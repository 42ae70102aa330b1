import { defineTenantEntity } from "@anju/data";
import type { FacilityStatus, FacilityType } from "../constants.js";
import { idColumn, timestampColumns, type Timestamps } from "./columns.js";

/** A security facility (K1 system) of a community: where it is, its state, when it was installed. */
export interface FacilityRow extends Timestamps {
  id: number;
  jurisdictionCode: string;
  communityId: number;
  type: FacilityType;
  name: string;
  location: string | null;
  status: FacilityStatus;
  /** `YYYY-MM-DD`. */
  installedOn: string | null;
}

export const FacilityEntity = defineTenantEntity<FacilityRow>({
  name: "CommunityFacility",
  tableName: "community_facility",
  columns: {
    id: idColumn,
    communityId: { name: "community_id", type: "integer" },
    type: { type: "varchar", length: 32 },
    name: { type: "varchar", length: 100 },
    location: { type: "varchar", length: 200, nullable: true },
    status: { type: "varchar", length: 16 },
    // ISO `YYYY-MM-DD` text, not DATE: drivers hand DATE back as a Date shifted by the process
    // time zone, and ISO dates sort and compare correctly as text on both databases.
    installedOn: { name: "installed_on", type: "varchar", length: 10, nullable: true },
    ...timestampColumns,
  },
});
