import { defineTenantEntity } from "@anju/data";
import { definePiFields } from "@anju/sdk";
import type { AccessDirection, AccessEventKind, AccessMethod, AccessOutcome, AuthorisationSubject } from "../constants.js";
import { idColumn, msColumn } from "./columns.js";

/**
 * An access event (通行记录) the access-control platform reported: who or what passed (or was
 * refused) where and when. `sourceEventId` is the vendor's id, unique per community, so a
 * re-sent event is stored once. `captureRef` is a reference to the image in the community's
 * own store, never the image (H11). Times are epoch milliseconds.
 */
export interface AccessEventRow {
  id: number;
  jurisdictionCode: string;
  communityId: number;
  accessPointId: number | null;
  deviceCode: string | null;
  kind: AccessEventKind;
  subject: AuthorisationSubject;
  direction: AccessDirection | null;
  method: AccessMethod;
  outcome: AccessOutcome;
  credentialRef: string | null;
  authorisationId: number | null;
  registered: boolean;
  captureRef: string | null;
  sourceEventId: string;
  occurredAt: number;
  receivedAt: number;
}

/** The credential presented: encrypted, masked, blind-indexed like the authorisation's. */
export const AccessEventPi = definePiFields("CommunityAccessEvent", {
  credentialRef: { kind: "credential", indexed: true },
});

export const AccessEventEntity = defineTenantEntity<AccessEventRow>({
  name: "CommunityAccessEvent",
  tableName: "community_access_event",
  columns: {
    id: idColumn,
    communityId: { name: "community_id", type: "integer" },
    accessPointId: { name: "access_point_id", type: "integer", nullable: true },
    deviceCode: { name: "device_code", type: "varchar", length: 64, nullable: true },
    kind: { type: "varchar", length: 16 },
    subject: { type: "varchar", length: 16 },
    direction: { type: "varchar", length: 8, nullable: true },
    method: { type: "varchar", length: 16 },
    outcome: { type: "varchar", length: 16 },
    ...AccessEventPi.columns,
    authorisationId: { name: "authorisation_id", type: "integer", nullable: true },
    registered: { type: "boolean" },
    captureRef: { name: "capture_ref", type: "varchar", length: 500, nullable: true },
    sourceEventId: { name: "source_event_id", type: "varchar", length: 128 },
    occurredAt: msColumn("occurred_at"),
    receivedAt: msColumn("received_at"),
  },
});
