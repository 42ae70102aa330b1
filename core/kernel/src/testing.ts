/**
 * `createTestHost`: a host on a throwaway database (SQLite file or a fresh MariaDB database),
 * with the plugin folders a test chooses, quiet logs and no HTTP. Used by the host's own tests
 * and, through @anju/sdk, by plugin authors.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ServiceSchema } from "moleculer";
import { createTestDatabase, type TestDatabase } from "@anju/data";
import { loadConfig } from "./config/load.js";
import type { AnjuConfig } from "./config/types.js";
import { createHost, type AnjuHost, type HostSlots } from "./host.js";
import type { HostModule } from "./modules.js";

export interface TestHostOptions {
  db?: "sqlite" | "mysql";
  /** Folders whose sub-folders are plugin packages. */
  pluginDirs?: string[];
  /** Installed and enabled at every root on start. */
  autoInstall?: string[];
  services?: ServiceSchema[];
  slots?: HostSlots;
  /** Host modules (e.g. privacy for plugins that store personal information). */
  modules?: HostModule[];
  config?: Record<string, unknown>;
  /** Development override: install unsigned packages from outside the plugin folders (audited as such). */
  allowUnsignedPlugins?: boolean;
  /** Reuse an existing database (a second node on the same data). */
  dbUrl?: string;
}

export interface TestHost {
  host: AnjuHost;
  db: TestDatabase | null;
  dataDir: string;
  stop(): Promise<void>;
}

export async function createTestHost(options: TestHostOptions = {}): Promise<TestHost> {
  const db = options.dbUrl ? null : await createTestDatabase(options.db ?? "sqlite");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "anju-host-"));
  const config: Readonly<AnjuConfig> = loadConfig({
    env: {},
    overrides: {
      dataDir,
      db: { url: options.dbUrl ?? db!.url, logging: false },
      broker: { requestTimeout: 5000, logLevel: "error" },
      http: { port: 0, host: "127.0.0.1", bodyLimit: "1mb", enabled: false },
      plugins: { dirs: options.pluginDirs ?? [], installDir: path.join(dataDir, "plugins"), autoInstall: options.autoInstall ?? [], load: null, pollIntervalMs: 200, allowUnsigned: options.allowUnsignedPlugins ?? false },
      demo: { seed: false },
      ...(options.config ?? {}),
    },
  });
  const host = createHost({ config, services: options.services, slots: options.slots, modules: options.modules });
  await host.start();
  return {
    host,
    db,
    dataDir,
    async stop() {
      await host.stop().catch(() => undefined);
      await db?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Database kinds the suite runs on: SQLite always, MariaDB unless ANJU_TEST_SKIP_MYSQL is set. */
export function testDbKinds(): Array<"sqlite" | "mysql"> {
  return process.env.ANJU_TEST_SKIP_MYSQL ? ["sqlite"] : ["sqlite", "mysql"];
}
export { TREE, seedTree, waitFor, freePort, NatsServer, NATS_SERVER } from "./testing-tools.js";
