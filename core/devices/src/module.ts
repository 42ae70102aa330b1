/**
 * The device platform as a host module: the `devices` service and its routes under
 * /api/devices, the tables migrated at set-up, and ingestion (MQTT → drivers → readings →
 * alarms) started once plugins are loaded and stopped (with what was received stored) first
 * thing at shutdown.
 *   createHost({ modules: [...securityModules(), devicesModule()] })
 */
import type { HostModule } from "@anju/kernel";
import { DEVICES_ROUTES } from "./constants.js";
import { migrateDevices } from "./migrations.js";
import { createRuntime, runtimeOf, type DevicesOptions } from "./runtime.js";
import { devicesService } from "./service.js";

export function devicesModule(options: DevicesOptions = {}): HostModule {
  return {
    name: "devices",
    services: [devicesService()],
    routes: DEVICES_ROUTES,
    async setup(host) {
      await migrateDevices(host.ds);
      createRuntime(host, options);
    },
    async started(host) {
      await runtimeOf(host).start();
    },
    // Driver plugins run here as child processes: the plugin manager shows `degraded` while one
    // keeps failing and is retried, with its restarts and last error.
    pluginRuntime(host, pluginId) {
      const status = runtimeOf(host).hostDrivers?.supervisor.status().find((s) => s.pluginId === pluginId);
      return status ? { state: status.state, restarts: status.restarts, lastError: status.lastError } : null;
    },
    async stopping(host) {
      await runtimeOf(host).stop();
    },
  };
}
