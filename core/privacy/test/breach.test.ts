/**
 * The breach workflow (H11: "a leak triggers remediation, user notice and a report to the
 * authority"; PIPL art. 57): record, list affected subjects, open → notified → closed, and the
 * notice texts for the authority and for residents in zh-CN and en, filled from the record.
 */
import { describe, expect, it } from "vitest";
import { asSystem } from "@anju/data";
import { testDbKinds } from "@anju/kernel/testing";
import { PrivacyActions as A, PrivacyPermissions as P, type Breach, type Notice } from "../src/index.js";
import { rejectionOf, TREE, user, usePrivacyHost } from "./helpers.js";

const sec = user("secadmin", TREE.hefei);
const INCIDENT = {
  title: "门禁服务器数据库被未授权访问",
  occurredAt: "2026-01-04T14:00:00Z",
  discoveredAt: "2026-01-05T02:30:00Z",
  discoveredBy: "值班员 王五",
  dataKinds: ["name", "phone", "idNumber"],
  cause: "门禁服务器数据库端口对公网开放且使用弱口令",
  scale: 1200,
};

describe.each(testDbKinds())("breach records (%s)", (db) => {
  const ctx = usePrivacyHost(db, { plugin: false });
  const breachRows = () => asSystem("test dump", () => ctx.host.ds.query("SELECT * FROM anju_breach")) as Promise<unknown[]>;

  function grantSecurity() {
    ctx.grants.set("secadmin", [P.breachRead, P.breachManage]);
  }

  it("records an incident (time, discoverer, data types, cause, scale) as open, and audits it", async () => {
    grantSecurity();
    const b = await ctx.host.call<Breach>(A.breachesRecord, INCIDENT, sec);
    expect(b).toMatchObject({
      state: "open", jurisdiction: TREE.hefei, title: INCIDENT.title, occurredAt: "2026-01-04T14:00:00.000Z",
      discoveredAt: "2026-01-05T02:30:00.000Z", discoveredBy: "值班员 王五", dataKinds: ["name", "phone", "idNumber"],
      cause: INCIDENT.cause, scale: 1200, identified: 0, createdBy: "secadmin",
    });
    expect(await ctx.host.call(A.breachesGet, { id: b.id }, sec)).toEqual(b);
    expect((await ctx.host.call<{ items: Breach[] }>(A.breachesList, { state: "open" }, sec)).items.map((x) => x.id)).toEqual([b.id]);
    expect(ctx.audit).toContainEqual(expect.objectContaining({ action: "privacy.breach.record", object: `breach:${b.id}`, result: "success" }));
  });

  it.each([
    ["discovery before occurrence", { ...INCIDENT, occurredAt: "2026-01-06T00:00:00Z" }, "BREACH_INVALID"],
    ["discovery in the future", { ...INCIDENT, occurredAt: undefined, discoveredAt: "2999-01-01T00:00:00Z" }, "BREACH_INVALID"],
    ["no data types at all", { ...INCIDENT, dataKinds: [] }, "BREACH_INVALID"],
    ["a negative scale", { ...INCIDENT, scale: -1 }, "VALIDATION_FAILED"],
    ["an unknown data kind", { ...INCIDENT, dataKinds: ["bankCard"] }, "VALIDATION_FAILED"],
    ["a 2001-character cause", { ...INCIDENT, cause: "因".repeat(2001) }, "VALIDATION_FAILED"],
    ["HTML in the discoverer's name", { ...INCIDENT, discoveredBy: "<script>alert(1)</script>" }, "VALIDATION_FAILED"],
    ["a control character in the cause", { ...INCIDENT, cause: "bad\u0000cause" }, "VALIDATION_FAILED"],
    ["a missing cause", { ...INCIDENT, cause: undefined }, "VALIDATION_FAILED"],
  ])("refuses %s with a coded error and writes nothing", async (_why, params, code) => {
    grantSecurity();
    expect(await rejectionOf(ctx.host.call(A.breachesRecord, JSON.parse(JSON.stringify(params)), sec))).toMatchObject({ type: code });
    expect(await breachRows()).toHaveLength(0);
  });

  it("only the security administrator's permission may record; others are refused and audited", async () => {
    ctx.grants.set("clerk", [P.breachRead]);
    const err = await rejectionOf(ctx.host.call(A.breachesRecord, INCIDENT, user("clerk", TREE.hefei)));
    expect(err).toMatchObject({ type: "FORBIDDEN", code: 403 });
    expect(ctx.audit).toContainEqual(expect.objectContaining({ action: A.breachesRecord, result: "denied", userId: "clerk" }));
    expect(await breachRows()).toHaveLength(0);
  });

  it("lists affected subjects (duplicates ignored), open → notified → closed; notifying needs remedies and contact", async () => {
    grantSecurity();
    const b = await ctx.host.call<Breach>(A.breachesRecord, INCIDENT, sec);
    expect(await ctx.host.call(A.breachesAddSubjects, { id: b.id, subjects: [{ subjectId: "r-1", kinds: ["phone"] }, { subjectId: "r-2" }] }, sec)).toEqual({ added: 2, identified: 2 });
    expect(await ctx.host.call(A.breachesAddSubjects, { id: b.id, subjects: [{ subjectId: "r-2" }, { subjectId: "r-3" }] }, sec)).toEqual({ added: 1, identified: 3 });
    const subjects = await ctx.host.call<{ items: Array<{ subjectId: string; kinds: string[] }>; total: number }>(A.breachesSubjects, { id: b.id }, sec);
    expect(subjects.total).toBe(3);
    expect(subjects.items.map((s) => s.subjectId)).toEqual(["r-1", "r-2", "r-3"]);
    expect(subjects.items[0].kinds).toEqual(["phone"]);

    const incomplete = await rejectionOf(ctx.host.call(A.breachesNotify, { id: b.id }, sec));
    expect(incomplete).toMatchObject({ type: "BREACH_INCOMPLETE", code: 422 });
    expect(incomplete.messages.en).toContain("remedies, contact");
    expect(ctx.audit).toContainEqual(expect.objectContaining({ action: A.breachesNotify, result: "failure", object: b.id, detail: { code: "BREACH_INCOMPLETE" } }));
    expect(await rejectionOf(ctx.host.call(A.breachesClose, { id: b.id }, sec))).toMatchObject({ type: "BREACH_STATE_INVALID", code: 409 });

    await ctx.host.call(A.breachesUpdate, { id: b.id, remedies: "已关闭公网端口、重置全部口令并开展溯源", contact: "蜀山区公安分局网安大队 0551-12345678" }, sec);
    const notified = await ctx.host.call<Breach>(A.breachesNotify, { id: b.id }, sec);
    expect(notified).toMatchObject({ state: "notified", identified: 3 });
    expect(notified.notifiedAt).not.toBeNull();
    expect(await rejectionOf(ctx.host.call(A.breachesNotify, { id: b.id }, sec))).toMatchObject({ type: "BREACH_STATE_INVALID" });

    const closed = await ctx.host.call<Breach>(A.breachesClose, { id: b.id, note: "整改完成" }, sec);
    expect(closed).toMatchObject({ state: "closed", closingNote: "整改完成" });
    expect(await rejectionOf(ctx.host.call(A.breachesUpdate, { id: b.id, scale: 5 }, sec))).toMatchObject({ type: "BREACH_STATE_INVALID" });
    expect(await rejectionOf(ctx.host.call(A.breachesAddSubjects, { id: b.id, subjects: [{ subjectId: "r-9" }] }, sec))).toMatchObject({ type: "BREACH_STATE_INVALID" });
    expect(ctx.audit.map((e) => e.action)).toEqual(expect.arrayContaining(["privacy.breach.subjects", "privacy.breach.update", "privacy.breach.notify", "privacy.breach.close"]));
  });

  it("produces the notice for the authority and for residents in zh-CN and en with every field filled", async () => {
    grantSecurity();
    const b = await ctx.host.call<Breach>(A.breachesRecord, {
      ...INCIDENT, harm: "可能被用于电信诈骗", remedies: "已关闭公网端口并重置口令", contact: "蜀山区公安分局网安大队 0551-12345678",
    }, sec);
    await ctx.host.call(A.breachesAddSubjects, { id: b.id, subjects: [{ subjectId: "r-1", kinds: ["phone"] }, { subjectId: "r-2" }] }, sec);

    const authority = await ctx.host.call<Notice>(A.breachesNotice, { id: b.id, audience: "authority", locale: "zh-CN" }, sec);
    expect(authority.title).toBe("个人信息安全事件报告");
    for (const part of ["合肥市（行政区划代码 340100）", INCIDENT.title, "2026-01-04 22:00（北京时间）", "2026-01-05 10:30（北京时间）", "值班员 王五",
      "姓名、手机号码、身份证号码", INCIDENT.cause, "预计涉及 1200 人，已确认受影响个人 2 人", "可能被用于电信诈骗", "已关闭公网端口并重置口令",
      "0551-12345678", "处置中", "第五十七条"]) {
      expect(authority.text, part).toContain(part);
    }
    expect(authority.text).not.toMatch(/\{\w+\}/);

    const authorityEn = await ctx.host.call<Notice>(A.breachesNotice, { id: b.id, audience: "authority", locale: "en" }, sec);
    for (const part of ["name, phone number, ID card number", "an estimated 1200 people; 2 affected people identified", "2026-01-05 10:30 (UTC+8)", "Article 57"]) {
      expect(authorityEn.text, part).toContain(part);
    }

    const residents = await ctx.host.call<Notice>(A.breachesNotice, { id: b.id, audience: "residents", locale: "zh-CN" }, sec);
    expect(residents.text).toContain("尊敬的居民");
    expect(residents.text).toContain("可能涉及您的以下信息：姓名、手机号码、身份证号码。");
    expect(residents.text).toContain("请联系：蜀山区公安分局网安大队 0551-12345678");
    // No advice given: a default recommendation is filled in rather than a blank.
    expect(residents.text).toContain("不要向陌生人透露验证码");
    expect(residents.text).not.toMatch(/\{\w+\}/);

    // For one listed subject the notice names only what concerns them.
    const personal = await ctx.host.call<Notice>(A.breachesNotice, { id: b.id, audience: "residents", locale: "en", subjectId: "r-1" }, sec);
    expect(personal.text).toContain("may involve the following information about you: phone number.");
    expect(personal.text).toContain("Dear resident");
  });

  it("a breach of one city is not found from another (404), and the province above sees it", async () => {
    grantSecurity();
    ctx.grants.set("tl", [P.breachRead, P.breachManage]);
    ctx.grants.set("prov", [P.breachRead]);
    const b = await ctx.host.call<Breach>(A.breachesRecord, INCIDENT, sec);
    const tongling = user("tl", TREE.tongling);
    expect(await rejectionOf(ctx.host.call(A.breachesGet, { id: b.id }, tongling))).toMatchObject({ type: "BREACH_NOT_FOUND", code: 404 });
    expect(await rejectionOf(ctx.host.call(A.breachesNotice, { id: b.id, audience: "authority" }, tongling))).toMatchObject({ type: "BREACH_NOT_FOUND" });
    expect(await rejectionOf(ctx.host.call(A.breachesAddSubjects, { id: b.id, subjects: [{ subjectId: "x" }] }, tongling))).toMatchObject({ type: "BREACH_NOT_FOUND" });
    expect((await ctx.host.call<{ total: number }>(A.breachesList, {}, tongling)).total).toBe(0);
    expect((await ctx.host.call<{ total: number }>(A.breachesList, {}, user("prov", TREE.province))).total).toBe(1);
  });
});
