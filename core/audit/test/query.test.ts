/**
 * Reading the trail is for the audit administrator only, limited to the jurisdiction subtree
 * of the session, newest first, with filters and paging; CSV export opens in Excel (BOM) and
 * cannot smuggle formulas. Every denial and every export is itself recorded.
 */
import type { Context, ServiceSchema } from "moleculer";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDbKinds, type TestHost } from "@anju/kernel/testing";
import { systemContext, type RequestContext } from "@anju/kernel";
import { AuditActions, recordAudit, type QueryPage } from "../src/index.js";
import { auditor, errorOf, rows, seedTree, startAuditHost, user } from "./helpers.js";

let now = new Date("2026-03-01T08:00:00.000Z");
const tick = () => {
  now = new Date(now.getTime() + 60_000);
  return now;
};

/** Calls audit.export from inside an action, so the response meta (content type, filename) is visible. */
const probe: ServiceSchema = {
  name: "probe",
  actions: {
    export: {
      async handler(ctx: Context<Record<string, unknown>>) {
        const body = await ctx.call<string, Record<string, unknown>>(AuditActions.export, ctx.params);
        const meta = ctx.meta as Record<string, unknown>;
        return { body, type: meta.$responseType, headers: meta.$responseHeaders };
      },
    },
  },
};

const EVENTS = [
  { action: "identity.login", result: "success", userId: "u-1", jurisdiction: "340100", ip: "192.0.2.1" },
  { action: "identity.login", result: "failure", userId: null, jurisdiction: null, ip: "203.0.113.9", detail: { username: "ghost" } },
  { action: "plugins.enable", result: "success", userId: "u-2", jurisdiction: "340104", object: "hefei-ops" },
  { action: "identity.login", result: "success", userId: "u-3", jurisdiction: "340200" },
  { action: "rbac.grant", result: "success", userId: "u-1", jurisdiction: "340000", object: "=HYPERLINK(\"http://x\")" },
  { action: "pi.unmask", result: "denied", userId: "u-2", jurisdiction: "340104", object: "resident:1" },
] as const;

