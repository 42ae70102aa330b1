/**
 * The `rbac` service. Every node runs it: it owns the node's engine (the middleware and the
 * gateway decide through it), hears other nodes' changes (`anju.rbac.changed` broadcast; the
 * `rbac.generation` poll is the fallback), re-reads the jurisdiction tree when it changes, and
 * keeps plugin rules in line with plugin enablement. Its actions manage grants and rules; each
 * names its permission (security administrator) and acts only inside the caller's subtree:
 * another branch's node, grant or user is "not found".
 */
import type { Context, Service, ServiceSchema } from "moleculer";
import { hostOf, KernelErrors, PLUGINS_CHANGED_EVENT, requireRequestContext, type RequestContext } from "@anju/kernel";
import { auditEventFor, RbacAuditActions, recordAudit } from "./audit.js";
import { knownPermissions, knownRoles, type RoleInfo } from "./catalogue.js";
import { RbacEngine, type RbacChange } from "./engine.js";
import { RbacErrors } from "./errors.js";
import { migrate } from "./migrations.js";
import { GLOBAL_DOMAIN } from "./model.js";
import { ensurePermission } from "./middleware.js";
import { RbacPermissions } from "./permissions.js";
import { reconcilePluginPolicies } from "./plugin-policies.js";
import { registerEngine, unregisterEngine } from "./registry.js";
import { BUILTIN_ROLES } from "./roles.js";
import { Params } from "./schemas.js";
import type { Grant, PolicyRule } from "./store.js";

export const RbacActions = {
  grantsOf: "rbac.grantsOf",
  permissionsOf: "rbac.permissionsOf",
  grant: "rbac.grant",
  revoke: "rbac.revoke",
  revokeAll: "rbac.revokeAll",
  roles: "rbac.roles",
  policies: "rbac.policies",
  addPolicy: "rbac.addPolicy",
  removePolicy: "rbac.removePolicy",
} as const;

export const RBAC_CHANGED_EVENT = "anju.rbac.changed";

export interface RbacServiceOptions {
  /** How often to compare `rbac.generation` and the tree's fingerprint (fallback for missed broadcasts). Default 1000 ms. */
  pollIntervalMs?: number;
}

interface RbacService extends Service {
  engine: RbacEngine;
  poller?: NodeJS.Timeout;
  restoreTreeHook?: () => void;
}

type Ctx<P = Record<string, never>> = Context<P>;

function engineIn(ctx: Context): RbacEngine {
  return (ctx.service as unknown as RbacService).engine;
}

function isSelf(rc: Readonly<RequestContext>, userId: string): boolean {
  return rc.principal.kind === "user" && rc.principal.id === userId;
}

/** The target node, or JURISDICTION_NOT_FOUND when it does not exist or lies outside the caller's subtree. */
async function nodeInScope(engine: RbacEngine, rc: Readonly<RequestContext>, code: string, notFound = () => KernelErrors.JURISDICTION_NOT_FOUND({ code })): Promise<void> {
  const chain = await engine.paths.resolve(code);
  if (!chain || (rc.jurisdiction !== null && !chain.includes(rc.jurisdiction))) throw notFound();
}

function within(engine: RbacEngine, rc: Readonly<RequestContext>, code: string): boolean {
  return rc.jurisdiction === null || engine.paths.isWithin(code, rc.jurisdiction);
}

/** The user's grants the caller may see; a user known only in other branches is "not found". */
async function visibleGrants(engine: RbacEngine, rc: Readonly<RequestContext>, userId: string): Promise<Grant[]> {
  const grants = await engine.grantsOf(userId);
  const visible = grants.filter((g) => within(engine, rc, g.jurisdiction));
  if (grants.length > 0 && visible.length === 0) throw RbacErrors.RBAC_USER_NOT_FOUND({ userId });
  return visible;
}

/** Run a change; audit its success or its refusal (with the error code, never secrets). */
async function audited<T>(ctx: Context, action: string, object: string, detail: Record<string, unknown>, fn: () => Promise<T>): Promise<T> {
  try {
    const result = await fn();
    await recordAudit({ ctx }, auditEventFor({ action, object, result: "success", detail }));
    return result;
  } catch (err) {
    const code = (err as { type?: string }).type;
    await recordAudit({ ctx }, auditEventFor({ action, object, result: "failure", detail: { ...detail, error: code ?? "INTERNAL" } }));
    throw err;
  }
}

/**
 * An action with its permission on the schema (the RBAC slot checks it) and checked again in
 * the handler (free when the slot already did; a host without the slot is still guarded).
 * `audit: false`: the changes record themselves (with the refusal's code), so the audit slot
 * must not record them a second time.
 */
