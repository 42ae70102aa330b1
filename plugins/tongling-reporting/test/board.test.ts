/** The city board's data (T4): this month per county, the trend over months, drill-down to the report. */
import { describe, expect, it } from "vitest";
import { testDbKinds } from "@anju/kernel/testing";
import { TonglingActions as A } from "../src/actions.js";
import { AUTHOR, ROLES, TREE, community, rejectionOf, useTonglingHost } from "./helpers.js";

describe.each(testDbKinds())("city board on %s", (kind) => {
  const h = useTonglingHost(kind);
  const asCity = <T = any>(action: string, params: Record<string, unknown> = {}) => h.call<T>(action, params, TREE.tongling, ROLES.reviewer); // eslint-disable-line @typescript-eslint/no-explicit-any
  const file = async (county: string, period: string, wall: string) => {
    h.at(wall);
    const r = await h.call(A.reports.create, { period, ...AUTHOR }, county, ROLES.reporter);
    return h.call(A.reports.submit, { id: r.id }, county, ROLES.reporter);
  };

  it("T4: each county's standing this month, with the report to drill into", async () => {
    await file(TREE.tongguan, "2021-05", "2021-05-20 10:00:00");
    await file(TREE.zongyang, "2021-05", "2021-05-26 10:00:00");
    await file(TREE.tongguan, "2021-06", "2021-06-10 10:00:00");
    h.at("2021-07-01 09:00:00");
    const r = await h.call(A.reports.create, { period: "2021-07", ...AUTHOR }, TREE.zongyang, ROLES.reporter);
    await h.call(A.reports.submit, { id: r.id }, TREE.zongyang, ROLES.reporter);
    await asCity(A.reports.return, { id: r.id, comment: "请补充。" });

    h.at("2021-07-10 09:00:00");
    const now = await asCity(A.board.status);
    expect(now).toMatchObject({ period: "2021-07", counts: { "on-time": 0, late: 0, missing: 0, returned: 1, pending: 1 } });
    const row = now.items.find((x: { countyCode: string }) => x.countyCode === TREE.zongyang);
    expect(row).toMatchObject({ countyName: "枞阳县", status: "returned", reviewStatus: "returned", reportId: r.id, deadline: "2021-07-24T16:00:00.000Z" });
    expect(await asCity(A.reports.get, { id: row.reportId })).toMatchObject({ id: r.id, reviewComment: "请补充。", events: expect.any(Array) });
    // Read-only departments see the board; county reporters do not.
    expect((await h.call(A.board.status, {}, TREE.tongling, ROLES.civil)).counts.returned).toBe(1);
    await expect(h.call(A.board.status, {}, TREE.tongguan, ROLES.reporter)).rejects.toMatchObject({ type: "TONGLING_FORBIDDEN" });
    await expect(asCity(A.board.status, { period: "2021-08" })).rejects.toMatchObject({ type: "TONGLING_PERIOD_IN_FUTURE" });
  });

  it("T4: the trend counts each month's standings and the completion rate; the range is bounded", async () => {
    h.at("2021-07-10 09:00:00");
    await community(h, TREE.tgStreet, { buildYear: 1990, facilities: [{ type: "physical-protection", installedOn: "2021-06-02" }], accessPoints: [{ kind: "unit-door", credentials: ["card"] }] });
    await h.host.plugins.configure("tongling-reporting", TREE.tongling, { checklist: { old: ["perimeter", "unit-door"] } });
    const trend = await asCity(A.board.trend);
    // The default run starts at the first reporting month (May 2021), not six months back.
    expect(trend).toMatchObject({ from: "2021-05", to: "2021-07" });
    expect(trend.items).toEqual([
      { period: "2021-05", onTime: 1, late: 1, missing: 0, returned: 0, pending: 0, completionPercent: 0 },
      { period: "2021-06", onTime: 1, late: 0, missing: 1, returned: 0, pending: 0, completionPercent: 100 },
      { period: "2021-07", onTime: 0, late: 0, missing: 0, returned: 1, pending: 1, completionPercent: 100 },
    ]);
    expect((await asCity(A.board.trend, { from: "2021-06", to: "2021-06" })).items).toHaveLength(1);
    expect(await rejectionOf(asCity(A.board.trend, { from: "2021-07", to: "2021-06" }))).toMatchObject({ type: "TONGLING_PERIOD_RANGE_INVALID", code: 422 });
    expect(await rejectionOf(asCity(A.board.trend, { from: "2021-04", to: "2021-06" }))).toMatchObject({ type: "TONGLING_PERIOD_BEFORE_START" });
    h.at("2024-01-10 09:00:00");
    expect(await rejectionOf(asCity(A.board.trend, { from: "2021-05", to: "2024-01" }))).toMatchObject({ type: "TONGLING_PERIOD_RANGE_INVALID", data: { max: 24 } });
  });

  it("the board page's overview: this month's filings by status, communities, completion and open findings", async () => {
    h.at("2021-07-10 09:00:00");
    await community(h, TREE.zyStreet, { buildYear: 2015, accessPoints: [{ kind: "unit-door", credentials: ["face"] }] });
    await asCity(A.findings.recheck);
    const overview = await asCity(A.board.overview);
    expect(overview).toMatchObject({
      period: "2021-07",
      reports: { total: 2, byStatus: { returned: 1, pending: 1, "on-time": 0, late: 0, missing: 0 } },
      communities: { total: 2, byClass: { old: 1, "non-old": 1, new: 0 } },
      completionPercent: 50,
      openFindings: 1,
    });
  });
});
