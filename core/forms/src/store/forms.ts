/** Form definitions and their versions (anju_form, anju_form_version). */
import crypto from "node:crypto";
import { GLOBAL_SCOPE } from "../constants.js";
import { marks, now, one, parseJson, rows, toIso, type Db } from "../db.js";

export interface FormRow { id: string; key: string; scope: string; pluginId: string | null; createdBy: string; createdAt: string | null }

export type VersionState = "draft" | "published";

export interface VersionSummary {
  id: string;
  formId: string;
  version: number;
  state: VersionState;
  title: { "zh-CN": string; en: string };
  contentHash: string;
  pluginVersion: string | null;
  createdBy: string;
  createdAt: string | null;
  updatedAt: string | null;
  publishedBy: string | null;
  publishedAt: string | null;
}

export interface VersionRow extends VersionSummary {
  schema: Record<string, unknown>;
  uischema: Record<string, unknown> | null;
}

const FORM_COLS = "id, form_key, scope, plugin_id, created_by, created_at";
const SUMMARY_COLS = "id, form_id, version, state, title_zh, title_en, content_hash, plugin_version, created_by, created_at, updated_at, published_by, published_at";

type Raw = Record<string, unknown>;

function toForm(r: Raw): FormRow {
  return { id: String(r.id), key: String(r.form_key), scope: String(r.scope), pluginId: (r.plugin_id as string | null) ?? null, createdBy: String(r.created_by), createdAt: toIso(r.created_at) };
}

function toSummary(r: Raw): VersionSummary {
  return {
    id: String(r.id), formId: String(r.form_id), version: Number(r.version), state: r.state as VersionState,
    title: { "zh-CN": String(r.title_zh), en: String(r.title_en) }, contentHash: String(r.content_hash),
    pluginVersion: (r.plugin_version as string | null) ?? null, createdBy: String(r.created_by),
    createdAt: toIso(r.created_at), updatedAt: toIso(r.updated_at), publishedBy: (r.published_by as string | null) ?? null, publishedAt: toIso(r.published_at),
  };
}

function toVersion(r: Raw): VersionRow {
  return { ...toSummary(r), schema: parseJson(r.schema_json), uischema: r.uischema_json ? parseJson(r.uischema_json) : null };
}

/** Forms with this key in any of the scopes (a jurisdiction chain plus `*`). */
export async function formsByKey(db: Db, key: string, scopes: string[]): Promise<FormRow[]> {
  return (await rows(db, `SELECT ${FORM_COLS} FROM \`anju_form\` WHERE form_key = ? AND scope IN (${marks(scopes.length)})`, [key, ...scopes])).map(toForm);
}

export async function formsInScopes(db: Db, scopes: string[]): Promise<FormRow[]> {
  return (await rows(db, `SELECT ${FORM_COLS} FROM \`anju_form\` WHERE scope IN (${marks(scopes.length)}) ORDER BY form_key`, scopes)).map(toForm);
}

/** A jurisdiction-owned form with this key anywhere in the subtree under `path`. */
export async function keyUsedUnder(db: Db, key: string, path: string): Promise<FormRow | null> {
  const r = await one(db, `SELECT f.id, f.form_key, f.scope, f.plugin_id, f.created_by, f.created_at FROM \`anju_form\` f JOIN anju_jurisdiction j ON j.code = f.scope WHERE f.form_key = ? AND j.path LIKE ?`, [key, `${path}%`]);
  return r ? toForm(r) : null;
}

export async function pluginForm(db: Db, key: string): Promise<FormRow | null> {
  const r = await one(db, `SELECT ${FORM_COLS} FROM \`anju_form\` WHERE form_key = ? AND scope = ?`, [key, GLOBAL_SCOPE]);
  return r ? toForm(r) : null;
}

