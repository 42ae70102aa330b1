/**
 * Jurisdictions' extensions of plugin forms: the current state per (form, jurisdiction) in
 * anju_form_extension, every revision in anju_form_extension_revision (a submission names the
 * revision it was validated against, so each one stays readable).
 */
import crypto from "node:crypto";
import type { Conflict, ExtensionDelta } from "../extension/keywords.js";
import { marks, now, one, parseJson, rows, toIso, type Db } from "../db.js";

export type ExtensionStatus = "active" | "conflict";

/** An extension's state without its delta and snapshot (what a submission needs to know). */
export interface ExtensionSummary {
  id: string;
  formId: string;
  jurisdiction: string;
  revision: number;
  status: ExtensionStatus;
  baseVersion: number;
  hash: string;
  conflicts: Conflict[];
  updatedBy: string;
  updatedAt: string | null;
}

export interface ExtensionRow extends ExtensionSummary {
  /** Materialised path of the jurisdiction (null when the node was removed from the tree). */
  path: string | null;
  delta: ExtensionDelta;
  parentHash: string;
  schema: Record<string, unknown>;
  uischema: Record<string, unknown> | null;
}

export interface Snapshot { schema: Record<string, unknown>; uischema: Record<string, unknown> | null; hash: string; baseVersion: number }

const COLS = "e.id, e.form_id, e.jurisdiction_code, j.path, e.revision, e.status, e.delta_json, e.base_version, e.parent_hash, e.effective_schema, e.effective_uischema, e.effective_hash, e.conflicts_json, e.updated_by, e.updated_at";
const FROM = "FROM `anju_form_extension` e LEFT JOIN anju_jurisdiction j ON j.code = e.jurisdiction_code";

function toRow(r: Record<string, unknown>): ExtensionRow {
  return {
    id: String(r.id), formId: String(r.form_id), jurisdiction: String(r.jurisdiction_code), path: (r.path as string | null) ?? null,
    revision: Number(r.revision), status: r.status as ExtensionStatus, delta: parseJson(r.delta_json), baseVersion: Number(r.base_version),
    parentHash: String(r.parent_hash), schema: parseJson(r.effective_schema), uischema: r.effective_uischema ? parseJson(r.effective_uischema) : null,
    hash: String(r.effective_hash), conflicts: r.conflicts_json ? parseJson(r.conflicts_json) : [], updatedBy: String(r.updated_by), updatedAt: toIso(r.updated_at),
  };
}

/** Every extension of a form, ancestors before descendants. */
export async function extensionsOf(db: Db, formId: string): Promise<ExtensionRow[]> {
  return (await rows(db, `SELECT ${COLS} ${FROM} WHERE e.form_id = ? ORDER BY j.path`, [formId])).map(toRow);
}

export async function extensionsAt(db: Db, formId: string, codes: string[]): Promise<ExtensionRow[]> {
  if (!codes.length) return [];
  return (await rows(db, `SELECT ${COLS} ${FROM} WHERE e.form_id = ? AND e.jurisdiction_code IN (${marks(codes.length)})`, [formId, ...codes])).map(toRow);
}

const SUMMARY_COLS = "id, form_id, jurisdiction_code, revision, status, base_version, effective_hash, conflicts_json, updated_by, updated_at";

export async function extensionSummariesAt(db: Db, formId: string, codes: string[]): Promise<ExtensionSummary[]> {
  if (!codes.length) return [];
  const found = await rows(db, `SELECT ${SUMMARY_COLS} FROM \`anju_form_extension\` WHERE form_id = ? AND jurisdiction_code IN (${marks(codes.length)})`, [formId, ...codes]);
  return found.map((r) => ({
    id: String(r.id), formId: String(r.form_id), jurisdiction: String(r.jurisdiction_code), revision: Number(r.revision), status: r.status as ExtensionStatus,
    baseVersion: Number(r.base_version), hash: String(r.effective_hash), conflicts: r.conflicts_json ? parseJson(r.conflicts_json) : [],
    updatedBy: String(r.updated_by), updatedAt: toIso(r.updated_at),
  }));
}

/** The snapshot an extension is in force with (as it is now: a hash names one content). */
export async function extensionDocument(db: Db, id: string): Promise<{ schema: Record<string, unknown>; uischema: Record<string, unknown> | null } | null> {
  const r = await one(db, "SELECT effective_schema, effective_uischema FROM `anju_form_extension` WHERE id = ?", [id]);
  return r ? { schema: parseJson(r.effective_schema), uischema: r.effective_uischema ? parseJson(r.effective_uischema) : null } : null;
}

