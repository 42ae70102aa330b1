/**
 * Permission check inside host actions. With an RBAC module installed the host's authorizer
 * decides (roles from the policy store, covering the jurisdiction subtree); without one, an
 * interim table of role grants carried in the principal applies. The system principal may do
 * anything. Permission codes are the same either way.
 */
import type { Context } from "moleculer";
import { KernelErrors } from "../errors/catalogue.js";
import { requireRequestContext, type RequestContext } from "../context/request-context.js";
import { hostOf } from "../host.js";
import { HostPermissions } from "./actions.js";

/** @anju/uplink's status (/api/uplink/status); the RBAC module's built-in roles carry it too. */
const UPLINK_STATUS = "uplink:status";

const ROLE_GRANTS: Record<string, string[]> = {
  "system-admin": [...Object.values(HostPermissions), UPLINK_STATUS],
  "jurisdiction-admin": [HostPermissions.jurisdictionRead, HostPermissions.jurisdictionManage, HostPermissions.pluginRead, UPLINK_STATUS],
  viewer: [HostPermissions.jurisdictionRead, HostPermissions.pluginRead],
};

export function can(rc: Readonly<RequestContext>, permission: string): boolean {
  if (rc.principal.kind === "system") return true;
  return (rc.principal.roles ?? []).some((r) => ROLE_GRANTS[r]?.includes(permission));
}

export async function authorize(ctx: Context, permission: string, jurisdiction?: string | null): Promise<Readonly<RequestContext>> {
  const rc = requireRequestContext(ctx);
  if (rc.principal.kind === "system") return rc;
  const authorizer = hostOf(ctx.broker).authorizer;
  const allowed = authorizer ? await authorizer.can(rc, permission, jurisdiction ?? rc.jurisdiction) : can(rc, permission);
  if (!allowed) throw KernelErrors.FORBIDDEN({ permission });
  return rc;
}

/** The actor recorded in the audit trail for a change made through an action. */
export function actorOf(rc: Readonly<RequestContext>): { userId: string; ip: string | null } {
  return { userId: rc.principal.id, ip: rc.ip ?? null };
}
