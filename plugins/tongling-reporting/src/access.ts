/**
 * Who may do what, where. The host's authorizer decides permissions (RBAC grants cover the
 * subtree); a bare kernel without RBAC (this plugin's tests) falls back to the roles carried in
 * the principal. On top of permissions, T4 fixes the levels: a county/district bureau files its
 * own county's report, the city bureau reviews its counties' reports.
 */
import type { ActionParams, ActionSchema, Context } from "moleculer";
import { hostOf, requireJurisdiction, requireRequestContext, type Jurisdiction, type RequestContext } from "@anju/kernel";
import { ROLE_PERMISSIONS } from "./constants.js";
import { TonglingErrors } from "./errors.js";

export async function authorize(ctx: Context, permission: string): Promise<Readonly<RequestContext>> {
  const rc = requireRequestContext(ctx);
  if (rc.principal.kind === "system") return rc;
  const authorizer = hostOf(ctx.broker).authorizer;
  const allowed = authorizer
    ? await authorizer.can(rc, permission, rc.jurisdiction)
    : (rc.principal.roles ?? []).some((r) => ROLE_PERMISSIONS[r]?.includes(permission));
  if (!allowed) throw TonglingErrors.TONGLING_FORBIDDEN({ permission });
  return rc;
}

/**
 * An action guarded by a permission: declared on the schema (RBAC's middleware and the console
 * read it) and checked again here, so a node without RBAC refuses rather than allows.
 * `audit: false`: transitions record themselves, with the report and the error code.
 */
export function action<P>(permission: string, def: { params: ActionParams; handler(ctx: Context<P>): Promise<unknown> }): ActionSchema {
  const schema = {
    params: def.params,
    permission,
    audit: false,
    async handler(this: unknown, ctx: Context<P>) {
      await authorize(ctx, permission);
      return def.handler.call(this, ctx);
    },
  };
  return schema as ActionSchema;
}

/** For the scheduler's own entry points: the system principal only (no route leads here). */
export function systemOnly<P>(def: { params: ActionParams; handler(ctx: Context<P>): Promise<unknown> }): ActionSchema {
  const schema = {
    params: def.params,
    audit: false,
    async handler(this: unknown, ctx: Context<P>) {
      if (requireRequestContext(ctx).principal.kind !== "system") throw TonglingErrors.TONGLING_SYSTEM_ONLY();
      // Bound to the service instance (the scheduler keeps its lease owner there).
      return def.handler.call(this, ctx);
    },
  };
  return schema as ActionSchema;
}

/** The caller's jurisdiction node; the system acting for none is refused (FORBIDDEN: everything here belongs somewhere). */
export async function callerNode(ctx: Context): Promise<{ rc: Readonly<RequestContext>; node: Jurisdiction }> {
  const code = requireJurisdiction(ctx);
  return { rc: requireRequestContext(ctx), node: await hostOf(ctx.broker).jurisdictions.get(code) };
}

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
