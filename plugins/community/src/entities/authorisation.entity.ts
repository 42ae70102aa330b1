import { defineTenantEntity } from "@anju/data";
import { definePiFields } from "@anju/sdk";
import type { AuthorisationStatus, AuthorisationSubject, CredentialType } from "../constants.js";
import { idColumn, msColumn, timestampColumns, type Timestamps } from "./columns.js";

/**
 * A resident authorisation (住户授权): a person or vehicle of the community may pass with a
 * credential from `validFrom` until `validTo` (open-ended when null). Revoking keeps the row
 * (status `revoked`, `revokedAt`): access events that happened while it was valid still match it.
 * `revision` counts changes, so a consumer that copies authorisations upward can order them.
 */
export interface AuthorisationRow extends Timestamps {
  id: number;
  jurisdictionCode: string;
  communityId: number;
  buildingId: number | null;
  unitId: number | null;
  holderName: string;
  holderIdNo: string | null;
  subject: AuthorisationSubject;
  credential: CredentialType;
  credentialRef: string;
  validFrom: number;
  validTo: number | null;
  status: AuthorisationStatus;
  revokedAt: number | null;
  revision: number;
  createdBy: string;
}

/**
 * The holder's name and ID number and the credential reference (card number, plate, the
 * vendor's person id) are personal information (H11): encrypted at rest, masked in every
 * answer. ID number and credential keep a blind index: access events find their authorisation
 * by credential, the police find a person's authorisations by ID number, without decrypting.
 * Credential references are of the `credential` kind: up to 128 characters, masked to the last
 * four, canonicalised by the plugin first (credential.ts), then blind-indexed.
 */
export const AuthorisationPi = definePiFields("CommunityAuthorisation", {
  holderName: { kind: "name" },
  holderIdNo: { kind: "idNumber", indexed: true },
  credentialRef: { kind: "credential", indexed: true },
});

export const AuthorisationEntity = defineTenantEntity<AuthorisationRow>({
  name: "CommunityAuthorisation",
  tableName: "community_authorisation",
  columns: {
    id: idColumn,
    communityId: { name: "community_id", type: "integer" },
    buildingId: { name: "building_id", type: "integer", nullable: true },
    unitId: { name: "unit_id", type: "integer", nullable: true },
    ...AuthorisationPi.columns,
    subject: { type: "varchar", length: 16 },
    credential: { type: "varchar", length: 16 },
    validFrom: msColumn("valid_from"),
    validTo: msColumn("valid_to", true),
    status: { type: "varchar", length: 16 },
    revokedAt: msColumn("revoked_at", true),
    revision: { type: "integer" },
    createdBy: { name: "created_by", type: "varchar", length: 64 },
    ...timestampColumns,
  },
});
