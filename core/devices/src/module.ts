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
    async stopping(host) {
      await runtimeOf(host).stop();
    },
  };
}
