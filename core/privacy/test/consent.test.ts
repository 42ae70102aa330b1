/**
 * Consent records (H11, PIPL art. 14–16): purpose, scope (PI kinds), date and withdrawal.
 * Withdrawing erases the subject's sensitive fields that no other consent still covers, in
 * the same transaction — a failing erasure leaves the consent active and the data in place.
 */
import { describe, expect, it } from "vitest";
import type { Context, ServiceSchema } from "moleculer";
import { asSystem } from "@anju/data";
import { testDbKinds } from "@anju/kernel/testing";
import { CONSENT_WITHDRAWN_EVENT, PrivacyActions as A, registerErasureHandler, unregisterErasureHandler, type Consent, type WithdrawalResult } from "../src/index.js";
import { officerGrants, rejectionOf, TREE, user, usePrivacyHost } from "./helpers.js";

const PURPOSE = "residence-registration";
const officer = user("officer", TREE.shushan);
const ANNA = { subjectId: "r-1", room: "2-301", name: "欧阳娜娜", phone: "13812341234", idNumber: "11010519491231001X", plate: "皖AD12345", faceRef: "face-tpl-000123-ab12", address: "安徽省合肥市蜀山区长江西路123号" };
const BO = { subjectId: "r-2", room: "2-302", name: "张三", phone: "13987654321", idNumber: "340104198001011234" };
const ALL = ["phone", "idNumber", "faceTemplateRef"];

const withdrawn: Array<Record<string, unknown>> = [];
const listener: ServiceSchema = { name: "listener", events: { [CONSENT_WITHDRAWN_EVENT]: { handler(ctx: Context<Record<string, unknown>>) { withdrawn.push(ctx.params); } } } };

