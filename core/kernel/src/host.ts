/**
 * `createHost(config)`: one node = a Moleculer ServiceBroker + the plugin host + the data layer.
 * Middleware order (outermost first): request context → plugin gate → RBAC → audit →
 * validation. Moleculer wraps the last-registered middleware outermost, so the list below is
 * written innermost first.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ServiceBroker, type BrokerOptions, type Context, type Middleware, type ServiceSchema } from "moleculer";
import type { DataSource } from "typeorm";
import { createDataSource, HOST_ENTITIES, HOST_MIGRATIONS, runMigrations } from "@anju/data";
import { loadConfig, type LoadConfigOptions } from "./config/load.js";
import type { AnjuConfig } from "./config/types.js";
import { META_KEY, requestContextMiddleware, systemContext, type RequestContext } from "./context/request-context.js";
import { transportConnected, transportGuardMiddleware } from "./context/transport-guard.js";
import { validationMiddleware } from "./context/validation.js";
import { JurisdictionStore } from "./jurisdictions/store.js";
import { pluginGateMiddleware } from "./plugins/gate.js";
import { PluginManager, PLUGINS_CHANGED_EVENT } from "./plugins/manager.js";
import { hostServices } from "./services/index.js";
import type { AuditEvent, AuditSink, Authorizer, HostModule } from "./modules.js";

export interface HostSlots {
  /** Filled by the identity package: checks the principal's permissions. */
  rbac?: Middleware;
  /** Filled by the identity package: records security-relevant calls. */
  audit?: Middleware;
}

export interface HostOptions {
  config?: Readonly<AnjuConfig>;
  configOptions?: LoadConfigOptions;
  slots?: HostSlots;
  /** Security and other host modules (identity, RBAC, audit, privacy). */
  modules?: HostModule[];
  /** Extra services started with the host (the gateway, test fixtures). */
  services?: ServiceSchema[];
  brokerOptions?: Partial<BrokerOptions>;
}

const hosts = new WeakMap<ServiceBroker, AnjuHost>();

/** The host a broker belongs to (plugin services reach the DataSource and plugin state here). */
export function hostOf(broker: ServiceBroker): AnjuHost {
  const host = hosts.get(broker);
  if (!host) throw new Error("broker has no Anju host");
  return host;
}

export class AnjuHost {
  readonly broker: ServiceBroker;
  ds!: DataSource;
  jurisdictions!: JurisdictionStore;
  plugins!: PluginManager;
  private started = false;
  private cachedSecret: string | null = null;
  private auditSink: AuditSink | null = null;
  /** Set by the RBAC module; host actions fall back to interim role grants without it. */
  authorizer: Authorizer | null = null;

  constructor(readonly config: Readonly<AnjuConfig>, private readonly options: HostOptions) {
    const gate = pluginGateMiddleware(() => {
      if (!this.plugins) throw new Error("plugin host not started");
      return { cache: this.plugins.cache, inflight: this.plugins.inflight };
    });
    const modules = options.modules ?? [];
    const slot = (name: "rbac" | "audit") => options.slots?.[name] ?? modules.find((m) => m.slots?.[name])?.slots?.[name];
    const innermostFirst: Middleware[] = [
      validationMiddleware(),
      slot("audit"),
      slot("rbac"),
      gate,
      requestContextMiddleware(),
      transportGuardMiddleware(),
    ].filter((m): m is Middleware => !!m);
    this.broker = new ServiceBroker({
      nodeID: config.nodeId ?? undefined,
      namespace: config.namespace,
      transporter: config.transporter ?? undefined,
      requestTimeout: config.broker.requestTimeout,
      heartbeatInterval: config.broker.heartbeatInterval,
      heartbeatTimeout: config.broker.heartbeatTimeout,
      logger: config.broker.logLevel === false ? false : { type: "Console", options: { level: config.broker.logLevel, formatter: "short" } },
      // Params are JSON Schema, checked by our validation slot.
      validator: false,
      maxCallLevel: 32,
      middlewares: innermostFirst,
      ...options.brokerOptions,
    } as BrokerOptions);
    hosts.set(this.broker, this);
  }

  get logger() {
    return this.broker.getLogger("anju");
  }