function guarded<P>(permission: string | null, params: object, handler: (ctx: Ctx<P>, rc: Readonly<RequestContext>) => Promise<unknown>, selfAudited = false) {
  return {
    ...(permission ? { permission } : {}),
    ...(selfAudited ? { audit: false } : {}),
    params,
    async handler(ctx: Ctx<P>) {
      const rc = permission ? await ensurePermission(ctx, permission) : requireRequestContext(ctx);
      return handler(ctx, rc);
    },
  };
}

export function rbacService(options: RbacServiceOptions = {}): ServiceSchema {
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  return {
    name: "rbac",
    actions: {
      /** A user's grants: their own, or (security administrator) those inside the caller's subtree. */
      grantsOf: guarded<{ userId: string }>(null, Params.grantsOf, async (ctx, rc) => {
        const engine = engineIn(ctx);
        if (isSelf(rc, ctx.params.userId)) return engine.grantsOf(ctx.params.userId);
        await ensurePermission(ctx, RbacPermissions.grantRead);
        return visibleGrants(engine, rc, ctx.params.userId);
      }),

      /** Effective permissions of a user at a node inside the caller's subtree. */
      permissionsOf: guarded<{ userId: string; jurisdiction: string }>(null, Params.permissionsOf, async (ctx, rc) => {
        const engine = engineIn(ctx);
        if (!isSelf(rc, ctx.params.userId)) {
          await ensurePermission(ctx, RbacPermissions.grantRead);
          await visibleGrants(engine, rc, ctx.params.userId);
        }
        await nodeInScope(engine, rc, ctx.params.jurisdiction);
        return engine.permissionsOf(ctx.params.userId, ctx.params.jurisdiction);
      }),

      grant: guarded<{ userId: string; role: string; jurisdiction: string }>(RbacPermissions.grantManage, Params.grant, async (ctx, rc) => {
        const { userId, role, jurisdiction } = ctx.params;
        const engine = engineIn(ctx);
        return audited(ctx, RbacAuditActions.grant, `${userId}:${role}@${jurisdiction}`, { userId, role, jurisdiction }, async () => {
          if (!(await knownRoles(engine.ds)).has(role)) throw RbacErrors.RBAC_ROLE_UNKNOWN({ role });
          await nodeInScope(engine, rc, jurisdiction);
          if (isSelf(rc, userId)) throw RbacErrors.RBAC_SELF_GRANT();
          await visibleGrants(engine, rc, userId);
          await engine.grant(userId, role, jurisdiction);
          return { userId, role, jurisdiction };
        });
      }, true),

      revoke: guarded<{ userId: string; role: string; jurisdiction: string }>(RbacPermissions.grantManage, Params.grant, async (ctx, rc) => {
        const { userId, role, jurisdiction } = ctx.params;
        const engine = engineIn(ctx);
        return audited(ctx, RbacAuditActions.revoke, `${userId}:${role}@${jurisdiction}`, { userId, role, jurisdiction }, async () => {
          await nodeInScope(engine, rc, jurisdiction, () => RbacErrors.RBAC_GRANT_NOT_FOUND({ role, jurisdiction }));
          if (isSelf(rc, userId)) throw RbacErrors.RBAC_SELF_GRANT();
          await engine.revoke(userId, role, jurisdiction);
          return { userId, role, jurisdiction };
        });
      }, true),

      /** Offboarding: every grant of the user inside the caller's subtree. */
      revokeAll: guarded<{ userId: string }>(RbacPermissions.grantManage, Params.revokeAll, async (ctx, rc) => {
        const { userId } = ctx.params;
        const engine = engineIn(ctx);
        return audited(ctx, RbacAuditActions.revokeAll, userId, { userId }, async () => {
          if (isSelf(rc, userId)) throw RbacErrors.RBAC_SELF_GRANT();
          await visibleGrants(engine, rc, userId);
          const revoked = await engine.revokeAll(userId, rc.jurisdiction);
          return { userId, revoked };
        });
      }, true),

      roles: guarded<Record<string, never>>(RbacPermissions.roleRead, Params.roles, async (ctx) => {
        const roles = await knownRoles(engineIn(ctx).ds);
        const order = new Map(BUILTIN_ROLES.map((r, i) => [r.code, i]));
        return [...roles.values()].sort((a: RoleInfo, b: RoleInfo) =>
          (order.get(a.code) ?? 1e6) - (order.get(b.code) ?? 1e6) || a.code.localeCompare(b.code));
      }),

      /** Rules: the built-in roles' global ones and the stored ones inside the caller's subtree. */
      policies: guarded<{ role?: string; jurisdiction?: string }>(RbacPermissions.policyRead, Params.policies, async (ctx, rc) => {
        const engine = engineIn(ctx);
        const { role, jurisdiction } = ctx.params;
        if (jurisdiction) await nodeInScope(engine, rc, jurisdiction);
        const builtIn: PolicyRule[] = jurisdiction ? [] : BUILTIN_ROLES
          .filter((r) => !role || r.code === role)
          .flatMap((r) => r.permissions.map((permission) => ({ role: r.code, jurisdiction: GLOBAL_DOMAIN, permission, source: "builtin" })));
        const stored = (await engine.queries.rules({ role }))
          .filter((r) => within(engine, rc, r.jurisdiction) && (!jurisdiction || engine.paths.isWithin(r.jurisdiction, jurisdiction)));
        return [...builtIn, ...stored];
      }),

      addPolicy: guarded<{ role: string; permission: string; jurisdiction: string }>(RbacPermissions.policyManage, Params.rule, async (ctx, rc) => {
        const { role, permission, jurisdiction } = ctx.params;
        const engine = engineIn(ctx);
        return audited(ctx, RbacAuditActions.policyAdd, `${role}:${permission}@${jurisdiction}`, { role, permission, jurisdiction }, async () => {
          if (!(await knownRoles(engine.ds)).has(role)) throw RbacErrors.RBAC_ROLE_UNKNOWN({ role });
          if (!(await knownPermissions(engine.ds)).has(permission)) throw RbacErrors.RBAC_PERMISSION_UNKNOWN({ permission });
          await nodeInScope(engine, rc, jurisdiction);
          await engine.addRule(role, jurisdiction, permission);
          return { role, permission, jurisdiction };
        });
      }, true),

      removePolicy: guarded<{ role: string; permission: string; jurisdiction: string }>(RbacPermissions.policyManage, Params.rule, async (ctx, rc) => {
        const { role, permission, jurisdiction } = ctx.params;
        const engine = engineIn(ctx);
        return audited(ctx, RbacAuditActions.policyRemove, `${role}:${permission}@${jurisdiction}`, { role, permission, jurisdiction }, async () => {
          await nodeInScope(engine, rc, jurisdiction, () => RbacErrors.RBAC_POLICY_NOT_FOUND({ role, permission, jurisdiction }));
          await engine.removeRule(role, jurisdiction, permission);
          return { role, permission, jurisdiction };
        });
      }, true),
    },

    events: {
      [RBAC_CHANGED_EVENT]: {
        handler(this: RbacService, ctx: Context<RbacChange & { node?: string }>) {
          if (!this.engine || ctx.params?.node === this.broker.nodeID) return;
          const { generation, domains } = ctx.params;
          this.engine.applyRemote({ generation: Number(generation), domains: Array.isArray(domains) ? domains.map(String) : null })
            .catch((err: Error) => this.logger.warn(`权限同步失败 / policy sync failed: ${err.message}`));
        },
      },
      // Enablement changed on this node: install or remove plugin rules to match. (Every node
      // hears the broadcast; the one that made the change does the writing.)
      [PLUGINS_CHANGED_EVENT]: {
        handler(this: RbacService, ctx: Context<{ node?: string }>) {
          if (!this.engine || ctx.params?.node !== this.broker.nodeID) return;
          reconcilePluginPolicies(this.engine, this.logger)
            .catch((err: Error) => this.logger.warn(`插件权限同步失败 / plugin policy sync failed: ${err.message}`));
        },
      },
    },

    created(this: RbacService) {
      const host = hostOf(this.broker);
      this.engine = new RbacEngine(host.ds);
      this.engine.onChange = (change) => {
        this.broker.broadcast(RBAC_CHANGED_EVENT, { ...change, node: this.broker.nodeID }).catch(() => undefined);
      };
    },

    async started(this: RbacService) {
      const host = hostOf(this.broker);
      await migrate(host.ds);
      await this.engine.load();
      registerEngine(this.broker, this.engine);
      // This node's tree changes reach us at once; other nodes' show in the poll's fingerprint.
      const store = host.jurisdictions;
      const previous = store.onChange;
      store.onChange = async () => {
        await previous();
        await this.engine.purgeRemovedJurisdictions();
      };
      this.restoreTreeHook = () => { store.onChange = previous; };
      await reconcilePluginPolicies(this.engine, this.logger).catch((err: Error) => this.logger.warn(`插件权限同步失败 / plugin policy sync failed: ${err.message}`));
      this.poller = setInterval(() => {
        this.engine.poll().catch((err: Error) => this.logger.warn(`权限轮询失败 / policy poll failed: ${err.message}`));
      }, pollIntervalMs);
      this.poller.unref();
    },

    async stopped(this: RbacService) {
      if (this.poller) clearInterval(this.poller);
      this.restoreTreeHook?.();
      unregisterEngine(this.broker, this.engine);
    },
  } as unknown as ServiceSchema;
}