export async function extensionAt(db: Db, formId: string, code: string): Promise<ExtensionRow | null> {
  return (await extensionsAt(db, formId, [code]))[0] ?? null;
}

/** Extensions in conflict inside the subtree under `path` (every one for null). */
export async function conflictingUnder(db: Db, path: string | null): Promise<Array<ExtensionRow & { key: string }>> {
  const where = path ? " AND j.path LIKE ?" : "";
  const found = await rows(db, `SELECT ${COLS}, f.form_key ${FROM} JOIN \`anju_form\` f ON f.id = e.form_id WHERE e.status = 'conflict'${where} ORDER BY f.form_key, j.path`, path ? [`${path}%`] : []);
  return found.map((r) => ({ ...toRow(r), key: String(r.form_key) }));
}

export interface RevisionSummary { revision: number; reason: string; baseVersion: number; hash: string; createdBy: string; createdAt: string | null }

export async function revisionsOf(db: Db, formId: string, code: string): Promise<RevisionSummary[]> {
  const found = await rows(db, "SELECT revision, reason, base_version, effective_hash, created_by, created_at FROM `anju_form_extension_revision` WHERE form_id = ? AND jurisdiction_code = ? ORDER BY revision", [formId, code]);
  return found.map((r) => ({ revision: Number(r.revision), reason: String(r.reason), baseVersion: Number(r.base_version), hash: String(r.effective_hash), createdBy: String(r.created_by), createdAt: toIso(r.created_at) }));
}

export interface NewRevision { formId: string; jurisdiction: string; delta: ExtensionDelta; parentHash: string; snapshot: Snapshot; reason: "design" | "rebase"; by: string }

/** Store a clean revision: the extension becomes active on the given parent. Returns the revision number. */
export async function saveRevision(db: Db, r: NewRevision): Promise<number> {
  const at = now();
  const current = await one<{ id: string; revision: number }>(db, "SELECT id, revision FROM `anju_form_extension` WHERE form_id = ? AND jurisdiction_code = ?", [r.formId, r.jurisdiction]);
  const revision = (current ? Number(current.revision) : 0) + 1;
  const s = r.snapshot;
  const values = [JSON.stringify(r.delta), s.baseVersion, r.parentHash, JSON.stringify(s.schema), s.uischema ? JSON.stringify(s.uischema) : null, s.hash];
  if (current) {
    await db.query("UPDATE `anju_form_extension` SET revision = ?, status = 'active', delta_json = ?, base_version = ?, parent_hash = ?, effective_schema = ?, effective_uischema = ?, effective_hash = ?, conflicts_json = NULL, updated_by = ?, updated_at = ? WHERE id = ?",
      [revision, ...values, r.by, at, current.id]);
  } else {
    await db.query("INSERT INTO `anju_form_extension` (id, form_id, jurisdiction_code, revision, status, delta_json, base_version, parent_hash, effective_schema, effective_uischema, effective_hash, conflicts_json, updated_by, updated_at) VALUES (?, ?, ?, ?, 'active', ?, ?, ?, ?, ?, ?, NULL, ?, ?)",
      [crypto.randomUUID(), r.formId, r.jurisdiction, revision, ...values, r.by, at]);
  }
  await db.query("INSERT INTO `anju_form_extension_revision` (form_id, jurisdiction_code, revision, reason, delta_json, base_version, effective_schema, effective_uischema, effective_hash, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [r.formId, r.jurisdiction, revision, r.reason, values[0], s.baseVersion, values[3], values[4], s.hash, r.by, at]);
  return revision;
}

/** Keep the last good snapshot and say why it could not follow its parent. */
export async function markConflict(db: Db, id: string, conflicts: Conflict[], by: string): Promise<void> {
  await db.query("UPDATE `anju_form_extension` SET status = 'conflict', conflicts_json = ?, updated_by = ?, updated_at = ? WHERE id = ?", [JSON.stringify(conflicts), by, now(), id]);
}

export function snapshotOf(e: ExtensionRow): Snapshot {
  return { schema: e.schema, uischema: e.uischema, hash: e.hash, baseVersion: e.baseVersion };
}
