/**
 * `audit.record`: what a record holds (UTC time, user, jurisdiction, action, object, result,
 * source IP), who may speak for whom, and that secrets and raw personal information never
 * reach the table. Bad input is refused with a coded error and nothing is written.
 */
import type { Context, ServiceSchema } from "moleculer";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDbKinds, type TestHost } from "@anju/kernel/testing";
import { systemContext, type RequestContext } from "@anju/kernel";
import { AuditActions, emitAudit, serialiseDetail } from "../src/index.js";
import { count, errorOf, rows, startAuditHost, user } from "./helpers.js";

const svc = (id: string): RequestContext => ({ principal: { id, kind: "service" }, jurisdiction: "340100" });

describe("detail sanitising", () => {
  it("drops secret and PI keys, masks ID and mobile numbers in text, keeps the rest", () => {
    const json = serialiseDetail({
      username: "zhang", password: "S3cret!pass", otp: "123456", newPassword: "x", accessToken: "t", client_secret: "s",
      idNumber: "340104199003071234", phone: "13812345678", id_card: "x", plateNumber: "皖A12345", homeAddress: "x",
      note: "证件 34010419900307123X，电话 13812345678", nested: { apiKey: "k", keep: 1, deeper: { Cookie: "c", ok: true } },
    });
    const d = JSON.parse(json!);
    expect(d).toEqual({
      username: "zhang",
      note: "证件 340***********123X，电话 138****5678",
      nested: { keep: 1, deeper: { ok: true } },
    });
    expect(json).not.toMatch(/S3cret|123456|13812345678|340104199003071234/);
  });

  it("caps size: long strings, long arrays, deep nesting, huge documents", () => {
    const d = JSON.parse(serialiseDetail({ s: "x".repeat(10_000), a: Array.from({ length: 100 }, (_, i) => i), deep: { a: { b: { c: { d: { e: 1 } } } } } })!);
    expect(d.s.length).toBeLessThanOrEqual(257);
    expect(d.a).toHaveLength(21);
    expect(JSON.stringify(d.deep)).toContain("[…]");
    const big = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, "y".repeat(200)]));
    const capped = serialiseDetail(big)!;
    expect(capped.length).toBeLessThanOrEqual(4096);
    expect(JSON.parse(capped).truncated).toBe(true);
  });
});

