/**
 * A jurisdiction's extension of a plugin's form: save it (the caller's jurisdiction, always),
 * read it with its revisions, and list the extensions in conflict within the caller's subtree
 * together with plugin forms that could not be installed.
 */
import { audited } from "../audit.js";
import { FormsAuditActions } from "../constants.js";
import { FormsErrors } from "../errors.js";
import { saveExtension } from "../extension/extensions.js";
import { requireForm, type Caller } from "../resolve.js";
import type { FormsRuntime } from "../runtime.js";
import { conflictingUnder, extensionAt, revisionsOf } from "../store/extensions.js";
import { latestSummary, pluginForm } from "../store/forms.js";
import { extensionView } from "./views.js";

export async function extend(rt: FormsRuntime, caller: Caller, p: { key: string; schema: unknown; uischema?: unknown }) {
  return audited(rt, caller, FormsAuditActions.extend, p.key, {}, async () => {
    const form = await requireForm(rt, caller, p.key);
    const ext = await saveExtension(rt, caller, form, p);
    const latest = await latestSummary(rt.host.ds, form.id, "published");
    return extensionView(form.key, ext, await revisionsOf(rt.host.ds, form.id, ext.jurisdiction), latest?.version ?? null);
  });
}

export async function getExtension(rt: FormsRuntime, caller: Caller, key: string) {
  const form = await requireForm(rt, caller, key);
  const ext = caller.jurisdiction ? await extensionAt(rt.host.ds, form.id, caller.jurisdiction) : null;
  if (!ext) throw FormsErrors.FORM_EXTENSION_NOT_FOUND({ key });
  const latest = await latestSummary(rt.host.ds, form.id, "published");
  return extensionView(form.key, ext, await revisionsOf(rt.host.ds, form.id, ext.jurisdiction), latest?.version ?? null);
}

export async function listConflicts(rt: FormsRuntime, caller: Caller) {
  const ds = rt.host.ds;
  const rows = await conflictingUnder(ds, caller.path);
  const extensions = [];
  for (const e of rows) {
    const form = await pluginForm(ds, e.key);
    const latest = form ? await latestSummary(ds, form.id, "published") : null;
    extensions.push({
      key: e.key, jurisdiction: e.jurisdiction, revision: e.revision, status: e.status,
      baseVersion: e.baseVersion, latestVersion: latest?.version ?? null, latestPluginVersion: latest?.pluginVersion ?? null,
      conflicts: e.conflicts, updatedAt: e.updatedAt,
    });
  }
  return { extensions, pluginForms: rt.pluginProblems };
}
