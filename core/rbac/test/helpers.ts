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

/**
 *   340000 安徽省 ─┬─ 340100 合肥市 ─┬─ 340102 瑶海区
 *                  │                 └─ 340103 庐阳区
 *                  └─ 340700 铜陵市 ─── 340705 铜官区
 */
export const TREE = {
  province: "340000",
  hefei: "340100",
  yaohai: "340102",
  luyang: "340103",
  tongling: "340700",
  tongguan: "340705",
} as const;

export async function seedTree(host: AnjuHost): Promise<void> {
  const j = host.jurisdictions;
  await j.add({ code: TREE.province, name: "安徽省", level: "province" });
  await j.add({ code: TREE.hefei, name: "合肥市", level: "city", parentCode: TREE.province });
  await j.add({ code: TREE.yaohai, name: "瑶海区", level: "county", parentCode: TREE.hefei });
  await j.add({ code: TREE.luyang, name: "庐阳区", level: "county", parentCode: TREE.hefei });
  await j.add({ code: TREE.tongling, name: "铜陵市", level: "city", parentCode: TREE.province });
  await j.add({ code: TREE.tongguan, name: "铜官区", level: "county", parentCode: TREE.tongling });
}

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

/** Poll `check` until truthy; throws after `timeoutMs` naming `what`. */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs = 10_000, everyMs = 25): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() >= deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ""}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
