/**
 * Identity test kit: a fake clock (time moves only when a test says so), stand-ins for the audit
 * and RBAC services that record what identity asks of them, a small jurisdiction tree, and a
 * "browser" that talks to the actions the way the gateway will — cookie in, request context
 * from `authenticateSession`, Set-Cookie back.
 */
import type { Context, ServiceSchema } from "moleculer";
import { afterAll, beforeAll } from "vitest";
import type { AnjuError } from "@anju/errors";
import { META_KEY, requireRequestContext, type AnjuHost, type RequestContext } from "@anju/kernel";
import { createTestHost, type TestHost } from "@anju/kernel/testing";
import { authenticateSession, identityServices, SUGGESTED_ROLE_PERMISSIONS, type IdentityConfigInput } from "../src/index.js";
import type { AuditEvent, Grant } from "../src/bridge.js";

export const TREE = { province: "340000", hefei: "340100", yaohai: "340102", luyang: "340103", tongling: "340700" } as const;

export async function seedTree(host: AnjuHost): Promise<void> {
  const j = host.jurisdictions;
  await j.add({ code: TREE.province, name: "安徽省", level: "province" });
  await j.add({ code: TREE.hefei, name: "合肥市", level: "city", parentCode: TREE.province });
  await j.add({ code: TREE.yaohai, name: "瑶海区", level: "county", parentCode: TREE.hefei });
  await j.add({ code: TREE.luyang, name: "庐阳区", level: "county", parentCode: TREE.hefei });
  await j.add({ code: TREE.tongling, name: "铜陵市", level: "city", parentCode: TREE.province });
}

export class FakeClock {
  private t: number;
  constructor(start = "2026-03-02T08:00:00.000Z") {
    this.t = Date.parse(start);
  }
  now = (): Date => new Date(this.t);
  advance(ms: number): void {
    this.t += ms;
  }
  minutes(n: number): void {
    this.advance(n * 60_000);
  }
}

/**
 * Records every `audit.record` call the way @anju/audit does: the caller must have a request
 * context, user/jurisdiction/IP default to the caller's, and a user may not record as someone else.
 */
