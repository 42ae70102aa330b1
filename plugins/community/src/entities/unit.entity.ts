import { defineTenantEntity } from "@anju/data";
import { idColumn, timestampColumns, type Timestamps } from "./columns.js";

/** A unit (单元, one stairwell/entrance) of a building. */
export interface UnitRow extends Timestamps {
  id: number;
  jurisdictionCode: string;
  communityId: number;
  buildingId: number;
  name: string;
  households: number | null;
}

export const UnitEntity = defineTenantEntity<UnitRow>({
  name: "CommunityUnit",
  tableName: "community_unit",
  columns: {
    id: idColumn,
    communityId: { name: "community_id", type: "integer" },
    buildingId: { name: "building_id", type: "integer" },
    name: { type: "varchar", length: 100 },
    households: { type: "integer", nullable: true },
    ...timestampColumns,
  },
});
