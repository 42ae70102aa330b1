/**
 * Identity as a host module: the `auth` and `users` services and their routes, the tables
 * migrated before the broker starts, and request authentication — the session cookie first,
 * then an `anju_…` API key in `Authorization: Bearer`. Anything else is left to the next
 * authenticator (the gateway's signed token).
 */
import type { HostModule } from "@anju/kernel";
import { identityServices } from "./index.js";
import { IDENTITY_ROUTES } from "./actions.js";
import { API_KEY_PREFIX, authenticateApiKey } from "./api-keys.js";
import { migrateIdentity } from "./migrations.js";
import type { IdentityOptions } from "./runtime.js";
import { authenticateSession } from "./sessions.js";

export function identityModule(options: IdentityOptions = {}): HostModule {
  return {
    name: "identity",
    services: identityServices({ ...options, migrate: false }),
    routes: IDENTITY_ROUTES,
    setup: async (host) => { await migrateIdentity(host.ds); },
    async authenticate(host, req) {
      const session = await authenticateSession(host, req.cookie, { ip: req.ip, userAgent: req.userAgent, locale: req.locale, action: req.action });
      if (session) return session;
      const bearer = req.authorization?.startsWith("Bearer ") ? req.authorization.slice(7).trim() : "";
      if (bearer.startsWith(API_KEY_PREFIX)) return authenticateApiKey(host, bearer, { ip: req.ip });
      return null;
    },
  };
}
