/**
 * The plugin lifecycle, with state in the database:
 *   install (migrations + hook) → enable(jurisdiction) / disable(jurisdiction) → upgrade → uninstall.
 * Each step runs its hook inside a transaction together with its state change; a hook that
 * throws rolls that back (and reverts migrations this step applied), and the plugin is left
 * visibly `failed` with the error. Every change bumps a generation counter and is broadcast,
 * so other nodes and processes (the CLI) converge without a restart.
 */
import fs from "node:fs";
import path from "node:path";
import semver from "semver";
import type { ServiceBroker, Logger } from "moleculer";
import type { DataSource, QueryRunner } from "typeorm";
import { asSystem, dbTimestamp, runInTransaction, runMigrations, revertMigrations, kindOf } from "@anju/data";
import type { AnjuError } from "@anju/errors";
import type { AnjuConfig } from "../config/types.js";
import { KernelErrors } from "../errors/catalogue.js";
import type { JurisdictionStore } from "../jurisdictions/store.js";
import { discoverPlugins } from "./discovery.js";
import { InFlight } from "./gate.js";
import { readPluginPackage, type PluginPackage } from "./manifest.js";
import { linkHostModules, loadPluginModule } from "./loader.js";
import { dependentsOf, resolveOrder, topoSort } from "./resolve.js";
import { registerEntities, startPluginServices, stopPluginServices, type LoadedPlugin } from "./runtime.js";
import { mergeSettings, validateSettings, type SettingsLayer } from "./settings.js";
import { PluginStateCache } from "./state-cache.js";
import type { DemoContext, HookContext, PluginDefinition, PluginManifest } from "./types.js";
import type { AuditEvent, PluginRuntimeInfo } from "../modules.js";

export const PLUGINS_CHANGED_EVENT = "anju.plugins.changed";
const GENERATION_KEY = "plugins.generation";

export interface InstalledRow { id: string; version: string; kind: string; state: string; error: string | null; manifest: string; source: string; signature: string | null }

/**
 * Where an installed plugin's package came from. Packages from outside the host's own plugin
 * folders must carry a signature by a trusted vendor key; the development override installs
 * them anyway and says so here (and in the audit trail).
 */
export type PackageSignature =
  | { status: "verified"; vendor: string; fingerprint: string; verifiedAt: string }
  | { status: "builtin" }
  | { status: "unsigned-override"; code: string; reason: string };

export interface PluginInfo {
  id: string;
  displayName: PluginManifest["displayName"];
  kind: string;
  vendor?: string;
  requires: Record<string, string>;
  state: "available" | "installed" | "failed";
  error: string | null;
  installedVersion: string | null;
  availableVersion: string | null;
  source: string | null;
  loaded: boolean;
  /** Installed: as recorded at install/upgrade (null for plugins installed before signing existed). Available: builtin when found in the host's plugin folders. */
  signature: PackageSignature | null;
  /** Explicit enable/disable rows; descendants inherit them. */
  jurisdictions: Array<{ jurisdiction: string; enabled: boolean }>;
  /** Run-time state from the host module that runs the plugin (driver processes); null when none does. */
  runtime?: PluginRuntimeInfo | null;
}

export interface ManagerDeps {
  ds: DataSource;
  broker: ServiceBroker;
  config: Readonly<AnjuConfig>;
  jurisdictions: JurisdictionStore;
  logger: Logger;
  /** Where lifecycle and settings changes are recorded (the host's audit trail). */
  audit?: (event: AuditEvent) => Promise<void>;
  /** Host modules' checks of a plugin's code against its manifest (e.g. declared PI is encrypted). */
  checks?: PluginCheck[];
  /** Signature check of a package from outside (the packaging module); throws a coded error to refuse. */
  verifyPackage?: (dir: string) => Promise<{ vendor: string; fingerprint: string }>;
  /** Host modules' run-time view of a plugin (HostModule.pluginRuntime), first answer wins. */
  runtime?: (pluginId: string) => PluginRuntimeInfo | null;
}

/** Audit action for an install or upgrade let through by the development override. */
export const UNSIGNED_INSTALL_ACTION = "plugin.install.unsigned";

/** Throws a coded error when the plugin may not be installed or loaded. */
export type PluginCheck = (manifest: PluginManifest, def: PluginDefinition) => void | Promise<void>;

/** Who asked for a change (the system when the CLI or host code acts). */
export interface Actor { userId: string | null; ip?: string | null }
const SYSTEM_ACTOR: Actor = { userId: "system" };

export class PluginManager {
  readonly cache: PluginStateCache;
  readonly inflight = new InFlight();
  private available = new Map<string, PluginPackage>();
  private problems: Array<{ dir: string; error: AnjuError }> = [];
  private readonly loaded = new Map<string, LoadedPlugin>();
  private generation = "0";
  private poller: NodeJS.Timeout | null = null;
  private reconciling: Promise<void> = Promise.resolve();
  /** Listeners told after services change (the gateway rebuilds its routes). */
  private readonly listeners: Array<() => void | Promise<void>> = [];

