/**
 * The console as a host module: its service, its routes, and REST routes for RBAC's actions the
 * console's roles page calls. Add `consoleModule()` after the security modules.
 */
import type { HostModule } from "@anju/kernel";
import { CONSOLE_ROUTES, RBAC_ROUTES } from "./actions.js";
import { consoleService } from "./service.js";

export interface ConsoleModuleOptions {
  /** Serve `/api/rbac/…` (default true); turn off once another module routes RBAC. */
  rbacRoutes?: boolean;
}

export function consoleModule(options: ConsoleModuleOptions = {}): HostModule {
  return {
    name: "console",
    services: [consoleService()],
    routes: [...CONSOLE_ROUTES, ...(options.rbacRoutes === false ? [] : RBAC_ROUTES)],
  };
}
