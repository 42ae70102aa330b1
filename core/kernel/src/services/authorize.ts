/**
 * Interim permission check for host actions until the identity issue's Casbin enforcer fills
 * the RBAC slot: the system principal may do anything; a user needs a role that grants the
 * permission. The permission codes are the ones RBAC will use, so nothing changes for callers.
 */
import type { Context } from "moleculer";
import { KernelErrors } from "../errors/catalogue.js";
import { requireRequestContext, type RequestContext } from "../context/request-context.js";
import { HostPermissions } from "./actions.js";

const ROLE_GRANTS: Record<string, string[]> = {
  "system-admin": Object.values(HostPermissions),
  "jurisdiction-admin": [HostPermissions.jurisdictionRead, HostPermissions.jurisdictionManage, HostPermissions.pluginRead],
  viewer: [HostPermissions.jurisdictionRead, HostPermissions.pluginRead],
};

export function can(rc: Readonly<RequestContext>, permission: string): boolean {
  if (rc.principal.kind === "system") return true;
  return (rc.principal.roles ?? []).some((r) => ROLE_GRANTS[r]?.includes(permission));
}

export function authorize(ctx: Context, permission: string): Readonly<RequestContext> {
  const rc = requireRequestContext(ctx);
  if (!can(rc, permission)) throw KernelErrors.FORBIDDEN({ permission });
  return rc;
}
