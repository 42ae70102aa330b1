import { defineTenantEntity } from "@anju/data";
import { definePiFields } from "@anju/sdk";
import { datetime, idColumn, varchar } from "./columns.js";

/**
 * A rental-housing registration (Y7 房屋出租): who lets which home to whom, for how long. Its
 * jurisdiction is the community's node, so another community's registration is "not found".
 */
export interface RentalRow {
  id: number;
  jurisdictionCode: string;
  communityId: number;
  buildingId: number | null;
  unitId: number | null;
  landlordName: string;
  landlordPhone: string;
  tenantName: string;
  tenantIdNumber: string;
  tenantPhone: string;
  address: string;
  /** `YYYY-MM-DD` text: sorts and compares as text on both databases, no time-zone shift. */
  startsOn: string;
  endsOn: string;
  registeredBy: string;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Names, phones, the tenant's ID number and the address are personal information (H11):
 * encrypted at rest, masked in every answer, declared under `anju.pi` in package.json. The ID
 * number keeps a blind index so the police can find a tenant's registrations by exact number
 * without decrypting the table.
 */
export const RentalPi = definePiFields("YiyangRental", {
  landlordName: { kind: "name" },
  landlordPhone: { kind: "phone" },
  tenantName: { kind: "name" },
  tenantIdNumber: { kind: "idNumber", indexed: true },
  tenantPhone: { kind: "phone" },
  address: { kind: "address" },
});

export const RentalEntity = defineTenantEntity<RentalRow>({
  name: "YiyangRental",
  tableName: "yiyang_rental",
  columns: {
    id: idColumn,
    communityId: { name: "community_id", type: "integer" },
    buildingId: { name: "building_id", type: "integer", nullable: true },
    unitId: { name: "unit_id", type: "integer", nullable: true },
    ...RentalPi.columns,
    startsOn: varchar(10, "starts_on"),
    endsOn: varchar(10, "ends_on"),
    registeredBy: varchar(64, "registered_by"),
    createdAt: datetime("created_at"),
    updatedAt: datetime("updated_at"),
  },
});
