/**
 * Who may do what, where — the guard a plugin puts on its actions. The host's authorizer decides
 * permissions (RBAC grants cover the subtree); a bare kernel without RBAC (a plugin's own tests)
 * falls back to the roles carried in the principal, using the plugin's manifest role grants. The
 * system principal may do anything. Refusals are the plugin's own coded errors.
 */
import type { ActionParams, ActionSchema, Context } from "moleculer";
import { hostOf, requireJurisdiction, requireRequestContext, type Jurisdiction, type RequestContext } from "@anju/kernel";

export interface PluginAccessOptions {
  /** Role code → permissions, used only when no authorizer is installed (the manifest's roles). */
  rolePermissions: Readonly<Record<string, readonly string[]>>;
  /** The plugin's 403 for a missing permission. */
  forbidden(detail: { permission: string }): Error;
  /** The plugin's 403 for a system-only entry point reached by anyone else; required to use `systemOnly`. */
  systemOnly?(): Error;
}

export interface ActionDef<P> {
  params: ActionParams;
  handler(ctx: Context<P>): Promise<unknown>;
}

export interface PluginAccess {
  /** Check `permission` for the caller in its own jurisdiction; returns its request context. */
  authorize(ctx: Context, permission: string): Promise<Readonly<RequestContext>>;
  /**
   * An action guarded by a permission: declared on the schema (RBAC's middleware and the console
   * read it) and checked again in the handler, so a node without RBAC refuses rather than allows.
   * `audit: false`: the plugin's acts record themselves (with the object and what changed). The
   * handler runs bound to the service instance.
   */
  action<P>(permission: string, def: ActionDef<P>): ActionSchema;
  /** An entry point for the system principal only (schedulers; no route leads here). Bound to the service instance. */
  systemOnly<P>(def: ActionDef<P>): ActionSchema;
}

export function pluginAccess(options: PluginAccessOptions): PluginAccess {
  async function authorize(ctx: Context, permission: string): Promise<Readonly<RequestContext>> {
    const rc = requireRequestContext(ctx);
    if (rc.principal.kind === "system") return rc;
    const authorizer = hostOf(ctx.broker).authorizer;
    const allowed = authorizer
      ? await authorizer.can(rc, permission, rc.jurisdiction)
      : (rc.principal.roles ?? []).some((r) => options.rolePermissions[r]?.includes(permission));
    if (!allowed) throw options.forbidden({ permission });
    return rc;
  }
  return {
    authorize,
    action<P>(permission: string, def: ActionDef<P>): ActionSchema {
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
    },
    systemOnly<P>(def: ActionDef<P>): ActionSchema {
      const refuse = options.systemOnly;
      if (!refuse) throw new Error("pluginAccess: systemOnly() needs the systemOnly error option");
      const schema = {
        params: def.params,
        audit: false,
        async handler(this: unknown, ctx: Context<P>) {
          if (requireRequestContext(ctx).principal.kind !== "system") throw refuse();
          return def.handler.call(this, ctx);
        },
      };
      return schema as ActionSchema;
    },
  };
}

/** The caller's jurisdiction node (from the verified request context, never from params); the system acting for none is refused. */
export async function callerNode(ctx: Context): Promise<{ rc: Readonly<RequestContext>; node: Jurisdiction }> {
  const code = requireJurisdiction(ctx);
  return { rc: requireRequestContext(ctx), node: await hostOf(ctx.broker).jurisdictions.get(code) };
}

/** Record a security-relevant act by the caller in the audit trail (the host drops it when no sink is installed). */
export async function auditAct(ctx: Context, action: string, object: string, jurisdiction: string, detail: Record<string, unknown> = {}): Promise<void> {
  const rc = requireRequestContext(ctx);
  await hostOf(ctx.broker).audit({ action, object, result: "success", userId: rc.principal.id, ip: rc.ip ?? null, jurisdiction, detail });
}
