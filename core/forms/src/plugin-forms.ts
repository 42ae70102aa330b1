/**
 * Plugins' default forms. A manifest lists JSON files (`"anju": { "forms": ["forms/x.json"] }`,
 * relative to the plugin folder), each `{ key, title: {zh-CN, en}, schema, uischema? }`. Every
 * loaded plugin's forms are installed as global base forms, published as the plugin's version;
 * an upgrade whose form differs publishes the next version and re-applies the jurisdictions'
 * extensions to it. Runs at start and whenever the loaded plugins change (the same pattern as
 * RBAC's plugin policies): idempotent, so any node may run it, and one bad file never stops the
 * others — it is logged, audited and listed (GET /api/forms/conflicts → pluginForms).
 */
import fs from "node:fs";
import path from "node:path";
import { KEY_PATTERN, FormsAuditActions, GLOBAL_SCOPE } from "./constants.js";
import { auditEvent } from "./audit.js";
import { isDuplicateKey } from "./db.js";
import { FormsErrors } from "./errors.js";
import { reconcileExtensions } from "./extension/extensions.js";
import { hashOf, isPlainObject } from "./schema/canonical.js";
import { checkFormDocument } from "./schema/check.js";
import type { FormsRuntime, PluginFormProblem } from "./runtime.js";
import { insertForm, insertVersion, latestSummary, pluginForm, type FormRow } from "./store/forms.js";
import { rows } from "./db.js";

const keyRe = new RegExp(KEY_PATTERN);

export interface PluginFormFile { key: string; title: { "zh-CN": string; en: string }; schema: Record<string, unknown>; uischema: Record<string, unknown> | null }

function invalid(plugin: string, file: string, reason: string): never {
  throw FormsErrors.FORM_PLUGIN_FORM_INVALID({ plugin, file, reason });
}

export function readPluginForm(plugin: string, dir: string, file: string): PluginFormFile {
  const full = path.resolve(dir, file);
  if (!full.startsWith(path.resolve(dir) + path.sep)) invalid(plugin, file, "路径不在插件目录内 / path leaves the plugin folder");
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(full, "utf8"));
  } catch (err) {
    invalid(plugin, file, (err as Error).message);
  }
  if (!isPlainObject(raw)) invalid(plugin, file, "应为对象 / must be an object");
  const { key, title, schema, uischema } = raw;
  if (typeof key !== "string" || !keyRe.test(key)) invalid(plugin, file, `key ${String(key)} 格式无效 / invalid key`);
  if (!isPlainObject(title) || typeof title["zh-CN"] !== "string" || typeof title.en !== "string") invalid(plugin, file, "title 需有 zh-CN 与 en / title needs zh-CN and en");
  return { key, title: { "zh-CN": title["zh-CN"] as string, en: title.en as string }, schema: schema as Record<string, unknown>, uischema: isPlainObject(uischema) ? uischema : null };
}

function problemOf(plugin: string, file: string, err: unknown): PluginFormProblem {
  const e = err as { type?: string; messages?: PluginFormProblem["message"]; message?: string };
  return { plugin, file, code: e.type ?? "INTERNAL", message: e.messages ?? { "zh-CN": String(e.message), en: String(e.message) } };
}

/** Install or upgrade one plugin form; returns the form when a new version was published. */
async function installOne(rt: FormsRuntime, plugin: string, pluginVersion: string, def: PluginFormFile): Promise<FormRow | null> {
  checkFormDocument(def, rt.limits, rt.validators);
  const ds = rt.host.ds;
  const owned = await rows<{ scope: string }>(ds, "SELECT scope FROM `anju_form` WHERE form_key = ? AND scope <> ?", [def.key, GLOBAL_SCOPE]);
  if (owned.length) throw FormsErrors.FORM_KEY_TAKEN({ key: def.key, owner: `jurisdiction:${owned[0].scope}` });
  let form = await pluginForm(ds, def.key);
  if (form && form.pluginId !== plugin) throw FormsErrors.FORM_KEY_TAKEN({ key: def.key, owner: `plugin:${form.pluginId}` });
  const contentHash = hashOf(def.title, def.schema, def.uischema);
  const latest = form ? await latestSummary(ds, form.id) : null;
  if (latest && latest.contentHash === contentHash) return null;
  try {
    await ds.transaction(async (m) => {
      form ??= await insertForm(m, { key: def.key, scope: GLOBAL_SCOPE, pluginId: plugin, by: `plugin:${plugin}` });
      await insertVersion(m, {
        formId: form.id, version: (latest?.version ?? 0) + 1, state: "published", title: def.title,
        schema: def.schema, uischema: def.uischema, contentHash, pluginVersion, by: `plugin:${plugin}`,
      });
    });
  } catch (err) {
    // Another node installed the same version a moment earlier.
    if (isDuplicateKey(err)) return null;
    throw err;
  }
  return form;
}

export async function reconcilePluginForms(rt: FormsRuntime): Promise<void> {
  const problems: PluginFormProblem[] = [];
  for (const loaded of rt.host.plugins.loadedPlugins()) {
    const { id, version, forms } = loaded.pkg.manifest;
    for (const file of forms ?? []) {
      try {
        const def = readPluginForm(id, loaded.pkg.dir, file);
        const form = await installOne(rt, id, version, def);
        if (!form) continue;
        const latest = await latestSummary(rt.host.ds, form.id);
        await rt.host.audit(auditEvent(null, FormsAuditActions.pluginForm, def.key, "success", { plugin: id, pluginVersion: version, version: latest?.version }));
        await reconcileExtensions(rt, form);
      } catch (err) {
        const problem = problemOf(id, file, err);
        problems.push(problem);
        rt.host.logger.warn(`插件 ${id} 的表单 ${file} 未安装 / plugin form not installed: ${problem.code} ${problem.message.en}`);
        await rt.host.audit(auditEvent(null, FormsAuditActions.pluginForm, `${id}:${file}`, "failure", { plugin: id, error: problem.code })).catch(() => undefined);
      }
    }
  }
  rt.pluginProblems = problems;
}

/** Serialised: a reconciliation never overlaps another on the same node. */
export function scheduleReconcile(rt: FormsRuntime): Promise<void> {
  const next = rt.reconciling.catch(() => undefined).then(() => reconcilePluginForms(rt));
  rt.reconciling = next.catch((err: Error) => rt.host.logger.error(`插件表单同步失败 / plugin form sync failed: ${err.message}`));
  return rt.reconciling as Promise<void>;
}
