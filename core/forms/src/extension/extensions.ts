/**
 * Saving a jurisdiction's extension and keeping every extension of a form in line with its
 * parent. Each extension stores its delta and the snapshot it produced; when its parent changes
 * (a plugin upgrade brought a new version, an ancestor changed its extension) the delta is
 * applied again. A clean result becomes a new revision; a conflicting one leaves the last good
 * snapshot in force and the extension marked `conflict` with the list — nothing is merged
 * silently, and submissions keep validating against the snapshot the designer saw.
 */
import { auditEvent } from "../audit.js";
import { isDuplicateKey } from "../db.js";
import { FormsAuditActions } from "../constants.js";
import { FormsErrors } from "../errors.js";
import { hashOf } from "../schema/canonical.js";
import { checkFormDocument } from "../schema/check.js";
import { isPluginForm, nearestExtension, ownerOf, type Caller } from "../resolve.js";
import type { FormsRuntime } from "../runtime.js";
import { extensionAt, extensionsOf, markConflict, saveRevision, snapshotOf, type ExtensionRow, type Snapshot } from "../store/extensions.js";
import { latestVersion, type FormRow } from "../store/forms.js";
import { applyDelta, applyOrThrow } from "./apply.js";
import { deriveDelta } from "./derive.js";
import { conflict, type Conflict } from "./keywords.js";

async function baseSnapshot(rt: FormsRuntime, form: FormRow): Promise<Snapshot> {
  const base = await latestVersion(rt.host.ds, form.id, "published");
  if (!base) throw FormsErrors.FORM_NOT_PUBLISHED({ key: form.key });
  return { schema: base.schema, uischema: base.uischema, hash: hashOf(base.schema, base.uischema), baseVersion: base.version };
}

/** What the caller's extension builds on: the nearest ancestor's snapshot, or the plugin's version. */
export async function parentSnapshot(rt: FormsRuntime, caller: Caller, form: FormRow): Promise<Snapshot> {
  const above = await nearestExtension(rt, caller, form, caller.chain.slice(1));
  return above ? snapshotOf(above) : baseSnapshot(rt, form);
}

export async function saveExtension(rt: FormsRuntime, caller: Caller, form: FormRow, desired: { schema: unknown; uischema?: unknown }): Promise<ExtensionRow> {
  if (!isPluginForm(form)) throw FormsErrors.FORM_NOT_EXTENSIBLE({ key: form.key, owner: ownerOf(form) });
  const jurisdiction = caller.jurisdiction!;
  checkFormDocument(desired, rt.limits, rt.validators);
  const parent = await parentSnapshot(rt, caller, form);
  const delta = deriveDelta(parent, desired as { schema: Record<string, unknown>; uischema?: unknown });
  const applied = applyOrThrow(parent, delta);
  checkFormDocument(applied, rt.limits, rt.validators);
  const snapshot: Snapshot = { schema: applied.schema, uischema: applied.uischema, hash: hashOf(applied.schema, applied.uischema), baseVersion: parent.baseVersion };
  try {
    await rt.host.ds.transaction((m) => saveRevision(m, { formId: form.id, jurisdiction, delta, parentHash: parent.hash, snapshot, reason: "design", by: caller.rc.principal.id }));
  } catch (err) {
    if (isDuplicateKey(err)) throw FormsErrors.FORM_CHANGED_CONCURRENTLY({ key: form.key });
    throw err;
  }
  // Descendants built on this jurisdiction's previous snapshot follow it (or report why not).
  await reconcileExtensions(rt, form);
  return (await extensionAt(rt.host.ds, form.id, jurisdiction))!;
}

export interface ReconcileReport { rebased: string[]; conflicted: string[] }

/** Bring every extension of `form` in line with its parent, ancestors first. */
export async function reconcileExtensions(rt: FormsRuntime, form: FormRow): Promise<ReconcileReport> {
  const report: ReconcileReport = { rebased: [], conflicted: [] };
  const extensions = await extensionsOf(rt.host.ds, form.id);
  if (!extensions.length) return report;
  const base = await baseSnapshot(rt, form);
  const snapshots = new Map<string, Snapshot>();
  for (const ext of extensions) {
    if (!ext.path) continue; // its jurisdiction left the tree; nothing can reach it
    const chain = ext.path.split("/").filter(Boolean).reverse().slice(1);
    const parentCode = chain.find((c) => snapshots.has(c));
    const parent = parentCode ? snapshots.get(parentCode)! : base;
    if (ext.parentHash === parent.hash && ext.status === "active") {
      snapshots.set(ext.jurisdiction, snapshotOf(ext));
      continue;
    }
    const applied = applyDelta(parent, ext.delta);
    const conflicts: Conflict[] = [...applied.conflicts];
    if (!conflicts.length) {
      try {
        checkFormDocument(applied, rt.limits, rt.validators);
      } catch (err) {
        const own = (err as { messages?: Conflict["messages"] }).messages;
        conflicts.push(own ? { ...conflict("(root)", "RESULT_INVALID"), messages: own } : conflict("(root)", "RESULT_INVALID"));
      }
    }
    const object = `${form.key}@${ext.jurisdiction}`;
    if (!conflicts.length) {
      const snapshot: Snapshot = { schema: applied.schema, uischema: applied.uischema, hash: hashOf(applied.schema, applied.uischema), baseVersion: parent.baseVersion };
      let revision: number;
      try {
        revision = await rt.host.ds.transaction((m) => saveRevision(m, { formId: form.id, jurisdiction: ext.jurisdiction, delta: ext.delta, parentHash: parent.hash, snapshot, reason: "rebase", by: "system" }));
      } catch (err) {
        // Another node rebased it at the same moment; its result is the same.
        if (!isDuplicateKey(err)) throw err;
        snapshots.set(ext.jurisdiction, snapshot);
        continue;
      }
      snapshots.set(ext.jurisdiction, snapshot);
      report.rebased.push(ext.jurisdiction);
      await rt.host.audit({ ...auditEvent(null, FormsAuditActions.rebase, object, "success", { baseVersion: parent.baseVersion, revision }), jurisdiction: ext.jurisdiction });
      continue;
    }
    // Pinned: the last good snapshot stays in force for this jurisdiction and below.
    snapshots.set(ext.jurisdiction, snapshotOf(ext));
    report.conflicted.push(ext.jurisdiction);
    if (ext.status !== "conflict" || JSON.stringify(ext.conflicts) !== JSON.stringify(conflicts)) {
      await markConflict(rt.host.ds, ext.id, conflicts, "system");
      await rt.host.audit({ ...auditEvent(null, FormsAuditActions.conflict, object, "failure", { baseVersion: base.baseVersion, conflicts: conflicts.map((c) => `${c.kind} ${c.path}`) }), jurisdiction: ext.jurisdiction });
    }
  }
  return report;
}
