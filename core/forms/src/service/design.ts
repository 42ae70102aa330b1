/**
 * Designing a jurisdiction's own forms: create (version 1 as a draft), save the draft (a new
 * draft version once the latest is published: a published version never changes), publish,
 * and read: the list, the effective form, versions and the diff between two. The owning
 * jurisdiction is always the caller's.
 */
import { audited } from "../audit.js";
import { FormsAuditActions, KEY_PATTERN, RESERVED_KEYS, GLOBAL_SCOPE } from "../constants.js";
import { isDuplicateKey } from "../db.js";
import { diffForms } from "../diff.js";
import { FormsErrors } from "../errors.js";
import { hashOf } from "../schema/canonical.js";
import { checkFormDocument } from "../schema/check.js";
import { effectiveWithDocument, findForm, ownerOf, requireForm, type Caller } from "../resolve.js";
import type { FormsRuntime } from "../runtime.js";
import { extensionAt } from "../store/extensions.js";
import {
  formsByKey, formsInScopes, insertForm, insertVersion, keyUsedUnder, latestSummary, latestVersion, publishDraft, updateDraft,
  versionOf, versionSummaries, type FormRow, type VersionRow,
} from "../store/forms.js";
import { effectiveView, ownerView, versionSummaryView, versionView } from "./views.js";

type Title = { "zh-CN": string; en: string };
const keyRe = new RegExp(KEY_PATTERN);

function checkKey(key: string): void {
  if (!keyRe.test(key) || RESERVED_KEYS.includes(key)) throw FormsErrors.FORM_KEY_INVALID({ key: key.slice(0, 160) });
}

/** A form of the caller's own jurisdiction; a visible form owned elsewhere is not editable here. */
async function ownForm(rt: FormsRuntime, caller: Caller, key: string): Promise<FormRow> {
  const form = await requireForm(rt, caller, key);
  if (form.scope !== caller.jurisdiction) throw FormsErrors.FORM_NOT_EDITABLE({ key, owner: ownerOf(form) });
  return form;
}

export async function listForms(rt: FormsRuntime, caller: Caller) {
  const ds = rt.host.ds;
  const forms = await formsInScopes(ds, [...caller.chain, GLOBAL_SCOPE]);
  const out = [];
  for (const form of forms) {
    if ((await findForm(rt, caller, form.key))?.id !== form.id) continue;
    const published = await latestSummary(ds, form.id, "published");
    const own = form.scope === caller.jurisdiction;
    const draft = own ? await latestSummary(ds, form.id, "draft") : null;
    const ext = caller.jurisdiction && form.scope === GLOBAL_SCOPE ? await extensionAt(ds, form.id, caller.jurisdiction) : null;
    out.push({
      key: form.key, owner: ownerView(form), title: (published ?? draft)?.title ?? null,
      published: published ? { version: published.version, pluginVersion: published.pluginVersion, publishedAt: published.publishedAt } : null,
      draft: draft ? { version: draft.version, updatedAt: draft.updatedAt } : null,
      extension: ext ? { revision: ext.revision, status: ext.status, baseVersion: ext.baseVersion } : null,
    });
  }
  return out;
}

export async function getEffective(rt: FormsRuntime, caller: Caller, key: string) {
  const { eff, doc } = await effectiveWithDocument(rt, caller, await requireForm(rt, caller, key));
  return effectiveView(eff, doc);
}

export async function createForm(rt: FormsRuntime, caller: Caller, p: { key: string; title: Title; schema: unknown; uischema?: unknown }) {
  return audited(rt, caller, FormsAuditActions.create, p.key, {}, async () => {
    checkKey(p.key);
    const ds = rt.host.ds;
    const clash = (await formsByKey(ds, p.key, [...caller.chain, GLOBAL_SCOPE]))[0] ?? await keyUsedUnder(ds, p.key, caller.path!);
    if (clash) throw FormsErrors.FORM_KEY_TAKEN({ key: p.key, owner: ownerOf(clash) });
    checkFormDocument(p, rt.limits, rt.validators);
    const uischema = p.uischema ?? null;
    try {
      const form = await ds.transaction(async (m) => {
        const f = await insertForm(m, { key: p.key, scope: caller.jurisdiction!, pluginId: null, by: caller.rc.principal.id });
        await insertVersion(m, { formId: f.id, version: 1, state: "draft", title: p.title, schema: p.schema, uischema, contentHash: hashOf(p.title, p.schema, uischema), by: caller.rc.principal.id });
        return f;
      });
      return versionView(form, (await versionOf(ds, form.id, 1))!);
    } catch (err) {
      if (isDuplicateKey(err)) throw FormsErrors.FORM_KEY_TAKEN({ key: p.key, owner: `jurisdiction:${caller.jurisdiction}` });
      throw err;
    }
  });
}