describe.each(testDbKinds())("audit query and export on %s", (db) => {
  let t: TestHost;
  beforeEach(async () => {
    now = new Date("2026-03-01T08:00:00.000Z");
    t = await startAuditHost({ db, audit: { clock: tick, exportLimit: 20 }, services: [probe] });
    await seedTree(t.host);
    for (const e of EVENTS) await recordAudit(t.host, e);
  });
  afterEach(() => t.stop());

  const query = (rc: RequestContext, params: Record<string, unknown> = {}) => t.host.call<QueryPage>(AuditActions.query, params, rc);

  it("only the audit administrator may read: others get 403 FORBIDDEN and the denial is recorded", async () => {
    for (const roles of [[], ["system-admin"], ["security-admin"], ["jurisdiction-admin"]]) {
      const err = await errorOf(query(user("u-9", "340100", roles)));
      expect(err).toMatchObject({ type: "FORBIDDEN", code: 403 });
    }
    for (const action of [AuditActions.export, AuditActions.verify]) {
      expect(await errorOf(t.host.call(action, {}, user("u-9", "340100", ["system-admin"])))).toMatchObject({ type: "FORBIDDEN" });
    }
    const denied = (await rows(t.host)).filter((r) => r.result === "denied" && r.user_id === "u-9");
    expect(denied.map((r) => r.action)).toEqual([...Array(4).fill(AuditActions.query), AuditActions.export, AuditActions.verify]);
    expect(JSON.parse(String(denied[0].detail))).toEqual({ permission: "audit:read" });
  });

  it("an auditor at the root sees everything, newest first, including events with no jurisdiction", async () => {
    const page = await query(auditor("340000"));
    expect(page.total).toBe(6);
    expect(page.items.map((e) => e.seq)).toEqual([6, 5, 4, 3, 2, 1]);
    expect(page.items[4]).toMatchObject({ action: "identity.login", result: "failure", userId: null, jurisdiction: null, ip: "203.0.113.9", detail: { username: "ghost" } });
    expect(page.items[0].at).toBe("2026-03-01T08:06:00.000Z");
  });

  it("an auditor of a city sees only the city's subtree", async () => {
    const page = await query(auditor("340100"));
    expect(page.items.map((e) => [e.seq, e.jurisdiction])).toEqual([[6, "340104"], [3, "340104"], [1, "340100"]]);
  });

  it("the jurisdiction filter narrows inside the subtree; a node outside it is 404 as if it did not exist", async () => {
    const page = await query(auditor("340100"), { jurisdiction: "340104" });
    expect(page.items.map((e) => e.seq)).toEqual([6, 3]);
    for (const code of ["340200", "340000", "999999"]) {
      expect(await errorOf(query(auditor("340100"), { jurisdiction: code }))).toMatchObject({ type: "AUDIT_JURISDICTION_NOT_FOUND", code: 404 });
    }
  });

  it("filters by user, action (exact or prefix*), result and time range; pages", async () => {
    const root = auditor("340000");
    expect((await query(root, { userId: "u-1" })).items.map((e) => e.seq)).toEqual([5, 1]);
    expect((await query(root, { action: "identity.*" })).items.map((e) => e.seq)).toEqual([4, 2, 1]);
    expect((await query(root, { action: "identity.login", result: "failure" })).items.map((e) => e.seq)).toEqual([2]);
    expect((await query(root, { from: "2026-03-01T08:02:00Z", to: "2026-03-01T08:04:00Z" })).items.map((e) => e.seq)).toEqual([3, 2]);
    const p2 = await query(root, { page: 2, pageSize: 2 });
    expect(p2).toMatchObject({ total: 6, page: 2, pageSize: 2 });
    expect(p2.items.map((e) => e.seq)).toEqual([4, 3]);
    // Query strings arrive as text: coerced.
    expect((await query(root, { page: "3", pageSize: "2" })).items.map((e) => e.seq)).toEqual([2, 1]);
  });

  it("bad filters are refused with coded errors", async () => {
    const root = auditor("340000");
    for (const params of [{ pageSize: 501 }, { page: 0 }, { from: "yesterday" }, { action: "'; DROP TABLE x" }, { jurisdiction: "<b>" }, { result: "ok" }, { other: 1 }]) {
      expect(await errorOf(query(root, params))).toMatchObject({ type: "VALIDATION_FAILED", code: 422 });
    }
    expect(await errorOf(query(root, { from: "2026-03-02T00:00:00Z", to: "2026-03-01T00:00:00Z" }))).toMatchObject({ type: "AUDIT_RANGE_INVALID" });
  });

  it("CSV export: UTF-8 BOM, header row, newest first, formulas defused, served as text/csv attachment, and recorded", async () => {
    const out = await t.host.call<{ body: string; type: string; headers: Record<string, string> }>("probe.export", { jurisdiction: "340000" }, auditor("340000"));
    expect(out.type).toBe("text/csv; charset=utf-8");
    expect(out.headers["Content-Disposition"]).toMatch(/^attachment; filename="anju-audit-\d{8}-\d{6}\.csv"$/);
    expect(out.body.startsWith("\ufeff序号,时间(UTC),用户,行政区划,操作,对象,结果,来源IP,详情\r\n")).toBe(true);
    const lines = out.body.slice(1).trim().split("\r\n");
    // Root subtree rows (no null-jurisdiction row: the filter names a node).
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(["6", "5", "4", "3", "1"]);
    expect(lines[2]).toContain(`"'=HYPERLINK(""http://x"")"`);
    const last = (await rows(t.host)).at(-1)!;
    expect(last).toMatchObject({ action: "audit.export", result: "success", user_id: "auditor-1", jurisdiction: "340000" });
    expect(JSON.parse(String(last.detail))).toEqual({ filter: { jurisdiction: "340000" }, rows: 5 });
  });

  it("CSV export in English for an English session", async () => {
    const rc = { ...auditor("340000"), locale: "en" as const };
    const out = await t.host.call<{ body: string }>("probe.export", { action: "identity.*" }, rc);
    expect(out.body.split("\r\n")[0]).toBe("\ufeffseq,time (UTC),user,jurisdiction,action,object,result,source IP,detail");
    expect(out.body.trim().split("\r\n")).toHaveLength(4);
  });

  it("an export larger than the limit is refused (413) and the refusal recorded", async () => {
    for (let i = 0; i < 20; i++) await recordAudit(t.host, { action: "identity.login", result: "success", jurisdiction: "340100" });
    const err = await errorOf(t.host.call(AuditActions.export, {}, systemContext()));
    expect(err).toMatchObject({ type: "AUDIT_EXPORT_TOO_LARGE", code: 413 });
    expect((await rows(t.host)).at(-1)).toMatchObject({ action: "audit.export", result: "failure" });
  });
});
