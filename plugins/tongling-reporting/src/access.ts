/**
 * Who may do what, where: the SDK's permission guard with this plugin's role grants (used on a
 * bare kernel without RBAC, i.e. this plugin's tests) and its coded refusals. On top of
 * permissions, T4 fixes the levels: a county/district bureau files its own county's report, the
 * city bureau reviews its counties' reports. Transitions record themselves (`audit: false`),
 * with the report and the error code; the scheduler's entry points are for the system only.
 */
import type { Context } from "moleculer";
import type { Jurisdiction, RequestContext } from "@anju/kernel";
import { callerNode, pluginAccess } from "@anju/sdk";
import { ROLE_PERMISSIONS } from "./constants.js";
import { TonglingErrors } from "./errors.js";

export const { authorize, action, systemOnly } = pluginAccess({
  rolePermissions: ROLE_PERMISSIONS,
  forbidden: (detail) => TonglingErrors.TONGLING_FORBIDDEN(detail),
  systemOnly: () => TonglingErrors.TONGLING_SYSTEM_ONLY(),
});

/** T4: the author acts at a county/district; the report is that county's. */
export async function requireCountyReporter(ctx: Context): Promise<{ rc: Readonly<RequestContext>; county: Jurisdiction }> {
  const { rc, node } = await callerNode(ctx);
  if (node.level !== "county") throw TonglingErrors.TONGLING_REPORTER_NOT_COUNTY({ rule: "T4", jurisdiction: node.code, level: node.level });
  return { rc, county: node };
}

/** T4: the reviewer acts at the city; reports outside its subtree are not found (scoped reads). */
export async function requireCityReviewer(ctx: Context): Promise<{ rc: Readonly<RequestContext>; city: Jurisdiction }> {
  const { rc, node } = await callerNode(ctx);
  if (node.level !== "city") throw TonglingErrors.TONGLING_REVIEWER_NOT_CITY({ rule: "T4", jurisdiction: node.code, level: node.level });
  return { rc, city: node };
}