export function fakeAudit(events: AuditEvent[]): ServiceSchema {
  return {
    name: "audit",
    actions: {
      record: {
        params: {
          type: "object", required: ["action", "result"], additionalProperties: false,
          properties: {
            action: { type: "string", pattern: "^[a-z][a-z0-9_-]*([.:][a-z0-9_-]+)*$" }, result: { enum: ["success", "failure", "denied"] },
            object: { type: ["string", "null"] }, userId: { type: ["string", "null"] }, jurisdiction: { type: ["string", "null"] },
            ip: { type: ["string", "null"] }, detail: { type: "object" },
          },
        },
        handler(ctx: Context<AuditEvent>) {
          const rc = requireRequestContext(ctx);
          const p = ctx.params;
          // No secrets in the trail: a test fails loudly if a password-like field slips in.
          const text = JSON.stringify(p);
          if (/password"\s*:\s*"|Secr3t|secret"\s*:/i.test(text)) throw new Error(`audit event carries a secret: ${text}`);
          const ip = rc.ip ?? ((ctx.meta as { client?: { ip?: string } }).client?.ip) ?? null;
          if (rc.principal.kind === "user") {
            const own: Array<[keyof AuditEvent, unknown]> = [["userId", rc.principal.id], ["jurisdiction", rc.jurisdiction], ["ip", ip]];
            for (const [field, value] of own) if (p[field] !== undefined && p[field] !== value) throw new Error(`user recorded ${field} of someone else: ${text}`);
          }
          events.push(structuredClone({
            ...p,
            userId: p.userId !== undefined ? p.userId : rc.principal.id,
            jurisdiction: p.jurisdiction !== undefined ? p.jurisdiction : rc.jurisdiction,
            ip: p.ip !== undefined ? p.ip : ip,
          }));
        },
      },
    },
  };
}

/** In-memory RBAC with subtree semantics and identity's suggested role → permission map. */
export function fakeRbac(grants: Map<string, Grant[]>, host: () => AnjuHost, revokedAll: string[] = []): ServiceSchema {
  return {
    name: "rbac",
    actions: {
      grantsOf: { handler: (ctx: Context<{ userId: string }>) => grants.get(ctx.params.userId) ?? [] },
      async permissionsOf(ctx: Context<{ userId: string; jurisdiction: string }>) {
        const perms = new Set<string>();
        for (const g of grants.get(ctx.params.userId) ?? []) {
          if (await host().jurisdictions.isWithin(ctx.params.jurisdiction, g.jurisdiction)) {
            for (const p of SUGGESTED_ROLE_PERMISSIONS[g.role] ?? []) perms.add(p);
          }
        }
        return [...perms].sort();
      },
      grant: {
        handler(ctx: Context<{ userId: string; role: string; jurisdiction: string }>) {
          const list = grants.get(ctx.params.userId) ?? [];
          if (!list.some((g) => g.role === ctx.params.role && g.jurisdiction === ctx.params.jurisdiction)) list.push({ role: ctx.params.role, jurisdiction: ctx.params.jurisdiction });
          grants.set(ctx.params.userId, list);
          return { granted: true };
        },
      },
      revokeAll: {
        handler(ctx: Context<{ userId: string }>) {
          grants.delete(ctx.params.userId);
          revokedAll.push(ctx.params.userId);
          return { revoked: true };
        },
      },
    },
  };
}

/** Calls an action with a request context, the way the gateway will, and hands back the Set-Cookie header. */
const relayService: ServiceSchema = {
  name: "testrelay",
  actions: {
    async call(ctx: Context<{ action: string; params: Record<string, unknown> }>) {
      const result = await ctx.call(ctx.params.action, ctx.params.params);
      const headers = (ctx.meta as Record<string, unknown>).$responseHeaders as Record<string, string> | undefined;
      return { result, setCookie: headers?.["Set-Cookie"] ?? null };
    },
  },
};

export interface IdentityKit {
  readonly t: TestHost;
  readonly host: AnjuHost;
  clock: FakeClock;
  audit: AuditEvent[];
  grants: Map<string, Grant[]>;
  revokedAll: string[];
  browser(ip?: string, secure?: boolean): Browser;
  /** Sign in through a fresh browser; fails the test if refused. */
  signIn(username: string, password: string, otp?: string): Promise<Browser>;
}

/**
 * One host per `describe` (per database kind): identity's services with a fake clock, fake
 * audit and RBAC, the tree seeded. Tests use their own usernames so they do not interfere.
 */
export function useIdentityHost(db: "sqlite" | "mysql", config: IdentityConfigInput = {}, extra: { rbac?: boolean; audit?: boolean; seed?: boolean } = {}): IdentityKit {
  const kit = {
    clock: new FakeClock(),
    audit: [] as AuditEvent[],
    grants: new Map<string, Grant[]>(),
    revokedAll: [] as string[],
  } as IdentityKit & { _t?: TestHost };
  beforeAll(async () => {
    // scrypt at its floor (2^14) keeps suites quick; the login suite runs the production default.
    const services = [...identityServices({ config: { ...config, hashing: { N: 2 ** 14, r: 8, p: 1, ...config.hashing } }, now: kit.clock.now }), relayService];
    if (extra.audit !== false) services.push(fakeAudit(kit.audit));
    if (extra.rbac !== false) services.push(fakeRbac(kit.grants, () => kit.host, kit.revokedAll));
    kit._t = await createTestHost({ db, services });
    if (extra.seed !== false) await seedTree(kit._t.host);
  });
  afterAll(async () => {
    await kit._t?.stop();
  });
  Object.defineProperty(kit, "t", { get: () => kit._t! });
  Object.defineProperty(kit, "host", { get: () => kit._t!.host });
  kit.browser = (ip = "10.0.0.1", secure = false) => new Browser(kit, ip, secure);
  kit.signIn = async (username, password, otp) => {
    const b = kit.browser();
    await b.call("auth.login", { username, password, ...(otp ? { otp } : {}) });
    return b;
  };
  return kit;
}

/** A cookie jar plus the gateway's two steps: authenticate the cookie, then call as that context. */
export class Browser {
  cookie: string | null = null;
  lastSetCookie: string | null = null;
  constructor(private readonly kit: IdentityKit, readonly ip: string, readonly secure = false) {}

  async context(action: string): Promise<RequestContext | null> {
    return authenticateSession(this.kit.host, this.cookie ? `theme=dark; anju_sid=${this.cookie}` : undefined, { ip: this.ip, userAgent: "vitest", action });
  }

  async call<T = any>(action: string, params: Record<string, unknown> = {}): Promise<T> { // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read varied shapes
    const rc = await this.context(action);
    const meta: Record<string, unknown> = { client: { ip: this.ip, userAgent: "vitest", ...(this.secure ? { secure: true } : {}) } };
    if (rc) meta[META_KEY] = rc;
    const out = await this.kit.host.broker.call("testrelay.call", { action, params }, { meta }) as { result: T; setCookie: string | null };
    this.lastSetCookie = out.setCookie;
    if (out.setCookie) {
      const value = /^anju_sid=([^;]*)/.exec(out.setCookie)?.[1] ?? "";
      this.cookie = /Max-Age=0/.test(out.setCookie) || value === "" ? null : value;
    }
    return out.result;
  }
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<AnjuError> {
  try {
    await promise;
  } catch (err) {
    return err as AnjuError;
  }
  throw new Error("expected the call to be refused, but it succeeded");
}

/** Messages of a refused call in both languages (AnjuError locally, data.messages after a hop). */
export function messagesOf(err: AnjuError): { "zh-CN": string; en: string } {
  return (err.messages ?? (err.data as { messages: { "zh-CN": string; en: string } }).messages);
}

export const system: RequestContext = { principal: { id: "system", kind: "system", name: "system" }, jurisdiction: null };

export function count(ds: AnjuHost["ds"], sql: string, params: unknown[] = []): Promise<number> {
  return ds.query(sql, params).then((r: Array<{ n: number }>) => Number(r[0].n));
}

/** A ready account (password already chosen, no change due) with optional role grants. */
export async function makeUser(kit: IdentityKit, username: string, options: { password?: string; home?: string; roles?: Array<[string, string]> } = {}) {
  const { createUser } = await import("../src/accounts.js");
  const { runtimeOf } = await import("../src/runtime.js");
  const password = options.password ?? "Secr3t!Alpha";
  const made = await createUser(runtimeOf(kit.host), { username, password, homeJurisdiction: options.home ?? TREE.hefei, mustChangePassword: false });
  if (options.roles) kit.grants.set(made.user.id, options.roles.map(([role, jurisdiction]) => ({ role, jurisdiction })));
  return { ...made.user, password };
}

/** Events since a mark: `const mark = kit.audit.length; …; since(kit, mark)`. */
export function since(kit: IdentityKit, mark: number): AuditEvent[] {
  return kit.audit.slice(mark);
}
