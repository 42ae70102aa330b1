/**
 * From the plugin manager's view (installed and loaded plugins) to running driver processes:
 * a driver plugin loaded on this node runs, one that is gone stops, an upgraded one restarts
 * from its new folder. The devices module calls this at start and on every plugin change
 * (`host.plugins.onServicesChanged`).
 */
import { driverEntryOf, type PluginPackage } from "@anju/kernel";
import type { DriverSupervisor } from "./supervisor.js";
import type { DriverSpec, RuntimeLogger } from "./types.js";

export function driverSpecOf(pkg: PluginPackage): DriverSpec {
  return {
    pluginId: pkg.manifest.id,
    version: pkg.manifest.version,
    dir: pkg.dir,
    entry: driverEntryOf(pkg),
    memoryMb: pkg.manifest.driver?.memoryMb,
  };
}

/**
 * Start what should run and is not (or runs another version), stop what should not run.
 * A driver that fails to start is logged and stays supervised (degraded, retried); it does not
 * stop the others.
 */
export async function reconcileDrivers(sup: DriverSupervisor, packages: readonly PluginPackage[], logger?: RuntimeLogger): Promise<void> {
  const wanted = new Map(packages.filter((p) => p.manifest.kind === "driver").map((p) => [p.manifest.id, p]));
  const running = new Map(sup.status().map((s) => [s.pluginId, s]));
  for (const id of running.keys()) if (!wanted.has(id)) await sup.stop(id);
  for (const [id, pkg] of wanted) {
    const now = running.get(id);
    if (now && now.version === pkg.manifest.version && sup.specOf(id)?.dir === pkg.dir) continue;
    try {
      await sup.start(driverSpecOf(pkg));
    } catch (err) {
      logger?.error(`驱动 ${id} 启动失败 / driver failed to start: ${(err as Error).message}`);
    }
  }
}
