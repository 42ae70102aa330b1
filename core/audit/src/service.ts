/**
 * The `audit` service. `record` is for other services (context travels with ctx.call); the rest
 * are for the audit administrator and carry the `audit:*` permission codes RBAC enforces. The
 * administrator's own reads of the trail (export, verify, purge) are recorded too.
 */
import type { Context, ServiceSchema } from "moleculer";
import type { Locale } from "@anju/errors";
import { CODE_PATTERN, hostOf, requireRequestContext } from "@anju/kernel";
import { ACTION_PATTERN, AuditActions, AuditPermissions, AUDIT_RESULTS, LIMITS, type AuditResult } from "./constants.js";
import { authorizeAudit, clientIp, interimAuthorize } from "./authorize.js";
import { recordVerify, type AuditLog } from "./log.js";
import type { AuditFilter } from "./query.js";
import { auditLogOf, checkAuditOptions, registerAuditOptions, type AuditOptions } from "./registry.js";

const nullableString = (max: number) => ({ type: ["string", "null"], maxLength: max });
const time = { type: "string", format: "date-time", maxLength: 40 };

export const RECORD_PARAMS = {
  type: "object",
  required: ["action", "result"],
  additionalProperties: false,
  properties: {
    action: { type: "string", minLength: 1, maxLength: LIMITS.action, pattern: ACTION_PATTERN },
    object: nullableString(LIMITS.object),
    result: { enum: [...AUDIT_RESULTS] },
    userId: nullableString(LIMITS.userId),
    jurisdiction: nullableString(LIMITS.jurisdiction),
    ip: nullableString(LIMITS.ip),
    detail: { type: "object" },
  },
} as const;

const FILTER_PROPERTIES = {
  from: time,
  to: time,
  userId: { type: "string", minLength: 1, maxLength: LIMITS.userId },
  action: { type: "string", minLength: 1, maxLength: LIMITS.action + 1, pattern: "^[a-z][a-z0-9_.:-]*\\*?$" },
  object: { type: "string", minLength: 1, maxLength: LIMITS.object },
  jurisdiction: { type: "string", pattern: CODE_PATTERN, maxLength: 32 },
  result: { enum: [...AUDIT_RESULTS] },
};
const FILTER_KEYS = Object.keys(FILTER_PROPERTIES) as Array<keyof AuditFilter>;

export interface RecordParams {
  action: string;
  object?: string | null;
  result: AuditResult;
  userId?: string | null;
  jurisdiction?: string | null;
  ip?: string | null;
  detail?: Record<string, unknown>;
}

type FilterParams = AuditFilter & { page?: number; pageSize?: number };

function filterOf(params: FilterParams): AuditFilter {
  const out: AuditFilter = {};
  for (const k of FILTER_KEYS) if (params[k] !== undefined) (out as Record<string, unknown>)[k] = params[k];
  return out;
}

function localeOf(ctx: Context, rcLocale: Locale | undefined): Locale {
  const meta = ctx.meta as { client?: { locale?: unknown } };
  const l = rcLocale ?? meta.client?.locale;
  return l === "en" ? "en" : "zh-CN";
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
}

