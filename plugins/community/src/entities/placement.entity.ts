import { defineTenantEntity } from "@anju/data";
import { timestampColumns, type Timestamps } from "./columns.js";

/**
 * Where a registered device (core/devices, `anju_device.code`) sits in its community: a
 * building and optionally a unit. One row per device; its jurisdiction is the community's node
 * (the device's own), so another jurisdiction's placement is "not found".
 */
export interface PlacementRow extends Timestamps {
  deviceCode: string;
  jurisdictionCode: string;
  communityId: number;
  buildingId: number;
  unitId: number | null;
}

export const PlacementEntity = defineTenantEntity<PlacementRow>({
  name: "CommunityPlacement",
  tableName: "community_device_placement",
  columns: {
    deviceCode: { name: "device_code", type: "varchar", length: 64, primary: true },
    communityId: { name: "community_id", type: "integer" },
    buildingId: { name: "building_id", type: "integer" },
    unitId: { name: "unit_id", type: "integer", nullable: true },
    ...timestampColumns,
  },
});
