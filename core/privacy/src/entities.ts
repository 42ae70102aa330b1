/** Entities of the privacy package. All are tenant tables: a jurisdiction sees its own subtree. */
import { defineTenantEntity } from "@anju/data";

export interface ConsentRow {
  id: string;
  jurisdictionCode: string;
  subjectId: string;
  purpose: string;
  purposeText: string | null;
  /** Comma list of PI kinds in canonical order. */
  kinds: string;
  evidence: string | null;
  grantedAt: Date;
  recordedBy: string;
  withdrawnAt: Date | null;
  withdrawnBy: string | null;
  erasedRows: number | null;
  createdAt: Date;
}

export const ConsentEntity = defineTenantEntity<ConsentRow>({
  name: "AnjuConsent",
  tableName: "anju_consent",
  columns: {
    id: { type: "varchar", length: 36, primary: true },
    subjectId: { name: "subject_id", type: "varchar", length: 64 },
    purpose: { type: "varchar", length: 64 },
    purposeText: { name: "purpose_text", type: "varchar", length: 500, nullable: true },
    kinds: { type: "varchar", length: 200 },
    evidence: { type: "varchar", length: 200, nullable: true },
    grantedAt: { name: "granted_at", type: "datetime" },
    recordedBy: { name: "recorded_by", type: "varchar", length: 64 },
    withdrawnAt: { name: "withdrawn_at", type: "datetime", nullable: true },
    withdrawnBy: { name: "withdrawn_by", type: "varchar", length: 64, nullable: true },
    erasedRows: { name: "erased_rows", type: "integer", nullable: true },
    createdAt: { name: "created_at", type: "datetime" },
  },
});

export type BreachState = "open" | "notified" | "closed";

export interface BreachRow {
  id: string;
  jurisdictionCode: string;
  title: string;
  occurredAt: Date | null;
  discoveredAt: Date;
  discoveredBy: string;
  dataKinds: string;
  otherData: string | null;
  cause: string;
  scale: number;
  harm: string | null;
  remedies: string | null;
  advice: string | null;
  contact: string | null;
  state: BreachState;
  notifiedAt: Date | null;
  closedAt: Date | null;
  closingNote: string | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export const BreachEntity = defineTenantEntity<BreachRow>({
  name: "AnjuBreach",
  tableName: "anju_breach",
  columns: {
    id: { type: "varchar", length: 36, primary: true },
    title: { type: "varchar", length: 200 },
    occurredAt: { name: "occurred_at", type: "datetime", nullable: true },
    discoveredAt: { name: "discovered_at", type: "datetime" },
    discoveredBy: { name: "discovered_by", type: "varchar", length: 100 },
    dataKinds: { name: "data_kinds", type: "varchar", length: 200 },
    otherData: { name: "other_data", type: "varchar", length: 500, nullable: true },
    cause: { type: "text" },
    scale: { type: "integer" },
    harm: { type: "text", nullable: true },
    remedies: { type: "text", nullable: true },
    advice: { type: "text", nullable: true },
    contact: { type: "varchar", length: 200, nullable: true },
    state: { type: "varchar", length: 16 },
    notifiedAt: { name: "notified_at", type: "datetime", nullable: true },
    closedAt: { name: "closed_at", type: "datetime", nullable: true },
    closingNote: { name: "closing_note", type: "text", nullable: true },
    createdBy: { name: "created_by", type: "varchar", length: 64 },
    createdAt: { name: "created_at", type: "datetime" },
    updatedAt: { name: "updated_at", type: "datetime" },
  },
});

export interface BreachSubjectRow {
  breachId: string;
  subjectId: string;
  jurisdictionCode: string;
  kinds: string | null;
  addedAt: Date;
}

export const BreachSubjectEntity = defineTenantEntity<BreachSubjectRow>({
  name: "AnjuBreachSubject",
  tableName: "anju_breach_subject",
  columns: {
    breachId: { name: "breach_id", type: "varchar", length: 36, primary: true },
    subjectId: { name: "subject_id", type: "varchar", length: 64, primary: true },
    kinds: { type: "varchar", length: 200, nullable: true },
    addedAt: { name: "added_at", type: "datetime" },
  },
});

export const PRIVACY_ENTITIES = [ConsentEntity, BreachEntity, BreachSubjectEntity];