export function createAuditService(options: AuditOptions = {}): ServiceSchema {
  checkAuditOptions(options);
  const authorize = options.authorize ?? interimAuthorize;
  const logOf = (ctx: Context): AuditLog => auditLogOf(hostOf(ctx.broker));
  const actorOf = (ctx: Context) => {
    const rc = requireRequestContext(ctx);
    return { rc, actor: { userId: rc.principal.id, jurisdiction: rc.jurisdiction, ip: clientIp(ctx, rc) } };
  };

  return {
    name: "audit",
    created() {
      registerAuditOptions(this.broker, options);
    },
    async started() {
      // Migrate and check the key before the node takes calls: a wrong key stops the start.
      await auditLogOf(hostOf(this.broker)).ready();
    },
    actions: {
      record: {
        params: RECORD_PARAMS,
        audit: false,
        async handler(ctx: Context<RecordParams>) {
          const rc = requireRequestContext(ctx);
          const p = ctx.params;
          const ip = clientIp(ctx, rc);
          const log = logOf(ctx);
          if (rc.principal.kind !== "user") {
            // The system and services record on others' behalf (a failed sign-in, a denial, a job).
            return log.record({
              action: p.action, object: p.object, result: p.result, detail: p.detail,
              userId: p.userId !== undefined ? p.userId : rc.principal.id,
              jurisdiction: p.jurisdiction !== undefined ? p.jurisdiction : rc.jurisdiction,
              ip: p.ip !== undefined ? p.ip : ip,
            });
          }
          // A user's event always carries the verified session's user, jurisdiction and address.
          // Different values a caller passed are not trusted, and not dropped either: they are
          // kept as `claimed` in detail (refusing would lose the event itself).
          const claimed: Record<string, unknown> = {};
          if (p.userId !== undefined && p.userId !== rc.principal.id) claimed.userId = p.userId;
          if (p.jurisdiction !== undefined && p.jurisdiction !== rc.jurisdiction) claimed.jurisdiction = p.jurisdiction;
          if (p.ip !== undefined && p.ip !== null && p.ip !== ip) claimed.ip = p.ip;
          const detail = Object.keys(claimed).length ? { ...(p.detail ?? {}), claimed } : p.detail;
          return log.record({ action: p.action, object: p.object, result: p.result, detail, userId: rc.principal.id, jurisdiction: rc.jurisdiction, ip });
        },
      },

      query: {
        permission: AuditPermissions.read,
        audit: false,
        params: {
          type: "object",
          additionalProperties: false,
          properties: {
            ...FILTER_PROPERTIES,
            page: { type: "integer", minimum: 1, maximum: 1_000_000, default: 1 },
            pageSize: { type: "integer", minimum: 1, maximum: 500, default: 50 },
          },
        },
        async handler(ctx: Context<FilterParams>) {
          const log = logOf(ctx);
          const rc = await authorizeAudit(ctx, log, authorize, AuditPermissions.read, AuditActions.query);
          return log.query(filterOf(ctx.params), { jurisdiction: rc.jurisdiction }, ctx.params.page ?? 1, ctx.params.pageSize ?? 50);
        },
      },

      export: {
        permission: AuditPermissions.export,
        audit: false,
        params: { type: "object", additionalProperties: false, properties: FILTER_PROPERTIES },
        async handler(ctx: Context<FilterParams>) {
          const log = logOf(ctx);
          const rc = await authorizeAudit(ctx, log, authorize, AuditPermissions.export, AuditActions.export);
          const { actor } = actorOf(ctx);
          const filter = filterOf(ctx.params);
          let out: { csv: string; rows: number };
          try {
            out = await log.exportCsv(filter, { jurisdiction: rc.jurisdiction }, localeOf(ctx, rc.locale));
          } catch (err) {
            await log.record({ ...actor, action: AuditActions.export, result: "failure", detail: { filter, error: (err as { type?: string }).type ?? "ERROR" } });
            throw err;
          }
          await log.record({ ...actor, action: AuditActions.export, result: "success", detail: { filter, rows: out.rows } });
          const meta = ctx.meta as Record<string, unknown>;
          meta.$responseType = "text/csv; charset=utf-8";
          meta.$responseHeaders = { "Content-Disposition": `attachment; filename="anju-audit-${stamp(new Date())}.csv"` };
          return out.csv;
        },
      },

      verify: {
        permission: AuditPermissions.verify,
        audit: false,
        params: {
          type: "object",
          additionalProperties: false,
          properties: {
            anchorSeq: { type: "integer", minimum: 1 },
            anchorHash: { type: "string", pattern: "^[0-9a-f]{64}$" },
            // Incremental: the head of an earlier report; only rows after it are walked.
            sinceSeq: { type: "integer", minimum: 1 },
            sinceHash: { type: "string", pattern: "^[0-9a-f]{64}$" },
          },
          dependencies: { anchorSeq: ["anchorHash"], anchorHash: ["anchorSeq"], sinceSeq: ["sinceHash"], sinceHash: ["sinceSeq"] },
        },
        async handler(ctx: Context<{ anchorSeq?: number; anchorHash?: string; sinceSeq?: number; sinceHash?: string }>) {
          const log = logOf(ctx);
          await authorizeAudit(ctx, log, authorize, AuditPermissions.verify, AuditActions.verify);
          const { actor } = actorOf(ctx);
          const p = ctx.params;
          const anchor = p.anchorSeq !== undefined ? { seq: p.anchorSeq, hash: p.anchorHash! } : undefined;
          const since = p.sinceSeq !== undefined ? { seq: p.sinceSeq, hash: p.sinceHash! } : undefined;
          return recordVerify(log, { anchor, since }, actor, "api");
        },
      },

      purge: {
        permission: AuditPermissions.purge,
        audit: false,
        params: { type: "object", required: ["before"], additionalProperties: false, properties: { before: time } },
        async handler(ctx: Context<{ before: string }>) {
          const log = logOf(ctx);
          await authorizeAudit(ctx, log, authorize, AuditPermissions.purge, AuditActions.purge);
          const { actor } = actorOf(ctx);
          return log.purge(new Date(ctx.params.before), actor);
        },
      },
    },
  } as ServiceSchema;
}

/** The service with default options (key from ANJU_AUDIT_KEY or `<dataDir>/audit.key`). */
export const auditService: ServiceSchema = createAuditService();
