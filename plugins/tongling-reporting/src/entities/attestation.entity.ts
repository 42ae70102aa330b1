import { defineTenantEntity } from "@anju/data";
import type { ChecklistItem } from "../constants.js";
import { datetime, idColumn, varchar } from "./columns.js";

/**
 * A person's statement that a checklist item the registry cannot show is in place (a staffed
 * monitoring centre, camera coverage of the listed areas, the Sharp Eyes link): who, when, and
 * a reference to the evidence. A newer attestation of the same item supersedes the older one;
 * a revoked one no longer counts. Rows are kept (history).
 */
export interface AttestationRow {
  id: number;
  jurisdictionCode: string;
  communityId: number;
  item: ChecklistItem;
  attestedBy: string;
  attestedAt: Date;
  evidenceRef: string;
  note: string | null;
  revokedAt: Date | null;
  revokedBy: string | null;
}

export const AttestationEntity = defineTenantEntity<AttestationRow>({
  name: "TonglingAttestation",
  tableName: "tongling_attestation",
  columns: {
    id: idColumn,
    communityId: { name: "community_id", type: "integer" },
    item: varchar(32),
    attestedBy: varchar(64, "attested_by"),
    attestedAt: datetime("attested_at"),
    evidenceRef: varchar(200, "evidence_ref"),
    note: varchar(500, undefined, true),
    revokedAt: datetime("revoked_at", true),
    revokedBy: varchar(64, "revoked_by", true),
  },
});
