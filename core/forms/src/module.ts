/**
 * Forms as a host module: the `forms` service and its routes under /api/forms, the tables
 * migrated at set-up (before the broker starts, in the host's module order), and plugins'
 * default forms reconciled once plugins are loaded and again whenever they change.
 *   createHost({ modules: [...securityModules(), formsModule()] })
 */
import type { HostModule } from "@anju/kernel";
import { FORMS_ROUTES } from "./constants.js";
import { migrateForms } from "./migrations.js";
import { scheduleReconcile } from "./plugin-forms.js";
import { createRuntime, runtimeOf, type FormsOptions } from "./runtime.js";
import { formsService } from "./service/forms.service.js";

export function formsModule(options: FormsOptions = {}): HostModule {
  return {
    name: "forms",
    services: [formsService()],
    routes: FORMS_ROUTES,
    async setup(host) {
      createRuntime(host, options);
      await migrateForms(host.ds);
    },
    async started(host) {
      const rt = runtimeOf(host);
      // Installs, upgrades and uninstalls on this node (or seen from others) come through here.
      host.plugins.onServicesChanged(() => scheduleReconcile(rt));
      await scheduleReconcile(rt);
    },
    async stopping(host) {
      await runtimeOf(host).reconciling.catch(() => undefined);
    },
  };
}
