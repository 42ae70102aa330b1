/**
 * The kernel's audit slot. An action is recorded when its schema says `audit: true` (or an
 * options object), or when its `permission` code ends in a changing or disclosing verb:
 *   :manage :write :create :update :delete :remove :configure :grant :revoke :reset
 *   :import :export :unmask :purge :offboard :approve
 * (`:read`/`:list` are not recorded: reads of personal information are recorded by the PI
 * layer when it unmasks, not by every list). `audit: false` opts out (the audit service's own
 * actions, which record themselves with more detail).
 * Each call is recorded after it ends: result success, denied (401/403 thrown by the action
 * itself) or failure, with the error code. RBAC sits outside this slot and records its own
 * denials, so they are not recorded twice.
 * If the record cannot be written after a successful action, the caller gets
 * AUDIT_NOT_RECORDED_AFTER_ACTION (503): the change stands, and nobody is left believing it was
 * recorded. After a failed action the original error is kept and the audit failure is logged.
 */
import type { Context, Middleware } from "moleculer";
import { getRequestContext, hostOf } from "@anju/kernel";
import { clientIp } from "./authorize.js";
import { AuditErrors } from "./errors.js";
import { auditLogOf } from "./registry.js";

/** Per-action audit options: `audit: true | false | AuditActionOptions`. */
export interface AuditActionOptions {
  /** What the call acts on, for the `object` column; default: params.id/code/userId/username/pluginId. */
  object?: (params: Record<string, unknown>) => string | null | undefined;
  /** Record the (sanitised) params in `detail` (default true). */
  params?: boolean;
}

export const AUDITED_VERBS = [
  "manage", "write", "create", "update", "delete", "remove", "configure", "grant", "revoke", "reset",
  "import", "export", "unmask", "purge", "offboard", "approve",
] as const;

const OBJECT_KEYS = ["id", "code", "userId", "username", "pluginId", "role"];

interface ActionDef { name?: string; permission?: unknown; audit?: unknown }

/** The action's audit options, or null when it is not audited. */
export function auditRuleOf(action: ActionDef): AuditActionOptions | null {
  if (action.audit === false) return null;
  if (action.audit === true) return {};
  if (typeof action.audit === "object" && action.audit !== null) return action.audit as AuditActionOptions;
  if (typeof action.permission === "string") {
    const verb = action.permission.slice(action.permission.lastIndexOf(":") + 1);
    if ((AUDITED_VERBS as readonly string[]).includes(verb)) return {};
  }
  return null;
}

function objectOf(rule: AuditActionOptions, params: Record<string, unknown>): string | null {
  if (rule.object) return rule.object(params) ?? null;
  for (const k of OBJECT_KEYS) {
    const v = params[k];
    if (typeof v === "string" || typeof v === "number") return String(v);
  }
  return null;
}

function statusOf(err: unknown): number | undefined {
  const code = (err as { code?: unknown })?.code;
  return typeof code === "number" ? code : undefined;
}

export function auditMiddleware(): Middleware {
  return {
    name: "AnjuAudit",
    localAction(next: (ctx: Context) => Promise<unknown>, action: ActionDef) {
      const rule = auditRuleOf(action);
      // Not audited: the original handler, no wrapper cost.
      if (!rule) return next;
      const name = action.name ?? "unknown";
      return async function audited(ctx: Context) {
        const rc = getRequestContext(ctx);
        const params = (ctx.params ?? {}) as Record<string, unknown>;
        const event = {
          action: name,
          object: objectOf(rule, params),
          userId: rc?.principal.id ?? null,
          jurisdiction: rc?.jurisdiction ?? null,
          ip: clientIp(ctx, rc),
        };
        const log = auditLogOf(hostOf(ctx.broker));
        const paramsDetail = rule.params === false ? {} : { params };
        let result: unknown;
        try {
          result = await next(ctx);
        } catch (err) {
          const status = statusOf(err);
          const e = err as { type?: unknown; name?: unknown };
          await log.record({
            ...event,
            result: status === 401 || status === 403 ? "denied" : "failure",
            detail: { ...paramsDetail, error: { code: typeof e.type === "string" ? e.type : String(e.name ?? "Error"), status: status ?? null } },
          }).catch((auditErr: Error) => ctx.broker.getLogger("audit").error(`audit record of failed ${name} not written: ${auditErr.message}`));
          throw err;
        }
        try {
          await log.record({ ...event, result: "success", detail: paramsDetail });
        } catch (auditErr) {
          ctx.broker.getLogger("audit").error(`audit record of ${name} not written: ${(auditErr as Error).message}`);
          throw AuditErrors.AUDIT_NOT_RECORDED_AFTER_ACTION({ action: name, reason: (auditErr as Error).message });
        }
        return result;
      };
    },
  } as unknown as Middleware;
}
