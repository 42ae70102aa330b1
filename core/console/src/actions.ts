/**
 * The console's server-side names: its actions, their routes, and the REST routes of RBAC's
 * existing actions that the console's roles and grants pages call (RBAC ships no routes itself).
 */
import type { PluginRoute } from "@anju/kernel";

export const ConsoleActions = {
  nav: "console.nav",
  plugins: "console.plugins",
  jurisdictions: "console.jurisdictions",
} as const;

/** RBAC's action names (owned by @anju/rbac; repeated so the console does not depend on it). */
export const RbacActionNames = {
  roles: "rbac.roles",
  policies: "rbac.policies",
  addPolicy: "rbac.addPolicy",
  removePolicy: "rbac.removePolicy",
  grantsOf: "rbac.grantsOf",
  permissionsOf: "rbac.permissionsOf",
  grant: "rbac.grant",
  revoke: "rbac.revoke",
} as const;

export const CONSOLE_ROUTES: PluginRoute[] = [
  { method: "GET", path: "/console/nav", action: ConsoleActions.nav },
  { method: "GET", path: "/console/plugins", action: ConsoleActions.plugins },
  { method: "GET", path: "/console/jurisdictions", action: ConsoleActions.jurisdictions },
];

/**
 * `/api/rbac/…`: thin aliases; every check (permission, subtree, separation of duties) is the
 * RBAC action's own. Removal is a POST because a DELETE's parameters would travel in the URL.
 */
export const RBAC_ROUTES: PluginRoute[] = [
  { method: "GET", path: "/rbac/roles", action: RbacActionNames.roles },
  { method: "GET", path: "/rbac/policies", action: RbacActionNames.policies },
  { method: "POST", path: "/rbac/policies", action: RbacActionNames.addPolicy },
  { method: "POST", path: "/rbac/policies/remove", action: RbacActionNames.removePolicy },
  { method: "GET", path: "/rbac/users/:userId/grants", action: RbacActionNames.grantsOf },
  { method: "GET", path: "/rbac/users/:userId/permissions/:jurisdiction", action: RbacActionNames.permissionsOf },
  { method: "POST", path: "/rbac/grants", action: RbacActionNames.grant },
  { method: "POST", path: "/rbac/grants/revoke", action: RbacActionNames.revoke },
];
