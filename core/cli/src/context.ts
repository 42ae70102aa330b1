/**
 * Config and hosts for commands. Management commands (jurisdiction, plugin, token, migrate)
 * open the same database a running `anju start` uses, through a host that serves nothing:
 * no HTTP, no transporter (so the CLI never joins a cluster and is never routed calls), no
 * auto-install, and no plugin services started. A running node notices what the CLI changed
 * by polling the plugin generation (plugins.pollIntervalMs).
 */
import path from "node:path";
import { createHost, loadConfig, type AnjuConfig, type AnjuHost } from "@anju/kernel";
import { redactUrl } from "@anju/data";
import type { GlobalOptions } from "./command.js";

export function loadCliConfig(globals: Pick<GlobalOptions, "config">): Readonly<AnjuConfig> {
  return loadConfig({ env: process.env, cwd: process.cwd(), file: globals.config });
}

/** The database URL the host will open (the embedded default is a SQLite file under dataDir). */
export function databaseUrl(config: Readonly<AnjuConfig>): string {
  return config.db.url ?? `sqlite:${path.join(config.dataDir, "anju.sqlite")}`;
}

export function describeDatabase(config: Readonly<AnjuConfig>): string {
  return redactUrl(databaseUrl(config));
}

export interface ManagementHostOptions {
  /** Load installed plugins' code (migrate needs their migration lists). */
  loadPlugins?: boolean;
}

export function managementConfig(config: Readonly<AnjuConfig>, options: ManagementHostOptions = {}): Readonly<AnjuConfig> {
  return {
    ...config,
    transporter: null,
    http: { ...config.http, enabled: false },
    plugins: { ...config.plugins, autoInstall: [], load: options.loadPlugins ? null : [] },
  };
}

/** Start a management host, run `fn`, and always stop the host again. */
export async function withHost<T>(globals: GlobalOptions, fn: (host: AnjuHost) => Promise<T>, options: ManagementHostOptions = {}): Promise<T> {
  const config = managementConfig(loadCliConfig(globals), options);
  const { nodeModules } = await import("./security.js");
  const host = createHost({ config, modules: await nodeModules(config), brokerOptions: { skipProcessEventRegistration: true } });
  try {
    await host.start();
    return await fn(host);
  } finally {
    await host.stop().catch(() => undefined);
  }
}
