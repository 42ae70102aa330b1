/**
 * Shared pieces of the privacy suites: a host with the privacy service, an audit service that
 * keeps what it is told (the audit package's `audit.record` contract), an RBAC stand-in that
 * answers `rbac.permissionsOf` from a table, the fixture resident plugin, a jurisdiction tree
 * and request contexts.
 */
import path from "node:path";
import { afterEach, beforeEach } from "vitest";
import type { Context, ServiceSchema } from "moleculer";
import type { AnjuError } from "@anju/errors";
import type { AnjuHost, RequestContext } from "@anju/kernel";
import { createTestHost, type TestHost } from "@anju/kernel/testing";
import { createPrivacyService, PrivacyPermissions } from "../src/index.js";

export const PLUGINS = path.join(__dirname, "fixtures", "plugins");

/**
 *   340000 安徽省 ─┬─ 340100 合肥市 ─── 340104 蜀山区
 *                  └─ 340700 铜陵市
 */
export const TREE = { province: "340000", hefei: "340100", shushan: "340104", tongling: "340700" } as const;

export interface AuditEvent {
  action: string;
  object?: string;
  result: string;
  userId?: string | null;
  jurisdiction?: string | null;
  detail?: Record<string, unknown>;
}

export interface PrivacyTestHost {
  readonly t: TestHost;
  readonly host: AnjuHost;
  /** What `audit.record` received, in order. */
  readonly audit: AuditEvent[];
  /** userId → permissions (what `rbac.permissionsOf` answers). */
  readonly grants: Map<string, string[]>;
}

function auditService(events: AuditEvent[], failing: boolean): ServiceSchema {
  return {
    name: "audit",
    actions: {
      record: {
        handler(ctx: Context<AuditEvent>) {
          if (failing) throw new Error("audit storage is down");
          events.push({ ...ctx.params });
          return { ok: true };
        },
      },
    },
  };
}

/**
 * Calls an action from inside another action, the way the gateway does, and hands back the
 * response headers the callee set (`ctx.meta.$responseHeaders` flows back to the caller).
 */
const probeService: ServiceSchema = {
  name: "probe",
  actions: {
    call: {
      async handler(ctx: Context<{ action: string; params: Record<string, unknown> }>) {
        const result = await ctx.call(ctx.params.action, ctx.params.params);
        return { result, headers: (ctx.meta as { $responseHeaders?: Record<string, string> }).$responseHeaders ?? {} };
      },
    },
  },
};

function rbacService(grants: Map<string, string[]>): ServiceSchema {
  return { name: "rbac", actions: { permissionsOf: { handler(ctx: Context<{ userId: string }>) { return grants.get(ctx.params.userId) ?? []; } } } };
}

export interface HostSetup { audit?: boolean | "failing"; rbac?: boolean; plugin?: boolean; services?: ServiceSchema[] }

/** A fresh host per test: privacy service, optional audit/RBAC stand-ins, the resident plugin enabled. */
export function usePrivacyHost(db: "sqlite" | "mysql", setup: HostSetup = {}): PrivacyTestHost {
  let current: TestHost | undefined;
  const audit: AuditEvent[] = [];
  const grants = new Map<string, string[]>();
  beforeEach(async () => {
    audit.length = 0;
    grants.clear();
    const services = [createPrivacyService(), probeService];
    if (setup.audit !== false) services.push(auditService(audit, setup.audit === "failing"));
    if (setup.rbac !== false) services.push(rbacService(grants));
    services.push(...(setup.services ?? []));
    current = await createTestHost({ db, services, pluginDirs: setup.plugin === false ? [] : [PLUGINS] });
    const j = current.host.jurisdictions;
    await j.add({ code: TREE.province, name: "安徽省", level: "province" });
    await j.add({ code: TREE.hefei, name: "合肥市", level: "city", parentCode: TREE.province });
    await j.add({ code: TREE.shushan, name: "蜀山区", level: "county", parentCode: TREE.hefei });
    await j.add({ code: TREE.tongling, name: "铜陵市", level: "city", parentCode: TREE.province });
    if (setup.plugin !== false) {
      await current.host.plugins.install("pi-residents");
      await current.host.plugins.enable("pi-residents", TREE.province);
    }
  });
  afterEach(async () => {
    await current?.stop();
    current = undefined;
  });
  return {
    get t() { return current!; },
    get host() { return current!.host; },
    audit,
    grants,
  };
}

/** A signed-in user acting in a jurisdiction (what the gateway sets after authentication). */
export function user(id: string, jurisdiction: string, roles?: string[]): RequestContext {
  return { principal: { id, kind: "user", name: id, roles }, jurisdiction, ip: "10.0.0.7" };
}

/** Everything an officer registering residents needs, plus unmasking when `unmask` is set. */
export function officerGrants(unmask = false): string[] {
  const p = PrivacyPermissions;
  return [p.consentRead, p.consentManage, ...(unmask ? [p.unmask] : [])];
}

/** Call through the probe: `{ result, headers }`. */
export function callWithHeaders<T>(host: AnjuHost, rc: RequestContext, action: string, params: Record<string, unknown>): Promise<{ result: T; headers: Record<string, string> }> {
  return host.call("probe.call", { action, params }, rc);
}

export async function rejectionOf(promise: Promise<unknown>): Promise<AnjuError> {
  try {
    await promise;
  } catch (err) {
    return err as AnjuError;
  }
  throw new Error("expected the call to fail, it succeeded");
}