  /** Connect the database, migrate, start the broker, load installed plugins. */
  async start(): Promise<void> {
    if (this.started) return;
    fs.mkdirSync(this.config.dataDir, { recursive: true });
    const url = this.config.db.url ?? `sqlite:${path.join(this.config.dataDir, "anju.sqlite")}`;
    this.ds = await createDataSource({ url, entities: HOST_ENTITIES, logging: this.config.db.logging });
    await runMigrations(this.ds, "@host", HOST_MIGRATIONS);
    this.jurisdictions = new JurisdictionStore(this.ds);
    const modules = this.options.modules ?? [];
    for (const m of modules) {
      if (m.auditSink) this.auditSink = m.auditSink(this);
      if (m.authorizer) this.authorizer = m.authorizer(this);
      await m.setup?.(this);
    }
    const verifier = modules.find((m) => m.verifyPackage);
    this.plugins = new PluginManager({ ds: this.ds, broker: this.broker, config: this.config, jurisdictions: this.jurisdictions, logger: this.logger, audit: (e) => this.audit(e),
      checks: modules.filter((m) => m.checkPlugin).map((m) => (manifest, def) => m.checkPlugin!(this, manifest, def)),
      verifyPackage: verifier ? (dir) => verifier.verifyPackage!(this, dir) : undefined,
      runtime: (id) => { for (const m of modules) { const r = m.pluginRuntime?.(this, id); if (r) return r; } return null; },
    });
    // The gate's view of the tree must follow moves and removals on every node, not just this one.
    this.jurisdictions.onChange = () => this.plugins.notifyChanged();
    this.jurisdictions.audit = (e) => this.audit(e);
    const moduleServices = modules.flatMap((m) => m.services ?? []);
    for (const schema of [...hostServices(), this.pluginSyncService(), ...moduleServices, ...(this.options.services ?? [])]) this.broker.createService(schema);
    await this.broker.start();
    await this.plugins.start();
    for (const m of modules) await m.started?.(this);
    this.started = true;
  }

  /**
   * Hears plugin-state changes broadcast by other nodes and re-reads the state at once (the poll
   * of the generation counter is the fallback). A Moleculer event reaches a node only through a
   * service subscribed to it; `broker.localBus` never sees non-`$` events from other nodes.
   */
  private pluginSyncService(): ServiceSchema {
    return {
      name: "$anju-plugin-sync",
      events: {
        [PLUGINS_CHANGED_EVENT]: {
          handler: (ctx: Context<{ node?: string }>) => {
            // Before start() ends the manager reads the state itself; our own change is applied already.
            if (!this.started || ctx.params?.node === this.broker.nodeID) return;
            this.plugins.refresh().catch((err: Error) => this.logger.warn(`plugin state refresh failed: ${err.message}`));
          },
        },
      },
    };
  }

  /**
   * Record a security-relevant event in the audit trail (a no-op until an audit module is
   * installed). A failing sink throws: an act that must be audited is not silently unrecorded.
   */
  async audit(event: AuditEvent): Promise<void> {
    if (this.auditSink) await this.auditSink.record(event);
  }

  async stop(): Promise<void> {
    for (const m of this.options.modules ?? []) await m.stopping?.(this).catch(() => undefined);
    await this.plugins?.stop();
    await this.broker.stop();
    if (this.ds?.isInitialized) await this.ds.destroy();
    this.started = false;
  }

  /** Call an action as a given context (default: the system principal, no jurisdiction). */
  call<T = unknown>(action: string, params: Record<string, unknown> = {}, rc: RequestContext = systemContext()): Promise<T> {
    return this.broker.call(action, params, { meta: { [META_KEY]: rc } }) as Promise<T>;
  }

  async health(): Promise<{ ok: boolean; database: boolean; broker: boolean; plugins: Array<{ id: string; version: string | null; state: string }> }> {
    let database = false;
    try {
      await this.ds.query("SELECT 1");
      database = true;
    } catch { /* reported below */ }
    const broker = this.broker.started !== false && transportConnected(this.broker);
    const plugins = database
      ? (await this.plugins.list()).filter((p) => p.state !== "available").map((p) => ({ id: p.id, version: p.installedVersion, state: p.state }))
      : [];
    // Not healthy until start() has finished: the gateway listens before plugins are loaded.
    return { ok: database && broker && this.started, database, broker, plugins };
  }

  get modules(): readonly HostModule[] {
    return this.options.modules ?? [];
  }

  /** HMAC secret for API tokens: configured, or generated once under the data folder. */
  tokenSecret(): string {
    if (this.config.auth.tokenSecret) return this.config.auth.tokenSecret;
    // Read once: the gateway asks on every request.
    if (this.cachedSecret) return this.cachedSecret;
    const file = path.join(this.config.dataDir, "secret");
    if (!fs.existsSync(file)) {
      try {
        fs.writeFileSync(file, crypto.randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" });
      } catch (err) {
        // Another process on the same data folder created it first: use theirs.
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      }
    }
    this.cachedSecret = fs.readFileSync(file, "utf8").trim();
    return this.cachedSecret;
  }
}

export function createHost(options: HostOptions = {}): AnjuHost {
  const config = options.config ?? loadConfig(options.configOptions);
  return new AnjuHost(config, options);
}