export async function saveDraft(rt: FormsRuntime, caller: Caller, p: { key: string; title?: Title; schema?: unknown; uischema?: unknown; version?: number }) {
  return audited(rt, caller, FormsAuditActions.draft, p.key, { version: p.version ?? null }, async () => {
    const ds = rt.host.ds;
    const form = await ownForm(rt, caller, p.key);
    const latest = (await latestVersion(ds, form.id))!;
    // `version` names what the edit is based on: the latest (a draft is rewritten, a published one
    // gets a new draft after it). An older version is published and can never change.
    if (p.version !== undefined && p.version !== latest.version) {
      const named = await versionOf(ds, form.id, p.version);
      if (!named) throw FormsErrors.FORM_VERSION_NOT_FOUND({ key: p.key, version: p.version });
      if (named.state === "published") throw FormsErrors.FORM_VERSION_IMMUTABLE({ key: p.key, version: p.version });
    }
    const next = {
      title: p.title ?? latest.title,
      schema: (p.schema ?? latest.schema) as Record<string, unknown>,
      uischema: (p.uischema === undefined ? latest.uischema : p.uischema) as Record<string, unknown> | null,
    };
    checkFormDocument(next, rt.limits, rt.validators);
    const contentHash = hashOf(next.title, next.schema, next.uischema);
    let version = latest.version;
    if (latest.state === "draft") await updateDraft(ds, latest.id, { ...next, contentHash });
    else {
      version = latest.version + 1;
      try {
        await insertVersion(ds, { formId: form.id, version, state: "draft", ...next, contentHash, by: caller.rc.principal.id });
      } catch (err) {
        if (isDuplicateKey(err)) throw FormsErrors.FORM_CHANGED_CONCURRENTLY({ key: p.key });
        throw err;
      }
    }
    return versionView(form, (await versionOf(ds, form.id, version))!);
  });
}

export async function publish(rt: FormsRuntime, caller: Caller, key: string) {
  return audited(rt, caller, FormsAuditActions.publish, key, {}, async () => {
    const ds = rt.host.ds;
    const form = await ownForm(rt, caller, key);
    const draft = await latestSummary(ds, form.id);
    if (!draft || draft.state !== "draft") throw FormsErrors.FORM_NO_DRAFT({ key });
    await publishDraft(ds, draft.id, caller.rc.principal.id);
    return versionView(form, (await versionOf(ds, form.id, draft.version))!);
  });
}

/** Versions the caller may read: all of its own form's, the published ones of anyone else's. */
function readable(caller: Caller, form: FormRow, v: { state: string }): boolean {
  return form.scope === caller.jurisdiction || v.state === "published";
}

export async function listVersions(rt: FormsRuntime, caller: Caller, key: string) {
  const form = await requireForm(rt, caller, key);
  const all = await versionSummaries(rt.host.ds, form.id);
  return { key, owner: ownerView(form), versions: all.filter((v) => readable(caller, form, v)).map(versionSummaryView) };
}

async function readableVersion(rt: FormsRuntime, caller: Caller, form: FormRow, version: number): Promise<VersionRow> {
  const v = await versionOf(rt.host.ds, form.id, version);
  if (!v || !readable(caller, form, v)) throw FormsErrors.FORM_VERSION_NOT_FOUND({ key: form.key, version });
  return v;
}

export async function getVersion(rt: FormsRuntime, caller: Caller, key: string, version: number) {
  const form = await requireForm(rt, caller, key);
  return versionView(form, await readableVersion(rt, caller, form, version));
}

export async function diffVersions(rt: FormsRuntime, caller: Caller, key: string, from: number, to: number) {
  const form = await requireForm(rt, caller, key);
  const a = await readableVersion(rt, caller, form, from);
  const b = await readableVersion(rt, caller, form, to);
  return { key, from, to, changes: diffForms(a, b) };
}
