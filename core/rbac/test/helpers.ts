/**
 * Shared pieces of the RBAC suites: a jurisdiction tree, request contexts, a host with the
 * RBAC service and slot, a stand-in for the audit service (C's `audit.record`), a probe service
 * with one action per permission code, and database probes.
 */
import path from "node:path";
import type { Context, ServiceSchema } from "moleculer";
import { createTestHost, type TestHost, type TestHostOptions } from "@anju/kernel/testing";
import { requireRequestContext, type AnjuHost, type RequestContext } from "@anju/kernel";
import { rbacMiddleware, rbacService, type AuditEvent, type RbacServiceOptions } from "../src/index.js";

export const PLUGIN_FIXTURES = path.join(__dirname, "fixtures/plugins");

export { TREE, seedTree, waitFor } from "@anju/kernel/testing";

export function user(id: string, jurisdiction: string, ip = "10.0.0.8"): RequestContext {
  return { principal: { id, kind: "user", name: id }, jurisdiction, ip };
}

/**
 * Stands in for C's audit service: keeps what `audit.record` receives, with user, jurisdiction
 * and IP taken from the request context that travelled with the call (as @anju/audit does).
 */
export function fakeAuditService(events: AuditEvent[]): ServiceSchema {
  return {
    name: "audit",
    actions: {
      record: {
        async handler(ctx: Context<AuditEvent>) {
          const rc = requireRequestContext(ctx);
          events.push({ userId: rc.principal.id, jurisdiction: rc.jurisdiction, ip: rc.ip ?? null, ...ctx.params });
          return { ok: true };
        },
      },
    },
  };
}

/** `probe.<name>` per permission (`:`/`.` → `_`), each declaring that permission; plus `probe.open` with none. */
export function probeName(permission: string): string {
  return `probe.${permission.replace(/[:.-]/g, "_")}`;
}

export function probeService(permissions: readonly string[]): ServiceSchema {
  const actions: Record<string, unknown> = {
    open: { async handler() { return "open"; } },
  };
  for (const p of permissions) {
    actions[probeName(p).slice("probe.".length)] = { permission: p, async handler() { return "ok"; } };
  }
  return { name: "probe", actions } as ServiceSchema;
}

export interface RbacTestHost extends TestHost { audit: AuditEvent[] }

export async function startHost(options: TestHostOptions & { probes?: readonly string[]; rbac?: RbacServiceOptions; withAudit?: boolean } = {}): Promise<RbacTestHost> {
  const audit: AuditEvent[] = [];
  const services = [rbacService(options.rbac), probeService(options.probes ?? []), ...(options.services ?? [])];
  if (options.withAudit !== false) services.push(fakeAuditService(audit));
  const t = await createTestHost({ ...options, services, slots: { rbac: rbacMiddleware(), ...options.slots } });
  return Object.assign(t, { audit });
}

/** The error a promise rejects with (fails the test if it fulfils). */
export async function rejection(p: Promise<unknown>): Promise<{ type?: string; code?: number; message: string; data?: Record<string, unknown> }> {
  try {
    await p;
  } catch (err) {
    return err as { type?: string; code?: number; message: string };
  }
  throw new Error("expected the call to fail, but it succeeded");
}

export interface StoredRule { ptype: string; v0: string; v1: string; v2: string; source: string; id: number }

export async function policyRows(host: AnjuHost): Promise<StoredRule[]> {
  const rows: StoredRule[] = await host.ds.query("SELECT id, ptype, v0, v1, v2, source FROM anju_policy ORDER BY id");
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

