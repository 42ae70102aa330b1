import { defineTenantEntity } from "@anju/data";
import type { StandardItem } from "../constants.js";
import { datetime, idColumn, varchar } from "./columns.js";

/**
 * A declaration that a fire-safety item the registry cannot show is in place in a community
 * (Y3/Y4: smoke detectors, electricity monitors, water-pressure sensors, the transmission
 * device, elevator terminals): how many, who declared it, and a reference to the evidence. The
 * newest unrevoked declaration of an item counts; revoked ones stay as history.
 */
export interface DeclarationRow {
  id: number;
  jurisdictionCode: string;
  communityId: number;
  item: StandardItem;
  quantity: number;
  evidenceRef: string;
  note: string | null;
  declaredBy: string;
  declaredAt: Date;
  revokedAt: Date | null;
  revokedBy: string | null;
}

export const DeclarationEntity = defineTenantEntity<DeclarationRow>({
  name: "YiyangDeclaration",
  tableName: "yiyang_declaration",
  columns: {
    id: idColumn,
    communityId: { name: "community_id", type: "integer" },
    item: varchar(32),
    quantity: { type: "integer" },
    evidenceRef: varchar(200, "evidence_ref"),
    note: varchar(500, undefined, true),
    declaredBy: varchar(64, "declared_by"),
    declaredAt: datetime("declared_at"),
    revokedAt: datetime("revoked_at", true),
    revokedBy: varchar(64, "revoked_by", true),
  },
});
