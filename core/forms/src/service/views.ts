/** What the API answers: plain objects for the console, never raw rows. */
import type { Effective } from "../resolve.js";
import type { FormDocument } from "../runtime.js";
import { GLOBAL_SCOPE } from "../constants.js";
import type { ExtensionRow, ExtensionSummary, RevisionSummary } from "../store/extensions.js";
import type { FormRow, VersionRow, VersionSummary } from "../store/forms.js";
import type { FileRow, SubmissionRow } from "../store/submissions.js";

export function ownerView(form: FormRow): { plugin: string | null; jurisdiction: string | null } {
  return form.scope === GLOBAL_SCOPE ? { plugin: form.pluginId, jurisdiction: null } : { plugin: null, jurisdiction: form.scope };
}

export function versionSummaryView(v: VersionSummary) {
  return {
    version: v.version, state: v.state, title: v.title, pluginVersion: v.pluginVersion,
    createdBy: v.createdBy, createdAt: v.createdAt, updatedAt: v.updatedAt, publishedBy: v.publishedBy, publishedAt: v.publishedAt,
  };
}

export function versionView(form: FormRow, v: VersionRow) {
  return { key: form.key, owner: ownerView(form), ...versionSummaryView(v), schema: v.schema, uischema: v.uischema };
}

export function extensionStatusView(e: ExtensionSummary) {
  return { jurisdiction: e.jurisdiction, revision: e.revision, status: e.status, baseVersion: e.baseVersion, conflicts: e.conflicts, updatedBy: e.updatedBy, updatedAt: e.updatedAt };
}

export function extensionView(key: string, e: ExtensionRow, revisions: RevisionSummary[], latestVersion: number | null) {
  return { key, ...extensionStatusView(e), latestVersion, delta: e.delta, schema: e.schema, uischema: e.uischema, revisions };
}

export function effectiveView(e: Effective, doc: FormDocument) {
  return {
    key: e.form.key, owner: ownerView(e.form), title: e.version.title,
    version: e.version.version, pluginVersion: e.version.pluginVersion, publishedAt: e.version.publishedAt,
    extension: e.extension ? extensionStatusView(e.extension) : null,
    schema: doc.schema, uischema: doc.uischema,
  };
}

export function fileView(f: FileRow) {
  return { id: f.id, field: f.field, name: f.name, type: f.type, mime: f.mime, size: f.size, sha256: f.sha256 };
}

export function submissionView(s: SubmissionRow, files: FileRow[]) {
  return {
    id: s.id, key: s.formKey, version: s.formVersion, extension: s.extension, jurisdiction: s.jurisdiction,
    data: s.data, submittedBy: s.submittedBy, createdAt: s.createdAt, attachments: files.map(fileView),
  };
}