  constructor(private readonly deps: ManagerDeps) {
    this.cache = new PluginStateCache(deps.ds);
  }

  // ── discovery and queries ────────────────────────────────────────────────

  discover(): void {
    const dirs = [...this.deps.config.plugins.dirs, this.deps.config.plugins.installDir].filter((d): d is string => !!d);
    const found = discoverPlugins(dirs, this.deps.config.plugins.installDir);
    this.available = found.packages;
    this.problems = found.problems;
    for (const p of found.problems) this.deps.logger.warn(`插件包无效 / invalid plugin package ${p.dir}: ${p.error.message}`);
  }

  /** Packages found but refused, with the reason in both languages (`message` is zh-CN). */
  discoveryProblems(): Array<{ dir: string; code: string; message: string; messages: { "zh-CN": string; en: string } }> {
    return this.problems.map((p) => ({
      dir: p.dir,
      code: p.error.anjuCode ?? "MANIFEST_INVALID",
      message: p.error.message,
      messages: { "zh-CN": p.error.messages?.["zh-CN"] ?? p.error.message, en: p.error.messages?.en ?? p.error.message },
    }));
  }

  onServicesChanged(fn: () => void | Promise<void>): void {
    this.listeners.push(fn);
  }

  loadedPlugins(): LoadedPlugin[] {
    return [...this.loaded.values()];
  }

  async installedRows(): Promise<Map<string, InstalledRow>> {
    const rows: InstalledRow[] = await this.deps.ds.query("SELECT id, version, kind, state, error, manifest, source, signature FROM anju_plugin");
    return new Map(rows.map((r) => [r.id, r]));
  }

  private async installedManifest(id: string): Promise<PluginManifest | undefined> {
    const row = (await this.installedRows()).get(id);
    return row && row.state === "installed" ? JSON.parse(row.manifest) as PluginManifest : undefined;
  }

  async list(): Promise<PluginInfo[]> {
    const rows = await this.installedRows();
    const enablement: Array<{ plugin_id: string; jurisdiction_code: string; enabled: number | boolean }> =
      await this.deps.ds.query("SELECT plugin_id, jurisdiction_code, enabled FROM anju_plugin_jurisdiction ORDER BY jurisdiction_code");
    const ids = new Set([...rows.keys(), ...this.available.keys()]);
    return [...ids].sort().map((id) => {
      const row = rows.get(id);
      const pkg = this.available.get(id);
      const manifest: PluginManifest = row ? JSON.parse(row.manifest) : pkg!.manifest;
      return {
        id,
        displayName: manifest.displayName,
        kind: manifest.kind,
        vendor: manifest.vendor,
        requires: manifest.requires ?? {},
        state: !row ? "available" : row.state === "failed" || row.error ? "failed" : "installed",
        error: row?.error ?? null,
        installedVersion: row?.state === "installed" ? row.version : null,
        availableVersion: pkg?.manifest.version ?? null,
        source: row?.source ?? pkg?.dir ?? null,
        loaded: this.loaded.has(id),
        signature: row?.signature ? JSON.parse(row.signature) as PackageSignature : pkg && this.isBuiltin(pkg.dir) ? { status: "builtin" } : null,
        jurisdictions: enablement.filter((e) => e.plugin_id === id).map((e) => ({ jurisdiction: e.jurisdiction_code, enabled: Boolean(Number(e.enabled)) })),
        runtime: this.runtimeOf(id),
      };
    });
  }

  /** A module's failing status hook must not take the plugin list down with it. */
  private runtimeOf(id: string): PluginRuntimeInfo | null {
    try {
      return this.deps.runtime?.(id) ?? null;
    } catch (err) {
      this.deps.logger.warn(`插件运行状态不可用 / plugin run-time state unavailable for ${id}: ${(err as Error).message}`);
      return null;
    }
  }

  private packageOf(id: string): PluginPackage {
    const pkg = this.available.get(id);
    if (!pkg) throw KernelErrors.PLUGIN_NOT_FOUND({ id });
    return pkg;
  }

  // ── start / stop / convergence ──────────────────────────────────────────

  async start(): Promise<void> {
    this.discover();
    this.generation = await this.readGeneration();
    await this.cache.reload();
    await this.reconcile();
    for (const id of this.deps.config.plugins.autoInstall) {
      const rows = await this.installedRows();
      if (!rows.has(id) && this.available.has(id)) {
        await this.install(id);
        for (const root of (await this.deps.jurisdictions.list()).filter((j) => j.parentCode === null)) {
          await this.enable(id, root.code);
        }
      }
    }
    // Other nodes' broadcasts arrive through the host's `$anju-plugin-sync` service (host.ts):
    // Moleculer's localBus only carries `$` events, so a listener there would never fire.
    this.poller = setInterval(() => { void this.poll(); }, this.deps.config.plugins.pollIntervalMs);
    this.poller.unref();
  }

  async stop(): Promise<void> {
    if (this.poller) clearInterval(this.poller);
    this.poller = null;
    await this.reconciling.catch(() => undefined);
  }

