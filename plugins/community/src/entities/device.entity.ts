import { defineTenantEntity } from "@anju/data";
import type { OnlineState } from "../constants.js";
import { idColumn, timestampColumns, type Timestamps } from "./columns.js";

/** A device (camera, controller, sensor…) with the vendor's serial / machine code (Y2). */
export interface DeviceRow extends Timestamps {
  id: number;
  jurisdictionCode: string;
  communityId: number;
  facilityId: number | null;
  name: string;
  vendor: string;
  model: string | null;
  serialNo: string;
  onlineState: OnlineState;
  lastSeenAt: Date | null;
}

export const DeviceEntity = defineTenantEntity<DeviceRow>({
  name: "CommunityDevice",
  tableName: "community_device",
  columns: {
    id: idColumn,
    communityId: { name: "community_id", type: "integer" },
    facilityId: { name: "facility_id", type: "integer", nullable: true },
    name: { type: "varchar", length: 100 },
    vendor: { type: "varchar", length: 100 },
    model: { type: "varchar", length: 100, nullable: true },
    serialNo: { name: "serial_no", type: "varchar", length: 64 },
    onlineState: { name: "online_state", type: "varchar", length: 16 },
    lastSeenAt: { name: "last_seen_at", type: "datetime", nullable: true },
    ...timestampColumns,
  },
});
