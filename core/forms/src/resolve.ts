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
import { FormsErrors } from "./errors.js";
import type { FormsRuntime } from "./runtime.js";
import { extensionsAt, type ExtensionRow } from "./store/extensions.js";
import { formsByKey, latestVersion, versionOf, type FormRow, type VersionRow } from "./store/forms.js";

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
    if (await latestVersion(rt.host.ds, form.id, "published")) return form;
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
  version: VersionRow;
  schema: Record<string, unknown>;
  uischema: Record<string, unknown> | null;
  /** Key of the compiled validator: a published version or an extension snapshot never changes. */
  cacheKey: string;
  extension: ExtensionRow | null;
}

/** The nearest extension on the caller's chain. */
export async function nearestExtension(rt: FormsRuntime, caller: Caller, form: FormRow, chain = caller.chain): Promise<ExtensionRow | null> {
  if (!isPluginForm(form) || !chain.length) return null;
  const found = await extensionsAt(rt.host.ds, form.id, chain);
  found.sort((a, b) => chain.indexOf(a.jurisdiction) - chain.indexOf(b.jurisdiction));
  return found[0] ?? null;
}

export async function effectiveForm(rt: FormsRuntime, caller: Caller, form: FormRow): Promise<Effective> {
  const ext = await nearestExtension(rt, caller, form);
  if (ext) {
    const version = await versionOf(rt.host.ds, form.id, ext.baseVersion);
    if (version) return { form, version, schema: ext.schema, uischema: ext.uischema, cacheKey: `x:${ext.hash}`, extension: ext };
  }
  const version = await latestVersion(rt.host.ds, form.id, "published");
  if (!version) throw FormsErrors.FORM_NOT_PUBLISHED({ key: form.key });
  return { form, version, schema: version.schema, uischema: version.uischema, cacheKey: `v:${version.id}`, extension: null };
}
