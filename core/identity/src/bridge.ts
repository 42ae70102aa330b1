/**
 * Calls to the audit and RBAC services. Each is tolerant of the service being absent (a bare
 * kernel, a unit test) and nothing else: any other failure propagates, so a broken audit trail
 * is noticed rather than skipped.
 *
 * Audit events travel with the caller's context (ctx.call); an anonymous caller (a sign-in)
 * records as the system with the user id in the event. RBAC queries are made as the system
 * (broker.call): identity asks about a user, it does not act as one.
 */
import type { Context, ServiceBroker } from "moleculer";
import { getRequestContext, META_KEY, systemContext } from "@anju/kernel";

/** The audit contract (owned by @anju/audit; duplicated as a type so identity does not depend on it). */
export const AUDIT_RECORD = "audit.record";

export const RbacActions = {
  grantsOf: "rbac.grantsOf",
  permissionsOf: "rbac.permissionsOf",
  grant: "rbac.grant",
  revokeAll: "rbac.revokeAll",
} as const;

export interface AuditEvent {
  action: string;
  object?: string;
  result: "success" | "failure" | "denied";
  userId?: string | null;
  jurisdiction?: string | null;
  ip?: string | null;
  detail?: Record<string, unknown>;
}

export interface Grant { role: string; jurisdiction: string }

function isMissingService(err: unknown): boolean {
  const type = (err as { type?: string })?.type;
  return type === "SERVICE_NOT_FOUND" || type === "SERVICE_NOT_AVAILABLE";
}

async function tolerant<T>(fn: () => Promise<T>, absent: T): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isMissingService(err)) return absent;
    throw err;
  }
}

const asSystem = { meta: { [META_KEY]: systemContext() } };

/**
 * Record an audit event from inside an action. The audit service lets a user record only as
 * itself (it fills user, jurisdiction and IP from the context), so an event about the caller goes
 * through `ctx.call` with those fields left out; an event about someone else (a sign-in attempt,
 * which may arrive with another session's cookie) or from an anonymous caller is recorded by the
 * system with the fields spelled out.
 */
export function audit(ctx: Context, event: AuditEvent): Promise<void> {
  const rc = getRequestContext(ctx);
  const ip = event.ip ?? rc?.ip ?? clientOf(ctx).ip ?? null;
  if (rc?.principal.kind === "user") {
    const own = (event.userId === undefined || event.userId === rc.principal.id)
      && (event.jurisdiction === undefined || event.jurisdiction === rc.jurisdiction);
    if (own) {
      const { userId: _u, jurisdiction: _j, ip: _i, ...rest } = event;
      return tolerant(async () => {
        await ctx.call(AUDIT_RECORD, rest);
      }, undefined);
    }
    return auditFromBroker(ctx.broker, { ...event, ip });
  }
  return tolerant(async () => {
    await ctx.call(AUDIT_RECORD, { ...event, ip }, rc ? {} : asSystem);
  }, undefined);
}

/** Record an event as the system (sign-in attempts: about an account, not by one). */
export function auditAsSystem(ctx: Context, event: AuditEvent): Promise<void> {
  const rc = getRequestContext(ctx);
  return auditFromBroker(ctx.broker, { ...event, ip: event.ip ?? rc?.ip ?? clientOf(ctx).ip ?? null });
}

/** Record an audit event outside any action (session checks in the gateway, bootstrap). */
export function auditFromBroker(broker: ServiceBroker, event: AuditEvent): Promise<void> {
  return tolerant(async () => {
    await broker.call(AUDIT_RECORD, event, asSystem);
  }, undefined);
}

/** null when no RBAC service runs. */
export function grantsOf(broker: ServiceBroker, userId: string): Promise<Grant[] | null> {
  return tolerant(() => broker.call(RbacActions.grantsOf, { userId }, asSystem) as Promise<Grant[]>, null);
}

/** null when no RBAC service runs. */
export function permissionsOf(broker: ServiceBroker, userId: string, jurisdiction: string): Promise<string[] | null> {
  return tolerant(() => broker.call(RbacActions.permissionsOf, { userId, jurisdiction }, asSystem) as Promise<string[]>, null);
}

/** false when no RBAC service runs. */
export function grantRole(broker: ServiceBroker, userId: string, role: string, jurisdiction: string): Promise<boolean> {
  return tolerant(async () => {
    await broker.call(RbacActions.grant, { userId, role, jurisdiction }, asSystem);
    return true;
  }, false);
}

/** false when no RBAC service runs. */
export function revokeAllRoles(broker: ServiceBroker, userId: string): Promise<boolean> {
  return tolerant(async () => {
    await broker.call(RbacActions.revokeAll, { userId }, asSystem);
    return true;
  }, false);
}

export interface ClientInfo { ip?: string; userAgent?: string; locale?: string }

/** `ctx.meta.client` as the gateway sets it for anonymous requests — read defensively. */
export function clientOf(ctx: Context): ClientInfo {
  const raw = (ctx.meta as Record<string, unknown>)?.client;
  if (typeof raw !== "object" || raw === null) return {};
  const c = raw as Record<string, unknown>;
  const str = (v: unknown, max: number) => (typeof v === "string" && v.length > 0 ? v.slice(0, max) : undefined);
  return { ip: str(c.ip, 64), userAgent: str(c.userAgent, 255), locale: str(c.locale, 16) };
}
