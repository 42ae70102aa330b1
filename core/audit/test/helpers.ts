/** Shared setup: a test host running the audit service (fixed key) with the audit slot filled. */
import type { ServiceSchema } from "moleculer";
import { createTestHost, type TestHost } from "@anju/kernel/testing";
import type { AnjuHost, RequestContext } from "@anju/kernel";
import { auditMiddleware, createAuditService, type AuditOptions } from "../src/index.js";

export const KEY = "a1".repeat(32);

export interface AuditHostOptions {
  db: "sqlite" | "mysql";
  audit?: AuditOptions;
  services?: ServiceSchema[];
  dbUrl?: string;
  slot?: boolean;
}

export function startAuditHost(o: AuditHostOptions): Promise<TestHost> {
  return createTestHost({
    db: o.db,
    dbUrl: o.dbUrl,
    services: [createAuditService({ key: KEY, ...o.audit }), ...(o.services ?? [])],
    slots: o.slot === false ? {} : { audit: auditMiddleware() },
  });
}

export function user(id: string, jurisdiction: string, roles: string[] = [], ip?: string): RequestContext {
  return { principal: { id, kind: "user", roles }, jurisdiction, ...(ip ? { ip } : {}) };
}

export const auditor = (jurisdiction: string) => user("auditor-1", jurisdiction, ["audit-admin"]);

export async function rows(host: AnjuHost): Promise<Array<Record<string, unknown>>> {
  const r: Array<Record<string, unknown>> = await host.ds.query("SELECT * FROM anju_audit ORDER BY seq");
  return r.map((x) => ({ ...x, seq: Number(x.seq) }));
}

export async function count(host: AnjuHost): Promise<number> {
  const r: Array<{ n: number | string }> = await host.ds.query("SELECT COUNT(*) AS n FROM anju_audit");
  return Number(r[0].n);
}

/** A small tree: province 340000 → city 340100 → county 340104; another city 340200. */
export async function seedTree(host: AnjuHost): Promise<void> {
  await host.jurisdictions.add({ code: "340000", name: "安徽省", level: "province" });
  await host.jurisdictions.add({ code: "340100", name: "合肥市", level: "city", parentCode: "340000" });
  await host.jurisdictions.add({ code: "340104", name: "蜀山区", level: "county", parentCode: "340100" });
  await host.jurisdictions.add({ code: "340200", name: "芜湖市", level: "city", parentCode: "340000" });
}

export async function errorOf(p: Promise<unknown>): Promise<{ type?: string; code?: number; message: string; data?: Record<string, unknown> }> {
  try {
    await p;
  } catch (err) {
    return err as { type?: string; code?: number; message: string };
  }
  throw new Error("expected a rejection");
}
