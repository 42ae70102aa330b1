import { defineTenantEntity } from "@anju/data";
import { definePiFields } from "@anju/sdk";
import type { CommunityClass } from "../constants.js";
import { idColumn, timestampColumns, type Timestamps } from "./columns.js";

/**
 * A community (小区). Its `jurisdictionCode` is its own community-level jurisdiction node, so
 * everything registered under it carries that code and the street, county and city above see
 * it through subtree scoping.
 */
export interface CommunityRow extends Timestamps {
  id: number;
  jurisdictionCode: string;
  /** The street (街道/乡镇) the community node sits under. */
  streetCode: string;
  name: string;
  address: string | null;
  communityClass: CommunityClass;
  buildYear: number | null;
  propertyCompany: string | null;
  /** H1: 管护单位 and 维护单位, with a contact phone each. */
  custodian: string | null;
  custodianPhone: string | null;
  maintainer: string | null;
  maintainerPhone: string | null;
}

/**
 * The contact phones are personal information (H11): encrypted at rest, masked in API output
 * (`0551****0001`); declared under `anju.pi` in package.json, which the privacy module checks.
 */
export const CommunityPi = definePiFields("CommunityCommunity", {
  custodianPhone: { kind: "phone", column: "custodian_phone" },
  maintainerPhone: { kind: "phone", column: "maintainer_phone" },
});

export const CommunityEntity = defineTenantEntity<CommunityRow>({
  name: "CommunityCommunity",
  tableName: "community_community",
  columns: {
    id: idColumn,
    streetCode: { name: "street_code", type: "varchar", length: 32 },
    name: { type: "varchar", length: 100 },
    address: { type: "varchar", length: 200, nullable: true },
    communityClass: { name: "community_class", type: "varchar", length: 16 },
    buildYear: { name: "build_year", type: "integer", nullable: true },
    propertyCompany: { name: "property_company", type: "varchar", length: 100, nullable: true },
    custodian: { type: "varchar", length: 100, nullable: true },
    maintainer: { type: "varchar", length: 100, nullable: true },
    ...CommunityPi.columns,
    ...timestampColumns,
  },
});
