/**
 * One serving node: host + gateway, listening. `anju start`, the benchmarks and the gateway
 * tests all start nodes this way.
 */
import path from "node:path";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { createHost, loadConfig, type AnjuConfig, type AnjuHost, type HostOptions, type LoadConfigOptions } from "@anju/kernel";
import { createGatewayService } from "./gateway.service.js";

export interface StartNodeOptions extends Omit<HostOptions, "config" | "configOptions"> {
  config?: Readonly<AnjuConfig>;
  configOptions?: LoadConfigOptions;
  consoleDir?: string | null;
}

export interface RunningNode {
  host: AnjuHost;
  /** `http://127.0.0.1:<port>` (null when HTTP is disabled). */
  url: string | null;
  port: number | null;
  stop(): Promise<void>;
}

export async function startNode(options: StartNodeOptions = {}): Promise<RunningNode> {
  const config = options.config ?? loadConfig(options.configOptions);
  const services = [...(options.services ?? [])];
  if (config.http.enabled !== false) {
    services.push(createGatewayService({
      port: config.http.port,
      host: config.http.host,
      bodyLimit: config.http.bodyLimit,
      consoleDir: options.consoleDir === undefined ? path.resolve(__dirname, "../../../ui/console/dist") : options.consoleDir,
    }));
  }
  const host = createHost({ ...options, config, services });
  try {
    await host.start();
  } catch (err) {
    // Leave nothing open (database connections, timers) behind a failed start.
    await host.stop().catch(() => undefined);
    throw err;
  }
  const gateway = host.broker.getLocalService("api") as unknown as { server?: Server } | undefined;
  const address = gateway?.server?.address() as AddressInfo | null | undefined;
  const port = address?.port ?? null;
  const hostname = config.http.host === "0.0.0.0" ? "127.0.0.1" : config.http.host;
  return {
    host,
    port,
    url: port ? `http://${hostname}:${port}` : null,
    stop: () => host.stop(),
  };
}
