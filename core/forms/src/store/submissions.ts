/**
 * Submissions and their files: tenant rows. Both tables are registered with the data layer's
 * tenant guard, so a query on them runs only inside a tenant scope and only when it names the
 * jurisdiction column, or as the system; every read here is limited to a subtree by path.
 */
import { registerTenantTable } from "@anju/data";
import { now, one, parseJson, rows, toIso, type Db } from "../db.js";

export const SUBMISSION_TABLE = "anju_form_submission";
export const FILE_TABLE = "anju_form_file";
registerTenantTable(SUBMISSION_TABLE);
registerTenantTable(FILE_TABLE);

export interface SubmissionRow {
  id: string;
  formId: string;
  formKey: string;
  versionId: string;
  formVersion: number;
  extension: { jurisdiction: string; revision: number } | null;
  schemaHash: string;
  jurisdiction: string;
  data: Record<string, unknown>;
  submittedBy: string;
  createdAt: string | null;
}

export interface FileRow { id: string; submissionId: string; jurisdiction: string; field: string; sha256: string; type: string; mime: string; size: number; name: string; createdAt: string | null }

/** The subtree condition (null path: the system, no condition). */
function within(alias: string, path: string | null): { sql: string; params: unknown[] } {
  return path === null
    ? { sql: "1 = 1", params: [] }
    : { sql: `${alias}.jurisdiction_code IN (SELECT sj.code FROM anju_jurisdiction sj WHERE sj.path LIKE ?)`, params: [`${path}%`] };
}

function toSubmission(r: Record<string, unknown>): SubmissionRow {
  return {
    id: String(r.id), formId: String(r.form_id), formKey: String(r.form_key), versionId: String(r.version_id), formVersion: Number(r.form_version),
    extension: r.extension_jurisdiction ? { jurisdiction: String(r.extension_jurisdiction), revision: Number(r.extension_revision) } : null,
    schemaHash: String(r.schema_hash), jurisdiction: String(r.jurisdiction_code), data: parseJson(r.data_json),
    submittedBy: String(r.submitted_by), createdAt: toIso(r.created_at),
  };
}

function toFile(r: Record<string, unknown>): FileRow {
  return {
    id: String(r.id), submissionId: String(r.submission_id), jurisdiction: String(r.jurisdiction_code), field: String(r.field_path),
    sha256: String(r.sha256), type: String(r.type), mime: String(r.mime), size: Number(r.size), name: String(r.name), createdAt: toIso(r.created_at),
  };
}

export async function insertSubmission(db: Db, s: Omit<SubmissionRow, "createdAt">): Promise<string> {
  const at = now();
  await db.query(
    `INSERT INTO \`${SUBMISSION_TABLE}\` (id, form_id, form_key, version_id, form_version, extension_jurisdiction, extension_revision, schema_hash, jurisdiction_code, data_json, submitted_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [s.id, s.formId, s.formKey, s.versionId, s.formVersion, s.extension?.jurisdiction ?? null, s.extension?.revision ?? null, s.schemaHash, s.jurisdiction, JSON.stringify(s.data), s.submittedBy, at]);
  return at;
}

export async function insertFile(db: Db, f: Omit<FileRow, "createdAt">): Promise<void> {
  await db.query(
    `INSERT INTO \`${FILE_TABLE}\` (id, submission_id, jurisdiction_code, field_path, sha256, type, mime, size, name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [f.id, f.submissionId, f.jurisdiction, f.field, f.sha256, f.type, f.mime, f.size, f.name, now()]);
}

export async function submissionById(db: Db, id: string, path: string | null): Promise<SubmissionRow | null> {
  const w = within("s", path);
  const r = await one(db, `SELECT s.* FROM \`${SUBMISSION_TABLE}\` s WHERE s.id = ? AND ${w.sql}`, [id, ...w.params]);
  return r ? toSubmission(r) : null;
}

export async function filesOf(db: Db, submissionId: string, path: string | null): Promise<FileRow[]> {
  const w = within("f", path);
  return (await rows(db, `SELECT f.* FROM \`${FILE_TABLE}\` f WHERE f.submission_id = ? AND ${w.sql} ORDER BY f.field_path`, [submissionId, ...w.params])).map(toFile);
}

export interface SubmissionFilter { formKey?: string; offset: number; limit: number }

export async function listSubmissions(db: Db, path: string | null, filter: SubmissionFilter): Promise<{ items: SubmissionRow[]; total: number }> {
  const w = within("s", path);
  const where = `WHERE ${w.sql}${filter.formKey ? " AND s.form_key = ?" : ""}`;
  const params = filter.formKey ? [...w.params, filter.formKey] : w.params;
  const total = await one<{ n: number | string }>(db, `SELECT COUNT(*) AS n FROM \`${SUBMISSION_TABLE}\` s ${where}`, params);
  const items = await rows(db, `SELECT s.* FROM \`${SUBMISSION_TABLE}\` s ${where} ORDER BY s.created_at DESC, s.id LIMIT ${Math.trunc(filter.limit)} OFFSET ${Math.trunc(filter.offset)}`, params);
  return { items: items.map(toSubmission), total: Number(total?.n ?? 0) };
}

/** How many file rows name this content (any jurisdiction: call as the system). */
export async function fileRowsWithSha(db: Db, sha: string): Promise<number> {
  const r = await one<{ n: number | string }>(db, `SELECT COUNT(*) AS n FROM \`${FILE_TABLE}\` f WHERE f.sha256 = ?`, [sha]);
  return Number(r?.n ?? 0);
}
