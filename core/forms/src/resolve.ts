/**
 * Which form a key names for a caller, and what that form is there. The jurisdiction always
 * comes from the verified request context. A key resolves to, nearest first: the caller's own
 * form, an ancestor's published form, a plugin's base form where the plugin is enabled. Anything
 * else — another branch's form, a plugin not enabled here — is "not found".
 *
 * The effective form of a plugin's base form is the snapshot of the nearest extension on the
 * caller's ancestor chain (its own, else its parent's, …), or the latest published version.
 */
import type { RequestContext } from "@anju/kernel";
import { GLOBAL_SCOPE } from "./constants.js";
import { hashOf } from "./schema/canonical.js";
import { FormsErrors } from "./errors.js";
import type { FormDocument, FormsRuntime } from "./runtime.js";
import { extensionDocument, extensionsAt, extensionSummariesAt, type ExtensionRow, type ExtensionSummary } from "./store/extensions.js";
import { formsByKey, hasPublished, latestSummary, summaryOf, versionDocument, type FormRow, type VersionSummary } from "./store/forms.js";

export interface Caller {
  rc: Readonly<RequestContext>;
  /** null for the system acting for no jurisdiction. */
  jurisdiction: string | null;
  /** [self, parent, …, root]. */
  chain: string[];
  /** Materialised path (`/340000/340100/`), null for the system. */
  path: string | null;
}

export async function callerOf(rt: FormsRuntime, rc: Readonly<RequestContext>): Promise<Caller> {
  const code = rc.jurisdiction;
  if (!code) return { rc, jurisdiction: null, chain: [], path: null };
  let chain = rt.host.plugins.cache.ancestorsOf(code);
  if (!chain.length) {
    // The cache follows the tree through plugin-state reloads; a node added a moment ago may not be in it yet.
    const node = await rt.host.jurisdictions.find(code);
    chain = node ? node.path.split("/").filter(Boolean).reverse() : [code];
  }
  return { rc, jurisdiction: code, chain, path: `/${[...chain].reverse().join("/")}/` };
}

export function ownerOf(form: FormRow): string {
  return form.scope === GLOBAL_SCOPE ? `plugin:${form.pluginId}` : `jurisdiction:${form.scope}`;
}

export function isPluginForm(form: FormRow): boolean {
  return form.scope === GLOBAL_SCOPE;
}

function pluginEnabled(rt: FormsRuntime, caller: Caller, form: FormRow): boolean {
  if (!caller.jurisdiction) return true;
  return !!form.pluginId && rt.host.plugins.cache.isEnabled(form.pluginId, caller.jurisdiction);
}

/** The form `key` names for this caller, or null. */
export async function findForm(rt: FormsRuntime, caller: Caller, key: string): Promise<FormRow | null> {
  const found = await formsByKey(rt.host.ds, key, [...caller.chain, GLOBAL_SCOPE]);
  const owned = found.filter((f) => f.scope !== GLOBAL_SCOPE).sort((a, b) => caller.chain.indexOf(a.scope) - caller.chain.indexOf(b.scope));
  for (const form of owned) {
    if (form.scope === caller.jurisdiction) return form;
    // An ancestor's drafts are its own business: its form is visible below once published.
    if (await hasPublished(rt.host.ds, form.id)) return form;
  }
  const global = found.find((f) => f.scope === GLOBAL_SCOPE);
  return global && pluginEnabled(rt, caller, global) ? global : null;
}

export async function requireForm(rt: FormsRuntime, caller: Caller, key: string): Promise<FormRow> {
  const form = await findForm(rt, caller, key);
  if (!form) throw FormsErrors.FORM_NOT_FOUND({ key });
  return form;
}

export interface Effective {
  form: FormRow;
  /** The base version the form is built on (the one a submission records). */
  version: VersionSummary;
  extension: ExtensionSummary | null;
  /** Key of the compiled validator and the parsed schema: a published version or an extension snapshot never changes. */
  cacheKey: string;
  /** Hash of the effective definition, recorded on submissions. */
  definitionHash: string;
}

/** The nearest extension on the chain, whole (to build on it). */
export async function nearestExtension(rt: FormsRuntime, caller: Caller, form: FormRow, chain = caller.chain): Promise<ExtensionRow | null> {
  if (!isPluginForm(form) || !chain.length) return null;
  const found = await extensionsAt(rt.host.ds, form.id, chain);
  found.sort((a, b) => chain.indexOf(a.jurisdiction) - chain.indexOf(b.jurisdiction));
  return found[0] ?? null;
}

/** Which version and extension are in force for the caller, without reading any schema. */
export async function effectiveForm(rt: FormsRuntime, caller: Caller, form: FormRow): Promise<Effective> {
  if (isPluginForm(form) && caller.chain.length) {
    const found = await extensionSummariesAt(rt.host.ds, form.id, caller.chain);
    found.sort((a, b) => caller.chain.indexOf(a.jurisdiction) - caller.chain.indexOf(b.jurisdiction));
    const ext = found[0];
    const version = ext ? await summaryOf(rt.host.ds, form.id, ext.baseVersion) : null;
    if (ext && version) return { form, version, extension: ext, cacheKey: `x:${ext.hash}`, definitionHash: ext.hash };
  }
  const version = await latestSummary(rt.host.ds, form.id, "published");
  if (!version) throw FormsErrors.FORM_NOT_PUBLISHED({ key: form.key });
  return { form, version, extension: null, cacheKey: `v:${version.id}`, definitionHash: version.contentHash };
}

const DOCUMENTS_KEPT = 200;

/**
 * The effective schema and UI schema, parsed once per version or snapshot; null when the
 * extension was rewritten between reading its state and its snapshot (the caller reads again).
 */
export async function effectiveDocument(rt: FormsRuntime, eff: Effective): Promise<FormDocument | null> {
  const cached = rt.documents.get(eff.cacheKey);
  if (cached) return cached;
  const doc = eff.extension ? await extensionDocument(rt.host.ds, eff.extension.id) : await versionDocument(rt.host.ds, eff.version.id);
  if (!doc || (eff.extension && hashOf(doc.schema, doc.uischema) !== eff.extension.hash)) return null;
  rt.documents.set(eff.cacheKey, doc);
  if (rt.documents.size > DOCUMENTS_KEPT) rt.documents.delete(rt.documents.keys().next().value as string);
  return doc;
}

/** The effective form together with its document, consistent with each other. */
export async function effectiveWithDocument(rt: FormsRuntime, caller: Caller, form: FormRow): Promise<{ eff: Effective; doc: FormDocument }> {
  for (let attempt = 0; ; attempt++) {
    const eff = await effectiveForm(rt, caller, form);
    const doc = await effectiveDocument(rt, eff);
    if (doc) return { eff, doc };
    if (attempt >= 2) throw FormsErrors.FORM_NOT_FOUND({ key: form.key });
  }
}
