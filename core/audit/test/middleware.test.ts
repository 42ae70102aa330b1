/**
 * The audit slot records every call of an action marked `audit: true` or whose permission
 * ends in a changing verb (`:manage`, `:delete`, …), with success / failure / denied, the
 * caller and the (sanitised) params; reads are not recorded. The sink the kernel will call
 * writes the same rows.
 */
import type { Context, ServiceSchema } from "moleculer";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDbKinds, type TestHost } from "@anju/kernel/testing";
import { KernelErrors } from "@anju/kernel";
import { auditRuleOf, createAuditSink } from "../src/index.js";
import { count, errorOf, rows, startAuditHost, user } from "./helpers.js";

// Custom action keys (permission, audit) and JSON Schema params are not in Moleculer's types.
const things = {
  name: "things",
  actions: {
    configure: { permission: "things:manage", handler: () => ({ ok: true }) },
    list: { permission: "things:read", handler: () => [] },
    flagged: { audit: true, handler: () => "ok" },
    custom: { permission: "things:write", audit: { object: (p: Record<string, unknown>) => `thing:${String(p.name)}`, params: false }, handler: () => "ok" },
    quiet: { permission: "things:manage", audit: false, handler: () => "ok" },
    boom: { permission: "things:delete", handler: () => { throw KernelErrors.NOT_FOUND({ what: "thing" }); } },
    refuse: { permission: "things:update", handler: () => { throw KernelErrors.FORBIDDEN(); } },
    validated: {
      permission: "things:write",
      params: { type: "object", required: ["n"], properties: { n: { type: "integer" } }, additionalProperties: false },
      handler: (ctx: Context<{ n: number }>) => ctx.params.n,
    },
  },
} as unknown as ServiceSchema;

describe("which actions are audited", () => {
  it("audit flag first, then the permission verb", () => {
    expect(auditRuleOf({ permission: "host.plugin:manage" })).toEqual({});
    expect(auditRuleOf({ permission: "pi:unmask" })).toEqual({});
    expect(auditRuleOf({ permission: "audit:export" })).toEqual({});
    expect(auditRuleOf({ permission: "host.plugin:read" })).toBeNull();
    expect(auditRuleOf({})).toBeNull();
    expect(auditRuleOf({ audit: true })).toEqual({});
    expect(auditRuleOf({ audit: false, permission: "x:manage" })).toBeNull();
  });
});

describe.each(testDbKinds())("audit middleware on %s", (db) => {
  let t: TestHost;
  beforeEach(async () => {
    t = await startAuditHost({ db, services: [things] });
  });
  afterEach(() => t.stop());

  const alice = user("alice", "340104", ["jurisdiction-admin"], "192.0.2.44");

  it("a managing call is recorded with caller, jurisdiction, IP, object and params — secrets removed", async () => {
    await t.host.call("things.configure", { id: "t-1", password: "hunter2!", note: "fix" }, alice);
    const [r] = await rows(t.host);
    expect(r).toMatchObject({ action: "things.configure", object: "t-1", result: "success", user_id: "alice", jurisdiction: "340104", ip: "192.0.2.44" });
    expect(JSON.parse(String(r.detail))).toEqual({ params: { id: "t-1", note: "fix" } });
  });

  it("reads and opted-out actions are not recorded", async () => {
    await t.host.call("things.list", {}, alice);
    await t.host.call("things.quiet", {}, alice);
    expect(await count(t.host)).toBe(0);
  });

  it("audit: true and per-action options (object, no params)", async () => {
    await t.host.call("things.flagged", {}, alice);
    await t.host.call("things.custom", { name: "gate-3", secretish: "x" }, alice);
    const r = await rows(t.host);
    expect(r.map((x) => [x.action, x.object, x.detail])).toEqual([
      ["things.flagged", null, JSON.stringify({ params: {} })],
      ["things.custom", "thing:gate-3", "{}"],
    ]);
  });

  it("a failing call is recorded as failure with its error code; a refusal by the action as denied", async () => {
    expect(await errorOf(t.host.call("things.boom", { id: "t-9" }, alice))).toMatchObject({ type: "NOT_FOUND" });
    expect(await errorOf(t.host.call("things.refuse", {}, alice))).toMatchObject({ type: "FORBIDDEN" });
    const r = await rows(t.host);
    expect(r.map((x) => [x.action, x.result, JSON.parse(String(x.detail)).error])).toEqual([
      ["things.boom", "failure", { code: "NOT_FOUND", status: 404 }],
      ["things.refuse", "denied", { code: "FORBIDDEN", status: 403 }],
    ]);
  });

  it("bad input to an audited action is recorded as a failure with VALIDATION_FAILED", async () => {
    expect(await errorOf(t.host.call("things.validated", { n: "<script>" }, alice))).toMatchObject({ type: "VALIDATION_FAILED" });
    const [r] = await rows(t.host);
    expect(r).toMatchObject({ action: "things.validated", result: "failure" });
    expect(JSON.parse(String(r.detail)).error.code).toBe("VALIDATION_FAILED");
  });

  it("when the record cannot be written after the action succeeded, the caller is told (503), not left believing it was audited", async () => {
    await t.host.ds.query("DROP TABLE anju_audit");
    const err = await errorOf(t.host.call("things.configure", { id: "t-1" }, alice));
    expect(err).toMatchObject({ type: "AUDIT_NOT_RECORDED_AFTER_ACTION", code: 503 });
  });

  it("the kernel sink writes a record and rejects when it cannot", async () => {
    const sink = createAuditSink(t.host);
    await sink.record({ action: "plugins.enable", object: "hefei-ops", result: "success", userId: "alice", jurisdiction: "340104", detail: { jurisdiction: "340104" } });
    expect(await rows(t.host)).toEqual([expect.objectContaining({ action: "plugins.enable", object: "hefei-ops", user_id: "alice" })]);
    await t.host.ds.query("DROP TABLE anju_audit");
    await expect(sink.record({ action: "plugins.disable", result: "success" })).rejects.toMatchObject({ type: "AUDIT_WRITE_FAILED" });
  });
});
