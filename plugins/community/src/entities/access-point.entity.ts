import { defineTenantEntity } from "@anju/data";
import type { AccessPointKind } from "../constants.js";
import { idColumn, timestampColumns, type Timestamps } from "./columns.js";

/**
 * An access point (gate, barrier, unit door) and the credentials it accepts. Credentials are
 * stored as a comma list in canonical order (`face,card`) so "face only" (T3) is one equality test on both
 * databases; the services expose them as an array.
 */
export interface AccessPointRow extends Timestamps {
  id: number;
  jurisdictionCode: string;
  communityId: number;
  buildingId: number | null;
  unitId: number | null;
  deviceId: number | null;
  /** The registered device (core/devices `anju_device.code`) at this point, in the community's node. */
  deviceCode: string | null;
  name: string;
  kind: AccessPointKind;
  credentials: string;
}

export const AccessPointEntity = defineTenantEntity<AccessPointRow>({
  name: "CommunityAccessPoint",
  tableName: "community_access_point",
  columns: {
    id: idColumn,
    communityId: { name: "community_id", type: "integer" },
    buildingId: { name: "building_id", type: "integer", nullable: true },
    unitId: { name: "unit_id", type: "integer", nullable: true },
    deviceId: { name: "device_id", type: "integer", nullable: true },
    deviceCode: { name: "device_code", type: "varchar", length: 64, nullable: true },
    name: { type: "varchar", length: 100 },
    kind: { type: "varchar", length: 32 },
    credentials: { type: "varchar", length: 100 },
    ...timestampColumns,
  },
});
