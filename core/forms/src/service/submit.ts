/**
 * Submissions: validated on the server against the effective form of the caller's jurisdiction
 * (the same schema the console renders), with errors mapped to field paths in zh-CN and en.
 * Nothing is stored unless the whole submission is valid. Attachment bytes are written after
 * validation, and their rows go in the same transaction as the submission; if that transaction
 * fails, files this call created and nothing references are removed again.
 */
import crypto from "node:crypto";
import { asSystem, withTenantScope } from "@anju/data";
import type { Locale } from "@anju/errors";
import { auditEvent } from "../audit.js";
import { collecting, type DecodedAttachment } from "../attachments/keyword.js";
import { FormsAuditActions } from "../constants.js";
import { FormsErrors } from "../errors.js";
import { effectiveForm, effectiveWithDocument, requireForm, type Caller, type Effective } from "../resolve.js";
import type { FormsRuntime } from "../runtime.js";
import { clone } from "../schema/canonical.js";
import { fileRowsWithSha, filesOf, insertFile, insertSubmission, listSubmissions, submissionById } from "../store/submissions.js";
import { fieldErrors, instancePathToField, summaries } from "../validate/messages.js";
import { submissionView, fileView } from "./views.js";

/** Tenant tables are read in the caller's tenant scope, or as the system for a system caller. */
function scoped<T>(caller: Caller, fn: () => Promise<T>): Promise<T> {
  return caller.jurisdiction ? withTenantScope(caller.jurisdiction, fn) : asSystem("forms: system read", fn);
}

/** Put a stored file's reference where its content was. */
function replaceAt(data: Record<string, unknown>, instancePath: string, value: unknown): void {
  const segments = instancePathToField(instancePath);
  let node: Record<string, unknown> | unknown[] = data;
  for (const s of segments.slice(0, -1)) node = (node as Record<string, unknown>)[s] as Record<string, unknown>;
  (node as Record<string, unknown>)[segments[segments.length - 1]] = value;
}

export async function submit(rt: FormsRuntime, caller: Caller, p: { key: string; data: Record<string, unknown> }) {
  const jurisdiction = caller.jurisdiction!;
  const form = await requireForm(rt, caller, p.key);
  // The usual case reads no schema at all: the validator of this version is compiled already.
  let eff: Effective = await effectiveForm(rt, caller, form);
  let validate = rt.validators.peek(eff.cacheKey);
  if (!validate) {
    const loaded = await effectiveWithDocument(rt, caller, form);
    eff = loaded.eff;
    validate = rt.validators.get(eff.cacheKey, loaded.doc.schema);
  }
  const { result: ok, files } = collecting(() => validate(p.data));
  if (!ok) {
    const fields = fieldErrors(validate.errors, (caller.rc.locale as Locale | undefined) ?? "zh-CN");
    throw FormsErrors.FORM_SUBMISSION_INVALID({ count: fields.length, ...summaries(fields), fields });
  }
  const id = crypto.randomUUID();
  const data = clone(p.data);
  const stored: Array<DecodedAttachment & { id: string; field: string }> = [];
  for (const f of files) {
    const fileId = crypto.randomUUID();
    const field = instancePathToField(f.instancePath).join(".");
    stored.push({ ...f, id: fileId, field });
    replaceAt(data, f.instancePath, { fileId, name: f.name, type: f.type, size: f.size, sha256: f.sha256 });
  }
  const created: string[] = [];
  try {
    await withTenantScope(jurisdiction, () => rt.host.ds.transaction(async (m) => {
      for (const f of stored) if (rt.files.put(f.sha256, f.bytes)) created.push(f.sha256);
      await insertSubmission(m, {
        id, formId: form.id, formKey: form.key, versionId: eff.version.id, formVersion: eff.version.version,
        extension: eff.extension ? { jurisdiction: eff.extension.jurisdiction, revision: eff.extension.revision } : null,
        schemaHash: eff.definitionHash, jurisdiction, data, submittedBy: caller.rc.principal.id,
      });
      for (const f of stored) {
        await insertFile(m, { id: f.id, submissionId: id, jurisdiction, field: f.field, sha256: f.sha256, type: f.type, mime: f.mime, size: f.size, name: f.name });
      }
    }));
  } catch (err) {
    for (const sha of created) {
      if ((await asSystem("forms: orphan check", () => fileRowsWithSha(rt.host.ds, sha))) === 0) rt.files.remove(sha);
    }
    throw err;
  }
  await rt.host.audit(auditEvent(caller, FormsAuditActions.submit, id, "success", { key: form.key, version: eff.version.version, attachments: stored.length }));
  return getSubmission(rt, caller, id);
}

export async function getSubmission(rt: FormsRuntime, caller: Caller, id: string) {
  return scoped(caller, async () => {
    const s = await submissionById(rt.host.ds, id, caller.path);
    if (!s) throw FormsErrors.FORM_SUBMISSION_NOT_FOUND({ id });
    return submissionView(s, await filesOf(rt.host.ds, id, caller.path));
  });
}

export async function listOfSubmissions(rt: FormsRuntime, caller: Caller, p: { key?: string; page: number; pageSize: number }) {
  return scoped(caller, async () => {
    const found = await listSubmissions(rt.host.ds, caller.path, { formKey: p.key, offset: (p.page - 1) * p.pageSize, limit: p.pageSize });
    const items = [];
    for (const s of found.items) items.push(submissionView(s, await filesOf(rt.host.ds, s.id, caller.path)));
    return { items, total: found.total, page: p.page, pageSize: p.pageSize };
  });
}

export async function getAttachment(rt: FormsRuntime, caller: Caller, id: string, fileId: string) {
  return scoped(caller, async () => {
    const file = (await filesOf(rt.host.ds, id, caller.path)).find((f) => f.id === fileId);
    if (!file) throw FormsErrors.FORM_ATTACHMENT_NOT_FOUND({ id: fileId });
    return { ...fileView(file), content: rt.files.read(file.sha256).toString("base64") };
  });
}
