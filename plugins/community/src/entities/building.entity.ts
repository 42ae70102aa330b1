import { defineTenantEntity } from "@anju/data";
import { idColumn, timestampColumns, type Timestamps } from "./columns.js";

/** A building (楼栋) of a community; carries the community's jurisdiction code. */
export interface BuildingRow extends Timestamps {
  id: number;
  jurisdictionCode: string;
  communityId: number;
  name: string;
  floors: number | null;
}

export const BuildingEntity = defineTenantEntity<BuildingRow>({
  name: "CommunityBuilding",
  tableName: "community_building",
  columns: {
    id: idColumn,
    communityId: { name: "community_id", type: "integer" },
    name: { type: "varchar", length: 100 },
    floors: { type: "integer", nullable: true },
    ...timestampColumns,
  },
});