export async function insertForm(db: Db, f: { key: string; scope: string; pluginId: string | null; by: string }): Promise<FormRow> {
  const id = crypto.randomUUID();
  const at = now();
  await db.query("INSERT INTO `anju_form` (id, form_key, scope, plugin_id, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    [id, f.key, f.scope, f.pluginId, f.by, at, at]);
  return { id, key: f.key, scope: f.scope, pluginId: f.pluginId, createdBy: f.by, createdAt: toIso(at) };
}

export async function versionSummaries(db: Db, formId: string): Promise<VersionSummary[]> {
  return (await rows(db, `SELECT ${SUMMARY_COLS} FROM \`anju_form_version\` WHERE form_id = ? ORDER BY version`, [formId])).map(toSummary);
}

export async function versionOf(db: Db, formId: string, version: number): Promise<VersionRow | null> {
  const r = await one(db, "SELECT * FROM `anju_form_version` WHERE form_id = ? AND version = ?", [formId, version]);
  return r ? toVersion(r) : null;
}

/** The latest version's row without its schema (a schema may be 256 KiB: read it only when needed). */
export async function latestSummary(db: Db, formId: string, state?: VersionState): Promise<VersionSummary | null> {
  const r = await one(db, `SELECT ${SUMMARY_COLS} FROM \`anju_form_version\` WHERE form_id = ?${state ? " AND state = ?" : ""} ORDER BY version DESC LIMIT 1`, state ? [formId, state] : [formId]);
  return r ? toSummary(r) : null;
}

export async function summaryOf(db: Db, formId: string, version: number): Promise<VersionSummary | null> {
  const r = await one(db, `SELECT ${SUMMARY_COLS} FROM \`anju_form_version\` WHERE form_id = ? AND version = ?`, [formId, version]);
  return r ? toSummary(r) : null;
}

export async function hasPublished(db: Db, formId: string): Promise<boolean> {
  return !!(await one(db, "SELECT 1 AS x FROM `anju_form_version` WHERE form_id = ? AND state = 'published' LIMIT 1", [formId]));
}

export async function versionDocument(db: Db, id: string): Promise<{ schema: Record<string, unknown>; uischema: Record<string, unknown> | null } | null> {
  const r = await one(db, "SELECT schema_json, uischema_json FROM `anju_form_version` WHERE id = ?", [id]);
  return r ? { schema: parseJson(r.schema_json), uischema: r.uischema_json ? parseJson(r.uischema_json) : null } : null;
}

export async function latestVersion(db: Db, formId: string, state?: VersionState): Promise<VersionRow | null> {
  const r = await one(db, `SELECT * FROM \`anju_form_version\` WHERE form_id = ?${state ? " AND state = ?" : ""} ORDER BY version DESC LIMIT 1`, state ? [formId, state] : [formId]);
  return r ? toVersion(r) : null;
}

export interface NewVersion {
  formId: string; version: number; state: VersionState; title: { "zh-CN": string; en: string };
  schema: unknown; uischema: unknown; contentHash: string; pluginVersion?: string | null; by: string;
}

export async function insertVersion(db: Db, v: NewVersion): Promise<string> {
  const id = crypto.randomUUID();
  const at = now();
  const published = v.state === "published";
  await db.query(
    "INSERT INTO `anju_form_version` (id, form_id, version, state, title_zh, title_en, schema_json, uischema_json, content_hash, plugin_version, created_by, created_at, updated_at, published_by, published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [id, v.formId, v.version, v.state, v.title["zh-CN"], v.title.en, JSON.stringify(v.schema), v.uischema ? JSON.stringify(v.uischema) : null,
      v.contentHash, v.pluginVersion ?? null, v.by, at, at, published ? v.by : null, published ? at : null]);
  await db.query("UPDATE `anju_form` SET updated_at = ? WHERE id = ?", [at, v.formId]);
  return id;
}

/** Rewrite a draft. The state condition is what keeps a published version immutable. */
export async function updateDraft(db: Db, id: string, v: Pick<NewVersion, "title" | "schema" | "uischema" | "contentHash">): Promise<void> {
  await db.query("UPDATE `anju_form_version` SET title_zh = ?, title_en = ?, schema_json = ?, uischema_json = ?, content_hash = ?, updated_at = ? WHERE id = ? AND state = 'draft'",
    [v.title["zh-CN"], v.title.en, JSON.stringify(v.schema), v.uischema ? JSON.stringify(v.uischema) : null, v.contentHash, now(), id]);
}

export async function publishDraft(db: Db, id: string, by: string): Promise<void> {
  const at = now();
  await db.query("UPDATE `anju_form_version` SET state = 'published', published_by = ?, published_at = ?, updated_at = ? WHERE id = ? AND state = 'draft'", [by, at, at, id]);
}
