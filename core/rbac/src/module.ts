/**
 * RBAC as a host module: the `rbac` service, the RBAC slot, the authorizer host actions ask,
 * and the table migrations run once the database is ready and before the broker starts (so
 * they never race other services' start-up on SQLite's single connection).
 */
import type { AnjuHost, Authorizer, HostModule, RequestContext } from "@anju/kernel";
import { RbacErrors } from "./errors.js";
import { migrate } from "./migrations.js";
import { rbacMiddleware } from "./middleware.js";
import { engineOf, subjectOf } from "./registry.js";
import { rbacService, type RbacServiceOptions } from "./service.js";

/** Host actions' question: may this caller use `permission` in `jurisdiction` (default: its own)? */
export function rbacAuthorizer(host: Pick<AnjuHost, "broker">): Authorizer {
  return {
    async can(rc: Readonly<RequestContext>, permission: string, jurisdiction?: string | null): Promise<boolean> {
      if (rc.principal.kind === "system") return true;
      const target = jurisdiction ?? rc.jurisdiction;
      if (!target) return false;
      // Acting on a node outside one's own subtree is never covered by one's grants there.
      const engine = engineOf(host.broker);
      if (!engine) throw RbacErrors.RBAC_UNAVAILABLE();
      if (rc.jurisdiction && target !== rc.jurisdiction) {
        const chain = await engine.paths.resolve(target);
        if (!chain?.includes(rc.jurisdiction)) return false;
      }
      return engine.can(subjectOf(rc.principal), target, permission);
    },
  };
}

export function rbacModule(options: RbacServiceOptions = {}): HostModule {
  return {
    name: "rbac",
    services: [rbacService(options)],
    slots: { rbac: rbacMiddleware() },
    authorizer: (host) => rbacAuthorizer(host),
    setup: async (host) => { await migrate(host.ds); },
  };
}