describe.each(testDbKinds())("audit.record on %s", (db) => {
  let t: TestHost;
  beforeEach(async () => {
    t = await startAuditHost({ db });
  });
  afterEach(() => t.stop());

  it("records the caller's user, jurisdiction and IP from the request context, time in UTC", async () => {
    const before = Date.now();
    const r = await t.host.call<{ seq: number }>(AuditActions.record,
      { action: "identity.password.change", object: "user:u-7", result: "success", detail: { policy: "H9" } },
      user("u-7", "340100", [], "192.0.2.10"));
    expect(r.seq).toBe(1);
    const [row] = await rows(t.host);
    expect(row).toMatchObject({ user_id: "u-7", jurisdiction: "340100", action: "identity.password.change", object: "user:u-7", result: "success", ip: "192.0.2.10" });
    const at = new Date(typeof row.at === "string" ? `${String(row.at).replace(" ", "T")}Z` : (row.at as Date)).getTime();
    expect(at).toBeGreaterThanOrEqual(before - 5);
    expect(at).toBeLessThanOrEqual(Date.now() + 5);
  });

  it("a user's event always carries the session's user, jurisdiction and IP; other values passed are kept only as a claim", async () => {
    const alice = user("u-7", "340100", [], "192.0.2.10");
    await t.host.call(AuditActions.record, { action: "identity.login", result: "success", userId: "admin", jurisdiction: "340000", ip: "10.9.9.9" }, alice);
    await t.host.call(AuditActions.record, { action: "identity.login", result: "success", userId: null }, alice);
    // The session's own values (or no IP at all) are not claims.
    await t.host.call(AuditActions.record, { action: "identity.login", result: "success", userId: "u-7", jurisdiction: "340100", ip: null }, alice);
    const r = await rows(t.host);
    expect(r.map((x) => [x.user_id, x.jurisdiction, x.ip])).toEqual(Array(3).fill(["u-7", "340100", "192.0.2.10"]));
    expect(r.map((x) => x.detail && JSON.parse(String(x.detail)))).toEqual([
      { claimed: { userId: "admin", jurisdiction: "340000", ip: "10.9.9.9" } },
      { claimed: { userId: null } },
      null,
    ]);
  });

  it("the system and service principals may name the user, jurisdiction and IP (failed login, denial)", async () => {
    await t.host.call(AuditActions.record, { action: "identity.login", result: "failure", userId: null, jurisdiction: null, ip: "203.0.113.5", detail: { username: "nobody", password: "guess" } }, systemContext());
    await t.host.call(AuditActions.record, { action: "rbac.denied", result: "denied", userId: "u-9", jurisdiction: "340104", object: "plugins.enable" }, svc("rbac"));
    const r = await rows(t.host);
    expect(r.map((x) => [x.action, x.result, x.user_id, x.jurisdiction, x.ip])).toEqual([
      ["identity.login", "failure", null, null, "203.0.113.5"],
      ["rbac.denied", "denied", "u-9", "340104", null],
    ]);
    expect(r[0].detail).toBe(JSON.stringify({ username: "nobody" }));
  });

  it("no secret or raw PI reaches the table, whatever the caller puts in detail", async () => {
    await t.host.call(AuditActions.record, {
      action: "pi.unmask", object: "resident:42", result: "success",
      detail: { field: "idNumber", idNumber: "340104199003071234", phone: "13812345678", reason: "核查 13812345678", otp: "654321", token: "abc" },
    }, user("u-1", "340100"));
    const dump = JSON.stringify(await t.host.ds.query("SELECT * FROM anju_audit"));
    expect(dump).not.toMatch(/340104199003071234|13812345678|654321|"abc"/);
    expect(JSON.parse(String((await rows(t.host))[0].detail))).toEqual({ field: "idNumber", reason: "核查 138****5678" });
  });

  it("bad input is refused with VALIDATION_FAILED and nothing is written", async () => {
    const bad: Array<Record<string, unknown>> = [
      { action: "x'; DROP TABLE anju_audit; --", result: "success" },
      { action: "<script>alert(1)</script>", result: "success" },
      { action: "identity.login", result: "maybe" },
      { action: "identity.login" },
      { action: "a".repeat(101), result: "success" },
      { action: "identity.login", result: "success", object: "o".repeat(201) },
      { action: "identity.login", result: "success", userId: "u".repeat(65) },
      { action: "identity.login", result: "success", detail: "not an object" },
      { action: "identity.login", result: "success", at: "2000-01-01T00:00:00Z" },
      { action: "identity.login", result: "success", seq: 1 },
    ];
    for (const params of bad) {
      const err = await errorOf(t.host.call(AuditActions.record, params, systemContext()));
      expect(err).toMatchObject({ type: "VALIDATION_FAILED", code: 422 });
    }
    expect(await count(t.host)).toBe(0);
  });

  it("an anonymous call is refused (401): only an authenticated or system caller records", async () => {
    const err = await errorOf(t.host.broker.call(AuditActions.record, { action: "identity.login", result: "success" }));
    expect(err).toMatchObject({ type: "UNAUTHENTICATED", code: 401 });
    expect(await count(t.host)).toBe(0);
  });

  it("unicode edge cases are stored and verified as sent (emoji, combining marks, lone surrogates cleaned)", async () => {
    await t.host.call(AuditActions.record, { action: "forms.publish", object: "表单🚀e\u0301\ud800", result: "success", detail: { name: "小区\u0000名" } }, systemContext());
    const [row] = await rows(t.host);
    expect(row.object).toBe("表单🚀é\ufffd");
    const report = await t.host.call<{ ok: boolean }>(AuditActions.verify, {}, systemContext());
    expect(report.ok).toBe(true);
  });

  it("emitAudit from another service carries the caller's context; without one it records as the system", async () => {
    const emitter: ServiceSchema = {
      name: "emitter",
      actions: {
        fire: { handler: (ctx: Context) => emitAudit(ctx, { action: "identity.logout", result: "success" }) },
      },
    };
    await t.stop();
    t = await startAuditHost({ db, services: [emitter] });
    await t.host.call("emitter.fire", {}, user("u-3", "340104", [], "198.51.100.1"));
    await t.host.broker.call("emitter.fire", {});
    const r = await rows(t.host);
    expect(r.map((x) => [x.user_id, x.jurisdiction, x.ip])).toEqual([["u-3", "340104", "198.51.100.1"], ["system", null, null]]);
  });

  it("a record that cannot be written fails loudly with AUDIT_WRITE_FAILED (503)", async () => {
    await t.host.ds.query("DROP TABLE anju_audit");
    const err = await errorOf(t.host.call(AuditActions.record, { action: "identity.login", result: "success" }, systemContext()));
    expect(err).toMatchObject({ type: "AUDIT_WRITE_FAILED", code: 503 });
  });
});