  private async readGeneration(): Promise<string> {
    const rows: Array<{ value: string }> = await this.deps.ds.query("SELECT value FROM anju_meta WHERE `key` = ?".replace(/`/g, kindOf(this.deps.ds) === "mysql" ? "`" : '"'), [GENERATION_KEY]);
    return rows[0]?.value ?? "0";
  }

  private async poll(): Promise<void> {
    try {
      const gen = await this.readGeneration();
      if (gen !== this.generation) await this.refresh();
    } catch (err) {
      this.deps.logger.warn(`plugin state poll failed: ${(err as Error).message}`);
    }
  }

  /** Re-read state and bring this node's services in line with it. Serialised. */
  refresh(): Promise<void> {
    this.reconciling = this.reconciling.catch(() => undefined).then(async () => {
      this.generation = await this.readGeneration();
      this.discover();
      await this.cache.reload();
      await this.reconcile();
    });
    return this.reconciling;
  }

  private shouldLoad(id: string): boolean {
    const only = this.deps.config.plugins.load;
    return !only || only.includes(id);
  }

  private async reconcile(): Promise<void> {
    const rows = await this.installedRows();
    let changed = false;
    for (const [id, loaded] of this.loaded) {
      const row = rows.get(id);
      if (!row || row.state !== "installed" || row.version !== loaded.pkg.manifest.version) {
        await this.unload(id);
        changed = true;
      }
    }
    const manifests = [...rows.values()].filter((r) => r.state === "installed").map((r) => JSON.parse(r.manifest) as PluginManifest);
    let ordered: PluginManifest[] = manifests;
    try { ordered = topoSort(manifests); } catch { /* load in any order; the gate still guards */ }
    for (const m of ordered) {
      if (this.loaded.has(m.id) || !this.shouldLoad(m.id)) continue;
      const row = rows.get(m.id)!;
      try {
        const pkg = this.available.get(m.id)?.manifest.version === m.version ? this.available.get(m.id)! : readPluginPackage(row.source);
        await this.load(pkg);
        changed = true;
      } catch (err) {
        this.deps.logger.error(`插件 ${m.id} 加载失败 / plugin failed to load: ${(err as Error).message}`);
        await this.markFailed(m.id, err as Error);
      }
    }
    if (changed) for (const fn of this.listeners) await fn();
  }

  private async load(pkg: PluginPackage, def?: PluginDefinition): Promise<LoadedPlugin> {
    const definition = def ?? await this.loadDefinition(pkg);
    await registerEntities(this.deps.ds, definition.entities ?? []);
    const services = this.shouldLoad(pkg.manifest.id)
      ? await startPluginServices(this.deps.broker, pkg, definition, this.deps.config.broker.requestTimeout)
      : [];
    const loaded = { pkg, def: definition, services };
    this.loaded.set(pkg.manifest.id, loaded);
    return loaded;
  }

  /** The plugin's code, checked by every host module that checks plugins. */
  private async loadDefinition(pkg: PluginPackage): Promise<PluginDefinition> {
    const def = await loadPluginModule(pkg);
    for (const check of this.deps.checks ?? []) await check(pkg.manifest, def);
    return def;
  }

  private async unload(id: string): Promise<void> {
    const loaded = this.loaded.get(id);
    if (!loaded) return;
    this.loaded.delete(id);
    await stopPluginServices(this.deps.broker, loaded, this.inflight, this.deps.config.broker.requestTimeout);
  }

  /** Host state outside the manager changed (the jurisdiction tree): tell every node. */
  notifyChanged(): Promise<void> {
    return this.changed();
  }

  /** Record a change: bump the generation (other processes poll it) and tell other nodes. */
  private async changed(): Promise<void> {
    const next = String(Number(await this.readGeneration()) + 1);
    const q = kindOf(this.deps.ds) === "mysql" ? "`" : '"';
    await this.deps.ds.query(`DELETE FROM anju_meta WHERE ${q}key${q} = ?`, [GENERATION_KEY]);
    await this.deps.ds.query(`INSERT INTO anju_meta (${q}key${q}, value) VALUES (?, ?)`, [GENERATION_KEY, next]);
    this.generation = next;
    await this.cache.reload();
    await this.reconcile();
    this.deps.broker.broadcast(PLUGINS_CHANGED_EVENT, { generation: next, node: this.deps.broker.nodeID }).catch(() => undefined);
  }

  private async markFailed(id: string, err: Error): Promise<void> {
    const message = (err as AnjuError).messages?.["zh-CN"] ?? err.message;
    // Only the error is set: an installed plugin whose hook failed stays installed (its tables
    // exist) but shows as failed until the next successful lifecycle step clears it.
    await this.deps.ds.query("UPDATE anju_plugin SET error = ?, updated_at = ? WHERE id = ?", [message.slice(0, 4000), dbTimestamp(), id]);
  }

  /** Run a hook and its state change in one transaction. */
  private async inTransaction(id: string, hookName: string, work: (qr: QueryRunner) => Promise<void>): Promise<void> {
    // Queued and re-entrant (@anju/data): a hook that opens a transaction of its own joins this one.
    await runInTransaction(this.deps.ds, (m) => asSystem(`plugin ${id} ${hookName}`, () => work(m.queryRunner!)));
  }

  private hookContext(pkg: PluginPackage, qr: QueryRunner): HookContext {
    return { pluginId: pkg.manifest.id, manifest: pkg.manifest, ds: this.deps.ds, qr, broker: this.deps.broker, logger: this.deps.logger };
  }

  private hookError(id: string, hook: string, err: unknown): AnjuError {
    if ((err as AnjuError).anjuCode && (err as AnjuError).anjuCode !== "INTERNAL") return err as AnjuError;
    return KernelErrors.PLUGIN_HOOK_FAILED({ id, hook, error: (err as Error).message });
  }

  /** Run a lifecycle step and record it, whether it succeeded or failed. */
  private async audited<T>(action: string, object: string, jurisdiction: string | null, actor: Actor, detail: Record<string, unknown>, fn: () => Promise<T>): Promise<T> {
    const record = (result: "success" | "failure", extra: Record<string, unknown> = {}) =>
      this.deps.audit?.({ action, object, result, userId: actor.userId, ip: actor.ip ?? null, jurisdiction, detail: { ...detail, ...extra } });
    let value: T;
    try {
      value = await fn();
    } catch (err) {
      await record("failure", { error: (err as AnjuError).anjuCode ?? "INTERNAL" });
      throw err;
    }
    await record("success");
    return value;
  }

  // ── package signatures ──────────────────────────────────────────────────

  private static within(dir: string, root: string): boolean {
    const real = (p: string) => { try { return fs.realpathSync(p); } catch { return path.resolve(p); } };
    const d = real(dir);
    const r = real(root);
    return d === r || d.startsWith(r + path.sep);
  }

  /** Shipped with the host: in one of its configured plugin folders (not the install folder, which holds outside packages). */
  private isBuiltin(dir: string): boolean {
    const { dirs, installDir } = this.deps.config.plugins;
    if (installDir && PluginManager.within(dir, installDir)) return false;
    return dirs.some((root) => PluginManager.within(dir, root));
  }

  /**
   * Check a package before any of its code is loaded: built-in packages pass, others must verify.
   * Under the development override a refusal is recorded and the package let through.
   */
  private async signatureOf(pkg: PluginPackage, actor: Actor, files: string = pkg.dir): Promise<PackageSignature> {
    if (this.isBuiltin(pkg.dir)) return { status: "builtin" };
    try {
      if (!this.deps.verifyPackage) throw KernelErrors.PLUGIN_SIGNATURE_UNVERIFIABLE({ id: pkg.manifest.id });
      const v = await this.deps.verifyPackage(files);
      return { status: "verified", vendor: v.vendor, fingerprint: v.fingerprint, verifiedAt: new Date().toISOString() };
    } catch (err) {
      if (this.deps.config.plugins.allowUnsigned !== true) throw err;
      const e = err as AnjuError;
      const signature: PackageSignature = { status: "unsigned-override", code: e.anjuCode ?? "INTERNAL", reason: e.messages?.["zh-CN"] ?? e.message };
      this.deps.logger.warn(`开发模式：安装未通过签名校验的插件 ${pkg.manifest.id} / development override: installing ${pkg.manifest.id} without a valid signature (${signature.code})`);
      await this.deps.audit?.({
        action: UNSIGNED_INSTALL_ACTION, object: pkg.manifest.id, result: "success", userId: actor.userId, ip: actor.ip ?? null, jurisdiction: null,
        detail: { version: pkg.manifest.version, code: signature.code, reason: signature.reason.slice(0, 500) },
      });
      return signature;
    }
  }

  /**
   * Copy a package into the install folder as `name`. The copy is what gets verified (the
   * files that will run, not a source that could still change), in a hidden staging folder
   * discovery skips; only a package that passes takes its place, so a refused one leaves nothing.
   */
  private async stageVerified(pkg: PluginPackage, name: string, actor: Actor): Promise<{ pkg: PluginPackage; signature: PackageSignature }> {
    const installDir = this.deps.config.plugins.installDir!;
    const target = path.join(installDir, name);
    if (fs.realpathSync(pkg.dir) === path.resolve(target)) return { pkg, signature: await this.signatureOf(pkg, actor) };
    const staging = path.join(installDir, `.staging-${name}-${process.pid}-${Date.now()}`);
    fs.mkdirSync(installDir, { recursive: true });
    try {
      fs.cpSync(pkg.dir, staging, { recursive: true, filter: (src) => !src.includes(`${path.sep}node_modules`) });
      const signature = await this.signatureOf(pkg, actor, staging);
      fs.rmSync(target, { recursive: true, force: true });
      fs.renameSync(staging, target);
      linkHostModules(installDir);
      return { pkg: { manifest: pkg.manifest, dir: target }, signature };
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }

  // ── lifecycle ───────────────────────────────────────────────────────────

  /** Install a discovered plugin, installing the plugins it requires first. */
  async install(id: string, actor: Actor = SYSTEM_ACTOR): Promise<{ installed: string[] }> {
    return this.audited("plugin.install", id, null, actor, {}, () => this.doInstall(id, actor));
  }

  /** `presigned`: packages already verified by the caller (a folder checked before it was copied). */
  private async doInstall(id: string, actor: Actor, presigned: Map<string, PackageSignature> = new Map()): Promise<{ installed: string[] }> {
    this.discover();
    const rows = await this.installedRows();
    const existing = rows.get(id);
    if (existing?.state === "installed") throw KernelErrors.PLUGIN_ALREADY_INSTALLED({ id, version: existing.version });
    const pkg = this.packageOf(id);
    const lookup = (x: string) => (x === id ? pkg.manifest : (rows.get(x)?.state === "installed" ? JSON.parse(rows.get(x)!.manifest) : this.available.get(x)?.manifest));
    const order = resolveOrder(id, lookup);
    const installed: string[] = [];
    for (const dep of order) {
      if (rows.get(dep)?.state === "installed") continue;
      const depPkg = this.packageOf(dep);
      await this.installOne(depPkg, rows.has(dep), presigned.get(dep) ?? await this.signatureOf(depPkg, actor));
      installed.push(dep);
    }
    await this.changed();
    return { installed };
  }

  private async installOne(pkg: PluginPackage, rowExists: boolean, signature: PackageSignature): Promise<void> {
    const { id, version, kind } = pkg.manifest;
    let def: PluginDefinition;
    try {
      def = await this.loadDefinition(pkg);
    } catch (err) {
      await this.recordFailedInstall(pkg, rowExists, err as Error);
      throw err;
    }
    await registerEntities(this.deps.ds, def.entities ?? []);
    let applied: string[] = [];
    try {
      applied = (await runMigrations(this.deps.ds, id, def.migrations ?? [])).applied;
      await this.inTransaction(id, "install", async (qr) => {
        await def.hooks?.install?.(this.hookContext(pkg, qr));
        const now = dbTimestamp();
        if (rowExists) await qr.query("DELETE FROM anju_plugin WHERE id = ?", [id]);
        await qr.query(
          "INSERT INTO anju_plugin (id, version, kind, state, error, manifest, source, signature, installed_at, updated_at) VALUES (?, ?, ?, 'installed', NULL, ?, ?, ?, ?, ?)",
          [id, version, kind, JSON.stringify(pkg.manifest), pkg.dir, JSON.stringify(signature), now, now]);
      });
    } catch (err) {
      const partial = (err as { applied?: string[] }).applied ?? [];
      await revertMigrations(this.deps.ds, id, def.migrations ?? [], [...applied, ...partial]).catch((e) => this.deps.logger.error(`revert failed: ${(e as Error).message}`));
      const error = this.hookError(id, "install", err);
      await this.recordFailedInstall(pkg, rowExists, error);
      throw error;
    }
  }

  private async recordFailedInstall(pkg: PluginPackage, rowExists: boolean, err: Error): Promise<void> {
    const now = dbTimestamp();
    const message = ((err as AnjuError).messages?.["zh-CN"] ?? err.message).slice(0, 4000);
    if (rowExists) await this.deps.ds.query("UPDATE anju_plugin SET state = 'failed', error = ?, updated_at = ? WHERE id = ?", [message, now, pkg.manifest.id]);
    else await this.deps.ds.query(
      "INSERT INTO anju_plugin (id, version, kind, state, error, manifest, source, installed_at, updated_at) VALUES (?, ?, ?, 'failed', ?, ?, ?, ?, ?)",
      [pkg.manifest.id, pkg.manifest.version, pkg.manifest.kind, message, JSON.stringify(pkg.manifest), pkg.dir, now, now]);
    await this.changed().catch(() => undefined);
  }

  /** Copy a plugin package folder into the install folder (verified, see stageVerified), then install it. */
  async installFromDir(dir: string, actor: Actor = SYSTEM_ACTOR): Promise<{ installed: string[]; id: string }> {
    const pkg = readPluginPackage(path.resolve(dir));
    return this.audited("plugin.install", pkg.manifest.id, null, actor, { from: "package" }, () => this.doInstallFromDir(pkg, actor));
  }

  private async doInstallFromDir(pkg: PluginPackage, actor: Actor): Promise<{ installed: string[]; id: string }> {
    const rows = await this.installedRows();
    if (rows.get(pkg.manifest.id)?.state === "installed") throw KernelErrors.PLUGIN_ALREADY_INSTALLED({ id: pkg.manifest.id, version: rows.get(pkg.manifest.id)!.version });
    const known = this.available.get(pkg.manifest.id);
    if (known && fs.realpathSync(known.dir) !== fs.realpathSync(pkg.dir) && !known.dir.startsWith(this.deps.config.plugins.installDir!)) {
      throw KernelErrors.PLUGIN_DUPLICATE_ID({ id: pkg.manifest.id, sources: [known.dir, pkg.dir] });
    }
    const { signature } = await this.stageVerified(pkg, pkg.manifest.id, actor);
    const result = await this.doInstall(pkg.manifest.id, actor, new Map([[pkg.manifest.id, signature]]));
    return { ...result, id: pkg.manifest.id };
  }

  /** Enable for a jurisdiction (and its subtree), enabling what it requires there too. */
  async enable(id: string, jurisdiction: string, actor: Actor = SYSTEM_ACTOR): Promise<{ enabled: string[] }> {
    return this.audited("plugin.enable", id, jurisdiction, actor, {}, () => this.doEnable(id, jurisdiction));
  }

  private async doEnable(id: string, jurisdiction: string): Promise<{ enabled: string[] }> {
    await this.deps.jurisdictions.get(jurisdiction);
    const rows = await this.installedRows();
    const manifestOf = (x: string) => (rows.get(x)?.state === "installed" ? JSON.parse(rows.get(x)!.manifest) as PluginManifest : undefined);
    if (!rows.has(id)) throw KernelErrors.PLUGIN_NOT_INSTALLED({ id });
    if (rows.get(id)!.state !== "installed") throw KernelErrors.PLUGIN_NOT_INSTALLED({ id });
    const order = resolveOrder(id, manifestOf);
    await this.cache.reload();
    const enabled: string[] = [];
    for (const pid of order) {
      if (this.cache.isEnabled(pid, jurisdiction)) continue;
      const loaded = this.loaded.get(pid);
      const pkg = loaded?.pkg ?? readPluginPackage(rows.get(pid)!.source);
      const def = loaded?.def ?? await loadPluginModule(pkg);
      try {
        await this.inTransaction(pid, "enable", async (qr) => {
          await qr.query("DELETE FROM anju_plugin_jurisdiction WHERE plugin_id = ? AND jurisdiction_code = ?", [pid, jurisdiction]);
          await qr.query("INSERT INTO anju_plugin_jurisdiction (plugin_id, jurisdiction_code, enabled, updated_at) VALUES (?, ?, ?, ?)", [pid, jurisdiction, true, dbTimestamp()]);
          await def.hooks?.enable?.({ ...this.hookContext(pkg, qr), jurisdiction });
        });
      } catch (err) {
        const error = this.hookError(pid, "enable", err);
        await this.markFailed(pid, error);
        await this.changed();
        throw error;
      }
      enabled.push(pid);
    }
    await this.clearFailure(id);
    await this.changed();
    return { enabled };
  }

  /** Disable for a jurisdiction (and its subtree). Refused while a dependent is enabled there. */
  async disable(id: string, jurisdiction: string, actor: Actor = SYSTEM_ACTOR): Promise<{ disabled: string[] }> {
    return this.audited("plugin.disable", id, jurisdiction, actor, {}, () => this.doDisable(id, jurisdiction));
  }

  private async doDisable(id: string, jurisdiction: string): Promise<{ disabled: string[] }> {
    await this.deps.jurisdictions.get(jurisdiction);
    const rows = await this.installedRows();
    if (!rows.has(id)) throw KernelErrors.PLUGIN_NOT_INSTALLED({ id });
    await this.cache.reload();
    const installed = [...rows.values()].filter((r) => r.state === "installed").map((r) => JSON.parse(r.manifest) as PluginManifest);
    const blocking = dependentsOf(id, installed).filter((d) => this.cache.isEnabled(d, jurisdiction));
    if (blocking.length) throw KernelErrors.PLUGIN_REQUIRED_BY({ id, dependents: blocking });
    if (!this.cache.isEnabled(id, jurisdiction)) return { disabled: [] };
    const loaded = this.loaded.get(id);
    const pkg = loaded?.pkg ?? readPluginPackage(rows.get(id)!.source);
    const def = loaded?.def ?? await loadPluginModule(pkg);
    const parent = (await this.deps.jurisdictions.get(jurisdiction)).parentCode;
    const inheritsEnabled = parent ? this.cache.isEnabled(id, parent) : false;
    try {
      await this.inTransaction(id, "disable", async (qr) => {
        await qr.query("DELETE FROM anju_plugin_jurisdiction WHERE plugin_id = ? AND jurisdiction_code = ?", [id, jurisdiction]);
        // An explicit "off" row is needed only where the parent would otherwise pass "on" down.
        if (inheritsEnabled) await qr.query("INSERT INTO anju_plugin_jurisdiction (plugin_id, jurisdiction_code, enabled, updated_at) VALUES (?, ?, ?, ?)", [id, jurisdiction, false, dbTimestamp()]);
        await def.hooks?.disable?.({ ...this.hookContext(pkg, qr), jurisdiction });
      });
    } catch (err) {
      const error = this.hookError(id, "disable", err);
      await this.markFailed(id, error);
      await this.changed();
      throw error;
    }
    await this.clearFailure(id);
    await this.changed();
    return { disabled: [id] };
  }

  private async clearFailure(id: string): Promise<void> {
    await this.deps.ds.query("UPDATE anju_plugin SET error = NULL WHERE id = ? AND state = 'installed'", [id]);
  }

  /** Upgrade to the newer version found in `dir` (copied into the install folder) or discovered. */
  async upgrade(id: string, dir?: string, actor: Actor = SYSTEM_ACTOR): Promise<{ from: string; to: string; migrations: string[] }> {
    return this.audited("plugin.upgrade", id, null, actor, dir ? { from: "package" } : {}, () => this.doUpgrade(id, dir, actor));
  }

  private async doUpgrade(id: string, dir: string | undefined, actor: Actor): Promise<{ from: string; to: string; migrations: string[] }> {
    const rows = await this.installedRows();
    const row = rows.get(id);
    if (!row || row.state !== "installed") throw KernelErrors.PLUGIN_NOT_INSTALLED({ id });
    let pkg: PluginPackage;
    if (dir) {
      pkg = readPluginPackage(path.resolve(dir));
      if (pkg.manifest.id !== id) throw KernelErrors.PLUGIN_PACKAGE_INVALID({ reason: `package is ${pkg.manifest.id}, not ${id}` });
    } else {
      this.discover();
      pkg = this.packageOf(id);
    }
    if (!semver.gt(pkg.manifest.version, row.version)) throw KernelErrors.PLUGIN_VERSION_NOT_NEWER({ id, installed: row.version, offered: pkg.manifest.version });
    const installed = new Map([...rows.values()].filter((r) => r.state === "installed").map((r) => [r.id, JSON.parse(r.manifest) as PluginManifest]));
    installed.set(id, pkg.manifest);
    resolveOrder(id, (x) => installed.get(x));
    for (const dependent of dependentsOf(id, [...installed.values()])) {
      const range = installed.get(dependent)!.requires![id];
      if (!semver.satisfies(pkg.manifest.version, range, { includePrerelease: true })) {
        throw KernelErrors.PLUGIN_DEPENDENCY_INCOMPATIBLE({ chain: [dependent, id], range, version: pkg.manifest.version });
      }
    }
    // Copied (and verified) only once every other check has passed, and before any of the new
    // code is loaded, so a refused upgrade leaves no folder behind.
    let signature: PackageSignature;
    if (dir) ({ pkg, signature } = await this.stageVerified(pkg, `${id}@${pkg.manifest.version}`, actor));
    else signature = await this.signatureOf(pkg, actor);
    const def = await this.loadDefinition(pkg);
    await registerEntities(this.deps.ds, def.entities ?? []);
    let applied: string[] = [];
    try {
      applied = (await runMigrations(this.deps.ds, id, def.migrations ?? [])).applied;
      await this.inTransaction(id, "upgrade", async (qr) => {
        await def.hooks?.upgrade?.({ ...this.hookContext(pkg, qr), fromVersion: row.version });
        await qr.query("UPDATE anju_plugin SET version = ?, manifest = ?, source = ?, signature = ?, state = 'installed', error = NULL, updated_at = ? WHERE id = ?",
          [pkg.manifest.version, JSON.stringify(pkg.manifest), pkg.dir, JSON.stringify(signature), dbTimestamp(), id]);
      });
    } catch (err) {
      const partial = (err as { applied?: string[] }).applied ?? [];
      await revertMigrations(this.deps.ds, id, def.migrations ?? [], [...applied, ...partial]).catch(() => undefined);
      const error = this.hookError(id, "upgrade", err);
      await this.markFailed(id, error);
      await this.changed();
      throw error;
    }
    // Swap services: the old ones finish their in-flight calls first.
    await this.unload(id);
    await this.load(pkg, def);
    for (const fn of this.listeners) await fn();
    await this.changed();
    return { from: row.version, to: pkg.manifest.version, migrations: applied };
  }

  /** Uninstall; refused while installed plugins require it. Data tables stay unless `purge`. */
  async uninstall(id: string, options: { purge?: boolean } = {}, actor: Actor = SYSTEM_ACTOR): Promise<{ purged: string[] }> {
    return this.audited("plugin.uninstall", id, null, actor, { purge: !!options.purge }, () => this.doUninstall(id, options));
  }

  private async doUninstall(id: string, options: { purge?: boolean }): Promise<{ purged: string[] }> {
    const rows = await this.installedRows();
    const row = rows.get(id);
    if (!row) throw KernelErrors.PLUGIN_NOT_INSTALLED({ id });
    const installed = [...rows.values()].filter((r) => r.state === "installed").map((r) => JSON.parse(r.manifest) as PluginManifest);
    const dependents = dependentsOf(id, installed);
    if (dependents.length) throw KernelErrors.PLUGIN_REQUIRED_BY({ id, dependents });
    const loaded = this.loaded.get(id);
    let pkg: PluginPackage | undefined = loaded?.pkg;
    let def: PluginDefinition | undefined = loaded?.def;
    if (!def) {
      try { pkg = readPluginPackage(row.source); def = await loadPluginModule(pkg); } catch { def = {}; }
    }
    try {
      await this.inTransaction(id, "uninstall", async (qr) => {
        if (pkg && def?.hooks?.uninstall) await def.hooks.uninstall(this.hookContext(pkg, qr));
        await qr.query("DELETE FROM anju_plugin_jurisdiction WHERE plugin_id = ?", [id]);
        await qr.query("DELETE FROM anju_plugin_setting WHERE plugin_id = ?", [id]);
        await qr.query("DELETE FROM anju_plugin WHERE id = ?", [id]);
      });
    } catch (err) {
      const error = this.hookError(id, "uninstall", err);
      await this.markFailed(id, error);
      await this.changed();
      throw error;
    }
    await this.unload(id);
    const purged = options.purge ? await revertMigrations(this.deps.ds, id, def.migrations ?? []) : [];
    await this.changed();
    return { purged };
  }

  /** Let every loaded plugin seed its demo data (embedded default's first start). */
  async runDemos(call: DemoContext["call"]): Promise<string[]> {
    const seeded: string[] = [];
    const order = topoSort(this.loadedPlugins().map((l) => l.pkg.manifest));
    for (const m of order) {
      const def = this.loaded.get(m.id)?.def;
      if (!def?.demo) continue;
      await def.demo({ ds: this.deps.ds, broker: this.deps.broker, call });
      seeded.push(m.id);
    }
    return seeded;
  }

  // ── settings ────────────────────────────────────────────────────────────

  private async settingsLayers(id: string, jurisdiction: string): Promise<SettingsLayer[]> {
    const node = await this.deps.jurisdictions.get(jurisdiction);
    const codes = node.path.split("/").filter(Boolean);
    const rows: Array<{ jurisdiction_code: string; value: string }> = await this.deps.ds.query(
      `SELECT jurisdiction_code, value FROM anju_plugin_setting WHERE plugin_id = ? AND jurisdiction_code IN (${codes.map(() => "?").join(",")})`, [id, ...codes]);
    const byCode = new Map(rows.map((r) => [r.jurisdiction_code, JSON.parse(r.value) as Record<string, unknown>]));
    return codes.filter((c) => byCode.has(c)).map((c) => ({ jurisdiction: c, value: byCode.get(c)! }));
  }

  /** Effective settings at a jurisdiction, with the layers they came from. */
  async settings(id: string, jurisdiction: string): Promise<{ effective: Record<string, unknown>; layers: SettingsLayer[]; own: Record<string, unknown> | null }> {
    const manifest = await this.installedManifest(id);
    if (!manifest) throw KernelErrors.PLUGIN_NOT_INSTALLED({ id });
    const layers = await this.settingsLayers(id, jurisdiction);
    return { effective: mergeSettings(manifest, layers), layers, own: layers.find((l) => l.jurisdiction === jurisdiction)?.value ?? null };
  }

  /** Set this jurisdiction's override (merged into what it had unless `replace`). */
  async configure(id: string, jurisdiction: string, patch: Record<string, unknown>, options: { replace?: boolean } = {}, actor: Actor = SYSTEM_ACTOR): Promise<Record<string, unknown>> {
    // The keys changed are recorded, not their values (settings may hold contacts or secrets).
    const keys = typeof patch === "object" && patch !== null ? Object.keys(patch) : [];
    return this.audited("plugin.configure", id, jurisdiction, actor, { keys, replace: !!options.replace }, () => this.doConfigure(id, jurisdiction, patch, options));
  }

  private async doConfigure(id: string, jurisdiction: string, patch: Record<string, unknown>, options: { replace?: boolean }): Promise<Record<string, unknown>> {
    const manifest = await this.installedManifest(id);
    if (!manifest) throw KernelErrors.PLUGIN_NOT_INSTALLED({ id });
    if (typeof patch !== "object" || patch === null || Array.isArray(patch)) throw KernelErrors.PLUGIN_SETTINGS_INVALID({ id, summary: "设置必须是对象 / settings must be an object", fields: [] });
    const layers = await this.settingsLayers(id, jurisdiction);
    const ownBefore = layers.find((l) => l.jurisdiction === jurisdiction)?.value ?? {};
    const { deepMerge } = await import("../config/load.js");
    const own = options.replace ? patch : deepMerge(ownBefore, patch);
    const nextLayers = [...layers.filter((l) => l.jurisdiction !== jurisdiction), { jurisdiction, value: own }];
    const codes = (await this.deps.jurisdictions.get(jurisdiction)).path.split("/").filter(Boolean);
    nextLayers.sort((a, b) => codes.indexOf(a.jurisdiction) - codes.indexOf(b.jurisdiction));
    const effective = mergeSettings(manifest, nextLayers);
    validateSettings(manifest, effective);
    await this.deps.ds.transaction(async (m) => {
      await m.query("DELETE FROM anju_plugin_setting WHERE plugin_id = ? AND jurisdiction_code = ?", [id, jurisdiction]);
      await m.query("INSERT INTO anju_plugin_setting (plugin_id, jurisdiction_code, value, updated_at) VALUES (?, ?, ?, ?)", [id, jurisdiction, JSON.stringify(own), dbTimestamp()]);
    });
    await this.changed();
    return effective;
  }
}