describe.each(testDbKinds())("consent records (%s)", (db) => {
  const ctx = usePrivacyHost(db, { services: [listener] });
  const record = (params: Record<string, unknown>, rc = officer) => ctx.host.call<Consent>(A.consentsRecord, params, rc);
  const rows = () => asSystem("test dump", () => ctx.host.ds.query("SELECT * FROM pi_resident ORDER BY subject_id")) as Promise<Array<Record<string, unknown>>>;
  const consentRows = () => asSystem("test dump", () => ctx.host.ds.query("SELECT * FROM anju_consent")) as Promise<unknown[]>;

  it("records purpose, scope, date and who recorded it; check says what is missing", async () => {
    ctx.grants.set("officer", officerGrants());
    const c = await record({ subjectId: "r-1", purpose: PURPOSE, purposeText: "门禁通行", kinds: ["idNumber", "phone"], evidence: "纸质同意书 2026-0001", grantedAt: "2026-01-05T08:00:00Z" });
    expect(c).toMatchObject({ subjectId: "r-1", purpose: PURPOSE, kinds: ["phone", "idNumber"], grantedAt: "2026-01-05T08:00:00.000Z", recordedBy: "officer", active: true, withdrawnAt: null, jurisdiction: TREE.shushan });
    expect(await ctx.host.call(A.consentsGet, { id: c.id }, officer)).toEqual(c);
    expect(await ctx.host.call(A.consentsCheck, { subjectId: "r-1", purpose: PURPOSE, kinds: ["phone", "faceTemplateRef"] }, officer)).toEqual({ ok: false, missing: ["faceTemplateRef"] });
    expect(await ctx.host.call(A.consentsCheck, { subjectId: "r-1", purpose: PURPOSE, kinds: ["phone"] }, officer)).toEqual({ ok: true, missing: [] });
    const list = await ctx.host.call<{ items: Consent[]; total: number }>(A.consentsList, { subjectId: "r-1", active: true }, officer);
    expect(list.total).toBe(1);
    expect(ctx.audit.find((e) => e.action === "privacy.consent.record")).toMatchObject({ userId: "officer", result: "success", detail: { subjectId: "r-1", kinds: ["phone", "idNumber"] } });
  });

  it.each([
    ["an unknown PI kind", { subjectId: "r-1", purpose: PURPOSE, kinds: ["email"] }, "VALIDATION_FAILED"],
    ["no kinds", { subjectId: "r-1", purpose: PURPOSE, kinds: [] }, "VALIDATION_FAILED"],
    ["a purpose with spaces and markup", { subjectId: "r-1", purpose: "<b>any thing</b>", kinds: ["phone"] }, "VALIDATION_FAILED"],
    ["a 65-character subject id", { subjectId: "x".repeat(65), purpose: PURPOSE, kinds: ["phone"] }, "VALIDATION_FAILED"],
    ["an unknown parameter", { subjectId: "r-1", purpose: PURPOSE, kinds: ["phone"], withdrawnAt: null }, "VALIDATION_FAILED"],
    ["a grant date in the future", { subjectId: "r-1", purpose: PURPOSE, kinds: ["phone"], grantedAt: "2999-01-01T00:00:00Z" }, "CONSENT_INVALID"],
    ["a jurisdiction outside the caller's subtree", { subjectId: "r-1", purpose: PURPOSE, kinds: ["phone"], jurisdiction: TREE.tongling }, "TENANT_OUT_OF_SCOPE"],
  ])("refuses %s with a coded error and writes nothing", async (_why, params, code) => {
    ctx.grants.set("officer", officerGrants());
    expect(await rejectionOf(record(params))).toMatchObject({ type: code });
    expect(await consentRows()).toHaveLength(0);
  });

  it("needs privacy.consent:manage to record; the denial is audited", async () => {
    ctx.grants.set("officer", ["privacy.consent:read"]);
    expect(await rejectionOf(record({ subjectId: "r-1", purpose: PURPOSE, kinds: ["phone"] }))).toMatchObject({ type: "FORBIDDEN", code: 403 });
    expect(ctx.audit).toContainEqual(expect.objectContaining({ action: A.consentsRecord, result: "denied", userId: "officer" }));
    expect(await consentRows()).toHaveLength(0);
  });

  it("another jurisdiction cannot see or withdraw a consent (404); the city above sees it", async () => {
    ctx.grants.set("officer", officerGrants());
    ctx.grants.set("tl", officerGrants());
    ctx.grants.set("city", officerGrants());
    const c = await record({ subjectId: "r-1", purpose: PURPOSE, kinds: ["phone"] });
    const tongling = user("tl", TREE.tongling);
    expect(await rejectionOf(ctx.host.call(A.consentsGet, { id: c.id }, tongling))).toMatchObject({ type: "CONSENT_NOT_FOUND", code: 404 });
    expect(await rejectionOf(ctx.host.call(A.consentsWithdraw, { id: c.id }, tongling))).toMatchObject({ type: "CONSENT_NOT_FOUND", code: 404 });
    expect((await ctx.host.call<{ total: number }>(A.consentsList, {}, tongling)).total).toBe(0);
    expect(await ctx.host.call(A.consentsCheck, { subjectId: "r-1", purpose: PURPOSE, kinds: ["phone"] }, tongling)).toMatchObject({ ok: false });
    expect((await ctx.host.call<{ total: number }>(A.consentsList, {}, user("city", TREE.hefei))).total).toBe(1);
  });

  it("withdrawing erases that subject's sensitive fields (value and blind index), keeps the rest and other subjects", async () => {
    ctx.grants.set("officer", officerGrants());
    withdrawn.length = 0;
    const c = await record({ subjectId: "r-1", purpose: PURPOSE, kinds: ALL });
    await record({ subjectId: "r-2", purpose: PURPOSE, kinds: ALL });
    await ctx.host.call("pi-residents.create", ANNA, officer);
    await ctx.host.call("pi-residents.create", BO, officer);

    const result = await ctx.host.call<WithdrawalResult>(A.consentsWithdraw, { id: c.id }, officer);
    expect(result.erasedKinds).toEqual(["phone", "idNumber", "faceTemplateRef"]);
    expect(result.erasedRows).toEqual({ "pi:PiResident": 1 });
    expect(result.consent).toMatchObject({ active: false, withdrawnBy: "officer", erasedRows: 1 });

    const [anna, bo] = await rows();
    expect(anna).toMatchObject({ subject_id: "r-1", phone: null, phone_bidx: null, id_number: null, id_number_bidx: null, face_ref: null });
    // Not sensitive in the declaration: stays (and stays encrypted).
    for (const c2 of ["name", "plate", "address"]) expect(String(anna[c2])).toMatch(/^v1:/);
    expect(String(bo.phone)).toMatch(/^v1:/);
    expect(String(bo.id_number)).toMatch(/^v1:/);
    expect(await ctx.host.call("pi-residents.findByPhone", { phone: ANNA.phone }, officer)).toEqual([]);
    // Storing the phone again now needs a new consent.
    const [annaRow] = await ctx.host.call<Array<{ id: number }>>("pi-residents.findByPlate", { plate: ANNA.plate }, officer);
    expect(await rejectionOf(ctx.host.call("pi-residents.update", { id: annaRow.id, phone: ANNA.phone }, officer))).toMatchObject({ type: "CONSENT_REQUIRED" });

    expect(ctx.audit.find((e) => e.action === "privacy.consent.withdraw")).toMatchObject({ result: "success", detail: { subjectId: "r-1", erasedRows: { "pi:PiResident": 1 } } });
    await new Promise((r) => setTimeout(r, 50));
    expect(withdrawn).toEqual([expect.objectContaining({ consentId: c.id, subjectId: "r-1", jurisdiction: TREE.shushan })]);
    expect(await rejectionOf(ctx.host.call(A.consentsWithdraw, { id: c.id }, officer))).toMatchObject({ type: "CONSENT_ALREADY_WITHDRAWN", code: 409 });
  });

  it("kinds another active consent of the subject still covers are kept", async () => {
    ctx.grants.set("officer", officerGrants());
    const c = await record({ subjectId: "r-1", purpose: PURPOSE, kinds: ALL });
    await record({ subjectId: "r-1", purpose: "emergency-contact", kinds: ["phone"] });
    await ctx.host.call("pi-residents.create", ANNA, officer);
    const result = await ctx.host.call<WithdrawalResult>(A.consentsWithdraw, { id: c.id }, officer);
    expect(result.erasedKinds).toEqual(["idNumber", "faceTemplateRef"]);
    const [anna] = await rows();
    expect(anna.id_number).toBeNull();
    expect(String(anna.phone)).toMatch(/^v1:/);
  });

  it("a failing erasure handler undoes the withdrawal: consent still active, data still there (ERASURE_FAILED)", async () => {
    ctx.grants.set("officer", officerGrants());
    const c = await record({ subjectId: "r-1", purpose: PURPOSE, kinds: ALL });
    await ctx.host.call("pi-residents.create", ANNA, officer);
    registerErasureHandler("test.broken", async () => { throw new Error("disk full"); });
    try {
      const err = await rejectionOf(ctx.host.call(A.consentsWithdraw, { id: c.id }, officer));
      expect(err).toMatchObject({ type: "ERASURE_FAILED", code: 500 });
      expect(err.messages.en).toContain("test.broken");
    } finally {
      unregisterErasureHandler("test.broken");
    }
    expect(await ctx.host.call(A.consentsGet, { id: c.id }, officer)).toMatchObject({ active: true });
    const [anna] = await rows();
    expect(String(anna.id_number)).toMatch(/^v1:/);
    expect(String(anna.phone)).toMatch(/^v1:/);
  });

  it("an erasure handler that ignores the jurisdiction is refused by the tenant guard, and nothing is erased", async () => {
    ctx.grants.set("officer", officerGrants());
    const c = await record({ subjectId: "r-1", purpose: PURPOSE, kinds: ALL });
    await ctx.host.call("pi-residents.create", ANNA, officer);
    // The realistic mistake: a query-builder update keyed by subject alone (TypeORM quotes the table, the guard sees it).
    registerErasureHandler("test.unscoped", async (e) => {
      await e.manager.createQueryBuilder().update("PiResident").set({ idNumber: null }).where("subject_id = :s", { s: e.subjectId }).execute();
    });
    try {
      expect(await rejectionOf(ctx.host.call(A.consentsWithdraw, { id: c.id }, officer))).toMatchObject({ type: "ERASURE_FAILED" });
    } finally {
      unregisterErasureHandler("test.unscoped");
    }
    expect(String((await rows())[0].id_number)).toMatch(/^v1:/);
  });
});
