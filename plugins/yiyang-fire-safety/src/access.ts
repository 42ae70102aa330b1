/**
 * Who may do what, where. The host's authorizer decides permissions (RBAC grants cover the
 * subtree); a bare kernel without RBAC (this plugin's tests) falls back to the roles carried in
 * the principal. The system principal may do anything.
 */
import type { ActionParams, ActionSchema, Context } from "moleculer";
import { hostOf, requireJurisdiction, requireRequestContext, type Jurisdiction, type RequestContext } from "@anju/kernel";
import { ROLE_PERMISSIONS } from "./constants.js";
import { YiyangErrors } from "./errors.js";

export async function authorize(ctx: Context, permission: string): Promise<Readonly<RequestContext>> {
  const rc = requireRequestContext(ctx);
  if (rc.principal.kind === "system") return rc;
  const authorizer = hostOf(ctx.broker).authorizer;
  const allowed = authorizer
    ? await authorizer.can(rc, permission, rc.jurisdiction)
    : (rc.principal.roles ?? []).some((r) => ROLE_PERMISSIONS[r]?.includes(permission));
  if (!allowed) throw YiyangErrors.YIYANG_FORBIDDEN({ permission });
  return rc;
}

/**
 * An action guarded by a permission: declared on the schema (RBAC's middleware and the console
 * read it) and checked again here, so a node without RBAC refuses rather than allows.
 * `audit: false`: the acts that matter record themselves, with the object and what changed.
 */
export function action<P>(permission: string, def: { params: ActionParams; handler(ctx: Context<P>): Promise<unknown> }): ActionSchema {
  const schema = {
    params: def.params,
    permission,
    audit: false,
    async handler(ctx: Context<P>) {
      await authorize(ctx, permission);
      return def.handler(ctx);
    },
  };
  return schema as ActionSchema;
}

/** The caller's jurisdiction node (from the verified request context, never from params). */
export async function callerNode(ctx: Context): Promise<{ rc: Readonly<RequestContext>; node: Jurisdiction }> {
  const code = requireJurisdiction(ctx);
  return { rc: requireRequestContext(ctx), node: await hostOf(ctx.broker).jurisdictions.get(code) };
}

/** Record a security-relevant act in the audit trail (the host drops it when no sink is installed). */
export async function audit(ctx: Context, action: string, object: string, jurisdiction: string, detail: Record<string, unknown> = {}): Promise<void> {
  const rc = requireRequestContext(ctx);
  await hostOf(ctx.broker).audit({ action, object, result: "success", userId: rc.principal.id, ip: rc.ip ?? null, jurisdiction, detail });
}
