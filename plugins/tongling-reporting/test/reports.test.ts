/** T4: monthly reports from the county bureaus to the city bureau — deadlines, workflow, history, audit. */
import { describe, expect, it } from "vitest";
import { testDbKinds } from "@anju/kernel/testing";
import { TonglingActions as A } from "../src/actions.js";
import { AUTHOR, PDF, ROLES, TREE, community, rejectionOf, useTonglingHost } from "./helpers.js";

describe.each(testDbKinds())("T4 monthly reports on %s", (kind) => {
  const h = useTonglingHost(kind);
  const asTongguan = <T = any>(action: string, params: Record<string, unknown>) => h.call<T>(action, params, TREE.tongguan, ROLES.reporter, "tg-reporter"); // eslint-disable-line @typescript-eslint/no-explicit-any
  const asZongyang = <T = any>(action: string, params: Record<string, unknown>) => h.call<T>(action, params, TREE.zongyang, ROLES.reporter, "zy-reporter"); // eslint-disable-line @typescript-eslint/no-explicit-any
  const asCity = <T = any>(action: string, params: Record<string, unknown>) => h.call<T>(action, params, TREE.tongling, ROLES.reviewer, "city-reviewer"); // eslint-disable-line @typescript-eslint/no-explicit-any
  const boardOf = async (period: string) => Object.fromEntries((await asCity(A.board.status, { period })).items.map((r: { countyCode: string; status: string }) => [r.countyCode, r.status]));

  it("T4: the draft's figures come from the registry; filed 24th 23:59:59 +08:00 is on time, 25th 00:00:00 is late", async () => {
    h.at("2021-05-02 09:00:00");
    await community(h, TREE.tgStreet, { buildYear: 1995 });
    await community(h, TREE.tgStreet2, { buildYear: 2010 });
    await community(h, TREE.zyStreet, { buildYear: 2021, communityClass: "new" });
    // Built in 2024: not part of a 2021 report.
    await community(h, TREE.zyStreet, { buildYear: 2024, communityClass: "new" });
    h.at("2021-05-24 23:50:00");
    const tg = await asTongguan(A.reports.create, { period: "2021-05", ...AUTHOR });
    expect(tg).toMatchObject({ status: "draft", countyCode: TREE.tongguan, countyName: "铜官区", deadline: "2021-05-24T16:00:00.000Z" });
    expect(tg.progress).toEqual({ communities: { total: 2, old: 1, nonOld: 1, new: 0 }, builtThisMonth: 0, cumulative: 0, completionPercent: 0 });
    const zy = await asZongyang(A.reports.create, { period: "2021-05", ...AUTHOR });
    expect(zy.progress.communities).toEqual({ total: 1, old: 0, nonOld: 0, new: 1 });

    h.at("2021-05-24 23:59:59");
    expect(await asTongguan(A.reports.submit, { id: tg.id })).toMatchObject({ status: "submitted", timeliness: "on-time", revision: 1, formVersion: 1 });
    h.at("2021-05-25 00:00:00");
    // Created before the deadline, filed at it: the filing decides.
    expect(await asZongyang(A.reports.submit, { id: zy.id })).toMatchObject({ status: "submitted", timeliness: "late" });
    expect(await boardOf("2021-05")).toEqual({ [TREE.tongguan]: "on-time", [TREE.zongyang]: "late" });
  });

  it("T4: at month ends the Beijing date decides what is a future month (and across the year end)", async () => {
    h.at("2021-05-31 23:59:59");
    expect(await rejectionOf(asTongguan(A.reports.create, { period: "2021-06", ...AUTHOR }))).toMatchObject({ type: "TONGLING_PERIOD_IN_FUTURE", code: 422, data: { rule: "T4" } });
    // 2021-06-01 00:00 Beijing is still 31 May in UTC.
    h.at(new Date("2021-05-31T16:00:00Z"));
    expect((await asTongguan(A.reports.create, { period: "2021-06", ...AUTHOR })).period).toBe("2021-06");
    h.at("2021-12-31 23:59:59");
    await expect(asTongguan(A.reports.create, { period: "2022-01", ...AUTHOR })).rejects.toMatchObject({ type: "TONGLING_PERIOD_IN_FUTURE" });
    h.at("2022-01-01 00:00:00");
    expect((await asTongguan(A.reports.create, { period: "2022-01", ...AUTHOR })).status).toBe("draft");
    // Before the regulation's first month (May 2021): refused.
    expect(await rejectionOf(asTongguan(A.reports.create, { period: "2021-04", ...AUTHOR }))).toMatchObject({ type: "TONGLING_PERIOD_BEFORE_START", data: { rule: "T4", startMonth: "2021-05" } });
  });

  it("T4: a report for a past month can still be filed, and is late; an unfiled past month is missing, this month pending", async () => {
    h.at("2021-08-03 10:00:00");
    const july = await asZongyang(A.reports.create, { period: "2021-07", ...AUTHOR });
    expect(await asZongyang(A.reports.submit, { id: july.id })).toMatchObject({ timeliness: "late", deadline: "2021-07-24T16:00:00.000Z" });
    expect(await boardOf("2021-07")).toEqual({ [TREE.tongguan]: "missing", [TREE.zongyang]: "late" });
    expect(await boardOf("2021-08")).toEqual({ [TREE.tongguan]: "pending", [TREE.zongyang]: "pending" });
    // The city may shorten the deadline (never lengthen it past the 25th): due before the 20th.
    await h.host.plugins.configure("tongling-reporting", TREE.zongyang, { dueDay: 20 });
    h.at("2021-08-20 00:00:00");
    expect(await boardOf("2021-08")).toEqual({ [TREE.tongguan]: "pending", [TREE.zongyang]: "missing" });
    await expect(h.host.plugins.configure("tongling-reporting", TREE.zongyang, { dueDay: 26 })).rejects.toMatchObject({ type: "PLUGIN_SETTINGS_INVALID" });
    await h.host.plugins.configure("tongling-reporting", TREE.zongyang, { dueDay: 25 });
  });

  it("T4: returned with comments → edited → resubmitted → accepted; history and audit keep every step", async () => {
    h.at("2021-09-10 09:00:00");
    const r = await asTongguan(A.reports.create, { period: "2021-09", ...AUTHOR });
    await asTongguan(A.reports.submit, { id: r.id });
    // A submitted report is read-only to its author.
    expect(await rejectionOf(asTongguan(A.reports.update, { id: r.id, problems: "改" }))).toMatchObject({ type: "TONGLING_REPORT_READ_ONLY", code: 409 });
    await expect(asTongguan(A.reports.submit, { id: r.id })).rejects.toMatchObject({ type: "TONGLING_REPORT_READ_ONLY" });
    h.at("2021-09-12 15:00:00");
    await expect(asCity(A.reports.return, { id: r.id, comment: "   " })).rejects.toMatchObject({ type: "TONGLING_RETURN_COMMENT_REQUIRED" });
    await expect(asCity(A.reports.return, { id: r.id })).rejects.toMatchObject({ type: "VALIDATION_FAILED" });
    const returned = await asCity(A.reports.return, { id: r.id, comment: "请补充老旧小区改造进度。" });
    expect(returned).toMatchObject({ status: "returned", reviewComment: "请补充老旧小区改造进度。", reviewedBy: "city-reviewer" });
    expect(await boardOf("2021-09")).toMatchObject({ [TREE.tongguan]: "returned" });
    await expect(asCity(A.reports.accept, { id: r.id })).rejects.toMatchObject({ type: "TONGLING_REPORT_NOT_SUBMITTED" });

    h.at("2021-09-26 10:00:00");
    await asTongguan(A.reports.update, { id: r.id, nextSteps: "老旧小区改造年底前完成。" });
    const again = await asTongguan(A.reports.submit, { id: r.id });
    // Filed again after the deadline, but the first filing was on time: it stays on time.
    expect(again).toMatchObject({ status: "submitted", revision: 2, timeliness: "on-time", reviewComment: null, data: { nextSteps: "老旧小区改造年底前完成。" } });
    expect(again.submissionId).not.toBe(r.submissionId);
    const accepted = await asCity(A.reports.accept, { id: r.id, comment: "同意。" });
    expect(accepted).toMatchObject({ status: "accepted" });
    await expect(asTongguan(A.reports.update, { id: r.id, problems: "改" })).rejects.toMatchObject({ type: "TONGLING_REPORT_READ_ONLY" });

    const history = await asCity(A.reports.history, { id: r.id });
    expect(history.map((e: { action: string }) => e.action)).toEqual(["create", "submit", "return", "update", "resubmit", "accept"]);
    expect(history.map((e: { actor: string }) => e.actor)).toEqual(["tg-reporter", "tg-reporter", "city-reviewer", "tg-reporter", "tg-reporter", "city-reviewer"]);
    // Both submitted versions stay readable.
    expect(history[1].snapshot.nextSteps).toBe(AUTHOR.nextSteps);
    expect(history[4].snapshot.nextSteps).toBe("老旧小区改造年底前完成。");
    const audited = h.audit.filter((e) => e.object === String(r.id) && e.result === "success").map((e) => e.action);
    expect(audited).toEqual([
      "tongling-reporting.report.create", "tongling-reporting.report.submit", "tongling-reporting.report.return",
      "tongling-reporting.report.update", "tongling-reporting.report.resubmit", "tongling-reporting.report.accept",
    ]);
    expect(h.audit.find((e) => e.action === "tongling-reporting.report.accept" && e.object === String(r.id) && e.result === "success")).toMatchObject({ userId: "city-reviewer", jurisdiction: TREE.tongguan });
  });

  it("bad input gets coded errors and changes nothing: future month, duplicate, edit after submission, wrong levels, malformed params", async () => {
    h.at("2021-10-05 09:00:00");
    const r = await asZongyang(A.reports.create, { period: "2021-10", ...AUTHOR });
    await asZongyang(A.reports.submit, { id: r.id });
    const before = await asCity(A.reports.list, { pageSize: 100 });
    const auditBefore = h.audit.length;
    const cases: Array<[() => Promise<unknown>, string, number]> = [
      [() => asZongyang(A.reports.create, { period: "2021-11", ...AUTHOR }), "TONGLING_PERIOD_IN_FUTURE", 422],
      [() => asZongyang(A.reports.create, { period: "2021-10", ...AUTHOR }), "TONGLING_REPORT_DUPLICATE", 409],
      [() => asZongyang(A.reports.update, { id: r.id, problems: "改" }), "TONGLING_REPORT_READ_ONLY", 409],
      // Reviewing is the city bureau's; a county-level reviewer is refused, the county's own reporter lacks the permission.
      [() => h.call(A.reports.accept, { id: r.id }, TREE.zongyang, ROLES.reviewer), "TONGLING_REVIEWER_NOT_CITY", 403],
      [() => asZongyang(A.reports.accept, { id: r.id }), "TONGLING_FORBIDDEN", 403],
      // Filing is the county's: not at the city, and another county's report is not found.
      [() => h.call(A.reports.create, { period: "2021-10", ...AUTHOR }, TREE.tongling, ROLES.reporter), "TONGLING_REPORTER_NOT_COUNTY", 403],
      [() => asTongguan(A.reports.update, { id: r.id, problems: "改" }), "TENANT_OUT_OF_SCOPE", 404],
      [() => asTongguan(A.reports.get, { id: r.id }), "TENANT_OUT_OF_SCOPE", 404],
      // Read-only departments (T5) read but do not write.
      [() => h.call(A.reports.create, { period: "2021-10", ...AUTHOR }, TREE.zongyang, ROLES.housing), "TONGLING_FORBIDDEN", 403],
      [() => h.call(A.reports.return, { id: r.id, comment: "x" }, TREE.tongling, ROLES.civil), "TONGLING_FORBIDDEN", 403],
      // A reviewer of another city: the plugin is not enabled there.
      [() => h.call(A.reports.accept, { id: r.id }, TREE.hefei, ROLES.reviewer), "PLUGIN_NOT_ENABLED", 403],
      [() => asZongyang(A.reports.create, { period: "2021-13", ...AUTHOR }), "VALIDATION_FAILED", 422],
      [() => asZongyang(A.reports.create, { period: "2021-09", ...AUTHOR, jurisdictionCode: TREE.tongguan }), "VALIDATION_FAILED", 422],
      [() => asZongyang(A.reports.create, { period: "2021-09", ...AUTHOR, contact: { name: "<script>x</script>", phone: "1" } }), "VALIDATION_FAILED", 422],
      [() => asZongyang(A.reports.create, { period: "2021-09", problems: "响铃\u0007" }), "VALIDATION_FAILED", 422],
    ];
    for (const [attempt, type, status] of cases) expect(await rejectionOf(attempt())).toMatchObject({ type, code: status });
    expect(await asCity(A.reports.list, { pageSize: 100 })).toEqual(before);
    expect((await h.call(A.reports.list, { pageSize: 100 }, TREE.tongling, ROLES.housing)).total).toBe(before.total);
    // Refused transitions are recorded too, with the error code.
    const refusals = h.audit.slice(auditBefore).filter((e) => e.result !== "success");
    expect(refusals.map((e) => e.detail?.error)).toEqual(expect.arrayContaining(["TONGLING_PERIOD_IN_FUTURE", "TONGLING_REPORT_DUPLICATE", "TONGLING_REVIEWER_NOT_CITY"]));
    expect(h.audit.slice(auditBefore).some((e) => e.result === "success")).toBe(false);
  });

  it("submission is validated by the form on the server; a refusal leaves the draft as it was", async () => {
    h.at("2021-11-03 09:00:00");
    const r = await asTongguan(A.reports.create, { period: "2021-11", contact: AUTHOR.contact });
    const err = await rejectionOf(asTongguan(A.reports.submit, { id: r.id }));
    expect(err).toMatchObject({ type: "FORM_SUBMISSION_INVALID", code: 422 });
    expect((err.data as { fields: Array<{ path: string }> }).fields.map((f) => f.path)).toEqual(expect.arrayContaining(["problems", "nextSteps"]));
    expect(await asTongguan(A.reports.get, { id: r.id })).toMatchObject({ status: "draft", revision: 0, submissionId: null });
    await asTongguan(A.reports.update, { id: r.id, problems: AUTHOR.problems, nextSteps: AUTHOR.nextSteps });
    expect((await asTongguan(A.reports.submit, { id: r.id })).status).toBe("submitted");
  });

  it("attachments (PDF) are stored by the forms module at submission and survive a return and resubmission", async () => {
    h.at("2021-12-02 09:00:00");
    const r = await asZongyang(A.reports.create, { period: "2021-12", ...AUTHOR, attachments: [{ name: "进展.pdf", content: PDF }] });
    expect(r.data.attachments).toEqual([{ name: "进展.pdf", size: expect.any(Number), pendingUpload: true }]);
    const submitted = await asZongyang(A.reports.submit, { id: r.id });
    const [file] = submitted.data.attachments;
    expect(file).toMatchObject({ name: "进展.pdf", type: "pdf", fileId: expect.any(String) });
    const download = await asCity(A.reports.attachment, { id: r.id, fileId: file.fileId });
    expect(download).toMatchObject({ name: "进展.pdf", mime: "application/pdf", content: PDF });
    await asCity(A.reports.return, { id: r.id, comment: "请补充照片。" });
    const again = await asZongyang(A.reports.submit, { id: r.id });
    expect(again.data.attachments[0]).toMatchObject({ name: "进展.pdf", sha256: file.sha256 });
    // The first submission's file is still reachable through the history.
    expect((await asCity(A.reports.attachment, { id: r.id, fileId: file.fileId })).content).toBe(PDF);
    // Not a PDF or image: the form refuses it (type by magic bytes, not by name).
    await asCity(A.reports.return, { id: r.id, comment: "附件不对。" });
    await asZongyang(A.reports.update, { id: r.id, attachments: [{ name: "x.pdf", content: Buffer.from("not a pdf at all").toString("base64") }] });
    expect(await rejectionOf(asZongyang(A.reports.submit, { id: r.id }))).toMatchObject({ type: "FORM_SUBMISSION_INVALID" });
  });

  it("two creates of the same month, or an accept racing a return: exactly one wins, the other gets a coded error", async () => {
    h.at("2022-01-10 09:00:00");
    const creates = await Promise.allSettled([asZongyang(A.reports.create, { period: "2022-01", ...AUTHOR }), asZongyang(A.reports.create, { period: "2022-01", ...AUTHOR })]);
    expect(creates.filter((c) => c.status === "fulfilled")).toHaveLength(1);
    expect(creates.find((c) => c.status === "rejected")).toMatchObject({ reason: { type: "TONGLING_REPORT_DUPLICATE" } });
    const r = (creates.find((c) => c.status === "fulfilled") as PromiseFulfilledResult<{ id: number }>).value;
    await asZongyang(A.reports.submit, { id: r.id });
    const reviews = await Promise.allSettled([asCity(A.reports.accept, { id: r.id }), asCity(A.reports.return, { id: r.id, comment: "退回。" })]);
    expect(reviews.filter((c) => c.status === "fulfilled")).toHaveLength(1);
    expect((reviews.find((c) => c.status === "rejected") as PromiseRejectedResult).reason.type).toMatch(/^TONGLING_REPORT_(CHANGED_CONCURRENTLY|NOT_SUBMITTED)$/);
    const events = (await asCity(A.reports.history, { id: r.id })).map((e: { action: string }) => e.action);
    expect(events.filter((a: string) => a === "accept" || a === "return")).toHaveLength(1);
  });

  it("a city's extension of the form adds fields the counties fill under `extra`; the form checks them at submission", async () => {
    const base = await h.system<{ schema: { properties: Record<string, unknown>; required: string[] } }>("forms.get", { key: "tongling-reporting.monthly-report" }, TREE.tongling);
    const schema = {
      ...base.schema,
      properties: { ...base.schema.properties, policeOnDuty: { type: "integer", minimum: 0, title: "社区民警人数" } },
      required: [...base.schema.required, "policeOnDuty"],
    };
    await h.system("forms.extend", { key: "tongling-reporting.monthly-report", schema }, TREE.tongling);
    h.at("2022-02-05 09:00:00");
    const r = await asTongguan(A.reports.create, { period: "2022-02", ...AUTHOR });
    const refused = await rejectionOf(asTongguan(A.reports.submit, { id: r.id }));
    expect((refused.data as { fields: Array<{ path: string }> }).fields.map((f) => f.path)).toEqual(["policeOnDuty"]);
    // An extension field cannot replace one of the plugin's own.
    await asTongguan(A.reports.update, { id: r.id, extra: { policeOnDuty: 12, problems: "被替换" } });
    const submitted = await asTongguan(A.reports.submit, { id: r.id });
    expect(submitted.data).toMatchObject({ problems: AUTHOR.problems, extra: { policeOnDuty: 12 } });
    const history = await asCity(A.reports.history, { id: r.id });
    expect(history.at(-1).snapshot).toMatchObject({ policeOnDuty: 12, problems: AUTHOR.problems });
    await asCity(A.reports.return, { id: r.id, comment: "人数有误。" });
    await asTongguan(A.reports.update, { id: r.id, extra: { policeOnDuty: 13 } });
    expect((await asTongguan(A.reports.submit, { id: r.id })).data.extra).toEqual({ policeOnDuty: 13 });
  });
});
