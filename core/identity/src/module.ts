/**
 * Identity as a host module: the `auth` and `users` services and their routes, the tables
 * migrated before the broker starts, and request authentication — the session cookie first,
 * then an `anju_…` API key in `Authorization: Bearer`. Anything else is left to the next
 * authenticator (the gateway's signed token).
 */
import type { HostModule } from "@anju/kernel";
import { identityServices } from "./index.js";
import { AuthActions, IDENTITY_ROUTES } from "./actions.js";
import { API_KEY_PREFIX, authenticateApiKey } from "./api-keys.js";
import { migrateIdentity } from "./migrations.js";
import type { IdentityOptions } from "./runtime.js";
import { authenticateSession } from "./sessions.js";

const STALE_COOKIE_ALLOWED: readonly string[] = [AuthActions.login, AuthActions.logout];
const STALE_SESSION_CODES = new Set(["SESSION_INVALID", "SESSION_EXPIRED"]);

export function identityModule(options: IdentityOptions = {}): HostModule {
  return {
    name: "identity",
    services: identityServices({ ...options, migrate: false }),
    routes: IDENTITY_ROUTES,
    setup: async (host) => { await migrateIdentity(host.ds); },
    async authenticate(host, req) {
      const session = await authenticateSession(host, req.cookie, { ip: req.ip, userAgent: req.userAgent, locale: req.locale, action: req.action })
        .catch((err: unknown) => {
          // A browser keeps an HttpOnly cookie after the session behind it has idled out or been
          // ended elsewhere, and script cannot remove it: signing in (which sets a new cookie) and
          // signing out (which clears it) must still work. The refusal was audited already.
          if (req.action && STALE_COOKIE_ALLOWED.includes(req.action) && STALE_SESSION_CODES.has((err as { type?: string }).type ?? "")) return null;
          throw err;
        });
      if (session) return session;
      const bearer = req.authorization?.startsWith("Bearer ") ? req.authorization.slice(7).trim() : "";
      if (bearer.startsWith(API_KEY_PREFIX)) return authenticateApiKey(host, bearer, { ip: req.ip });
      return null;
    },
  };
}
