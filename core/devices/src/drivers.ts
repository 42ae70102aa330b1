/**
 * Driver plugins on this node: every installed plugin of kind `driver` runs in a child process
 * under the DriverSupervisor (never imported here). Started with ingestion, brought in line
 * whenever plugins change (install, upgrade — a new version restarts it — uninstall), and
 * stopped at shutdown. A driver that fails to start stays supervised (degraded, retried).
 */
import type { AnjuHost } from "@anju/kernel";
import { driverEntryOf } from "@anju/kernel";
import { DriverSupervisor, type DriverStatus } from "./runtime/index.js";

export class HostDrivers {
  readonly supervisor: DriverSupervisor;
  private readonly running = new Map<string, string>();
  private syncing: Promise<void> = Promise.resolve();

  /** `onRunning`: a driver said hello with valid profiles (the registry copies their categories). */
  constructor(private readonly host: AnjuHost, onRunning?: (s: DriverStatus) => void) {
    this.supervisor = new DriverSupervisor({ logger: host.logger, onStatus: (s) => { if (s.state === "running") onRunning?.(s); } });
  }

  /** Start what is installed and follow later changes. */
  async start(): Promise<void> {
    this.host.plugins.onServicesChanged(() => { this.syncing = this.syncing.then(() => this.sync()); return this.syncing; });
    this.syncing = this.sync();
    await this.syncing;
  }

  private async sync(): Promise<void> {
    const wanted = new Map<string, { version: string; dir: string; entry: string; memoryMb?: number }>();
    for (const { pkg } of this.host.plugins.loadedPlugins()) {
      if (pkg.manifest.kind !== "driver") continue;
      try {
        const driver = (pkg.manifest as { driver?: { memoryMb?: number } }).driver;
        wanted.set(pkg.manifest.id, { version: pkg.manifest.version, dir: pkg.dir, entry: driverEntryOf(pkg), memoryMb: driver?.memoryMb });
      } catch (err) {
        this.host.logger.warn(`驱动插件 ${pkg.manifest.id} 无法启动 / driver plugin cannot start: ${(err as Error).message}`);
      }
    }
    for (const id of [...this.running.keys()]) {
      if (!wanted.has(id)) { await this.supervisor.stop(id).catch(() => undefined); this.running.delete(id); }
    }
    for (const [id, spec] of wanted) {
      if (this.running.get(id) === spec.version) continue;
      this.running.set(id, spec.version);
      await this.supervisor.start({ pluginId: id, ...spec }).catch((err: Error) =>
        this.host.logger.warn(`驱动插件 ${id} 启动失败，将重试 / driver plugin ${id} failed to start, retrying: ${err.message}`));
    }
  }

  async stop(): Promise<void> {
    await this.syncing.catch(() => undefined);
    await this.supervisor.stopAll();
  }
}
