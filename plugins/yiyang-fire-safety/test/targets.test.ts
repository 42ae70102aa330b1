/**
 * Y5/Y6 on the county dashboard: the share of communities built against the target in force on
 * the server's date — nothing due before the end of 2021, 50% from 2022-01-01 (Beijing), 100%
 * from 2023-01-01 — and the share of old communities built to the enhanced standard against
 * 10%. Off-target areas answer `off-target` (the console colours it red).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { testDbKinds } from "@anju/kernel/testing";
import { YiyangActions as A } from "../src/actions.js";
import { standingOf } from "../src/targets.js";
import { SETTINGS_DEFAULTS } from "../src/constants.js";
import { community, rejectionOf, ROLES, TREE, useYiyangHost } from "./helpers.js";

describe("targets on a date (pure)", () => {
  const M = SETTINGS_DEFAULTS.milestones;
  it("Y6: before the end of 2021 nothing is due; the last day of 2021 still counts as before", () => {
    expect(standingOf(1, 4, M, "2021-06-01")).toMatchObject({ percent: 25, targetPercent: null, nextTargetPercent: 50, nextTargetDate: "2021-12-31", status: "not-due" });
    expect(standingOf(1, 4, M, "2021-12-31").status).toBe("not-due");
    expect(standingOf(2, 4, M, "2021-12-31").status).toBe("on-target");
  });
  it("Y6: from 2022-01-01 50% is required, from 2023-01-01 all; the share compares exactly, not rounded", () => {
    expect(standingOf(1, 4, M, "2022-01-01")).toMatchObject({ targetPercent: 50, targetDate: "2021-12-31", nextTargetPercent: 100, status: "off-target" });
    expect(standingOf(2, 4, M, "2022-01-01").status).toBe("on-target");
    expect(standingOf(333, 667, M, "2022-06-01")).toMatchObject({ percent: 49.9, status: "off-target" });
    expect(standingOf(499, 998, M, "2022-06-01").status).toBe("on-target");
    expect(standingOf(99, 100, M, "2023-01-01")).toMatchObject({ targetPercent: 100, nextTargetPercent: null, status: "off-target" });
    expect(standingOf(0, 0, M, "2023-01-01").status).toBe("on-target");
  });
  it("Y5: at least 10% of old communities enhanced, counted from its due date", () => {
    const Y5 = [{ date: SETTINGS_DEFAULTS.enhancedOldDue, share: SETTINGS_DEFAULTS.enhancedOldShare }];
    expect(standingOf(0, 11, Y5, "2022-12-31").status).toBe("not-due");
    expect(standingOf(0, 11, Y5, "2023-01-01").status).toBe("off-target");
    expect(standingOf(1, 10, Y5, "2023-01-01").status).toBe("on-target");
    expect(standingOf(1, 11, Y5, "2023-01-01").status).toBe("off-target");
  });
});

describe.each(testDbKinds())("county dashboard against the targets on %s (Y5, Y6)", (kind) => {
  const h = useYiyangHost(kind);
  const county = (action: string, params: Record<string, unknown> = {}) => h.call(action, params, TREE.yiyang, ROLES.official);

  beforeAll(async () => {
    // 弋江镇: 3 of 4 built (75%), one of two old communities enhanced.
    await community(h, TREE.yijiang, { level: "standard", name: "弋江一村" });
    await community(h, TREE.yijiang, { level: "standard", name: "弋江二村" });
    await community(h, TREE.yijiang, { level: "enhanced", buildYear: 1995, name: "弋江老街" });
    await community(h, TREE.yijiang, { level: "none", buildYear: 1992, name: "弋江旧村" });
    // 叠山镇: 1 of 4 built (25%); the new community has only the standard, which is not enough for it.
    await community(h, TREE.dieshan, { level: "standard", name: "叠山一村" });
    await community(h, TREE.dieshan, { level: "standard", communityClass: "new", buildYear: 2021, name: "叠山新府" });
    await community(h, TREE.dieshan, { level: "none", name: "叠山二村" });
    await community(h, TREE.dieshan, { level: "none", buildYear: 1990, name: "叠山老村" });
    // 余干县 next door: not the 弋阳 county official's business.
    await community(h, TREE.yuganTown, { level: "none", name: "余干小区" });
  });

  const streets = async () => {
    const r = await county(A.progress.streets);
    return Object.fromEntries(r.items.map((s: { streetName: string }) => [s.streetName, s]));
  };

  it("Y6: in June 2021 the county is at 50% with nothing due; the lagging town is not due yet", async () => {
    h.at("2021-06-01 09:00:00");
    const o = await county(A.progress.overview);
    expect(o).toMatchObject({ date: "2021-06-01", communities: { total: 8 }, built: 4, builtPercent: 50, targetPercent: 0, nextTargetPercent: 50, nextTargetDate: "2021-12-31", status: "on-target", offTargetStreets: 0 });
    const s = await streets();
    expect(s["弋江镇"]).toMatchObject({ total: 4, built: 3, builtPercent: 75, targetPercent: null, status: "on-target" });
    expect(s["叠山镇"]).toMatchObject({ total: 4, built: 1, builtPercent: 25, targetPercent: null, nextTargetPercent: 50, status: "not-due" });
  });

  it("Y6: at 23:59 on 2021-12-31 the 50% target is not yet due; at 00:00 on 2022-01-01 叠山镇 is off target", async () => {
    h.at("2021-12-31 23:59:59");
    expect((await streets())["叠山镇"].status).toBe("not-due");
    h.at("2022-01-01 00:00:00");
    const s = await streets();
    expect(s["叠山镇"]).toMatchObject({ builtPercent: 25, targetPercent: 50, targetDate: "2021-12-31", nextTargetPercent: 100, nextTargetDate: "2022-12-31", status: "off-target" });
    expect(s["弋江镇"]).toMatchObject({ targetPercent: 50, status: "on-target" });
    const o = await county(A.progress.overview);
    expect(o).toMatchObject({ builtPercent: 50, targetPercent: 50, status: "on-target", offTargetStreets: 1, streets: { total: 2, byStatus: { "on-target": 1, "off-target": 1 } } });
    const off = await county(A.progress.streets, { status: "off-target" });
    expect(off.items.map((r: { streetName: string }) => r.streetName)).toEqual(["叠山镇"]);
  });

  it("Y6: after 2022 every community must be built: both towns and the county are off target, the unbuilt communities overdue", async () => {
    h.at("2023-01-01 08:00:00");
    const o = await county(A.progress.overview);
    expect(o).toMatchObject({ targetPercent: 100, status: "off-target", offTargetStreets: 2 });
    const overdue = await county(A.progress.communities, { status: "overdue", pageSize: 100 });
    expect(overdue.items.map((c: { name: string }) => c.name).sort()).toEqual(["叠山二村", "叠山新府", "叠山老村", "弋江旧村"].sort());
    h.at("2022-12-31 12:00:00");
    const pending = await county(A.progress.communities, { status: "pending", pageSize: 100 });
    expect(pending.total).toBe(4);
  });

  it("Y6: a new community built only to the standard is not built (四(二): new communities build to the enhanced standard)", async () => {
    const rows = (await county(A.progress.communities, { streetCode: TREE.dieshan, pageSize: 100 })).items;
    const fresh = rows.find((c: { name: string }) => c.name === "叠山新府");
    expect(fresh).toMatchObject({ communityClass: "new", requiredLevel: "enhanced", level: "standard", built: false, enhanced: false });
    expect(fresh.missing).toEqual(["household-alarm", "water-pressure-sensors", "transmission-device", "elevator-terminals"]);
    const old = rows.find((c: { name: string }) => c.name === "叠山一村");
    expect(old).toMatchObject({ requiredLevel: "standard", level: "standard", built: true, missing: [] });
  });

  it("Y5: 1 of 3 old communities is enhanced (33.3%): on target county-wide; 叠山镇's 0% is off target once 2022 has ended", async () => {
    h.at("2022-06-01 09:00:00");
    let o = await county(A.progress.overview);
    expect(o).toMatchObject({ enhancedOld: 1, enhancedOldPercent: 33.3, enhancedOldTargetPercent: 10, enhancedOldStatus: "on-target" });
    let s = await streets();
    expect(s["弋江镇"]).toMatchObject({ oldTotal: 2, enhancedOld: 1, enhancedOldPercent: 50, enhancedOldStatus: "on-target" });
    expect(s["叠山镇"]).toMatchObject({ oldTotal: 1, enhancedOld: 0, enhancedOldPercent: 0, enhancedOldTargetPercent: 10, enhancedOldStatus: "not-due" });
    h.at("2023-01-01 00:00:01");
    s = await streets();
    expect(s["叠山镇"].enhancedOldStatus).toBe("off-target");
    // A county may ask for more than 10% (never less): at 40% its 33.3% is off target.
    await h.host.plugins.configure("yiyang-fire-safety", TREE.yiyang, { enhancedOldShare: 40 });
    o = await county(A.progress.overview);
    expect(o).toMatchObject({ enhancedOldTargetPercent: 40, enhancedOldStatus: "off-target" });
    const refused = await rejectionOf(h.host.plugins.configure("yiyang-fire-safety", TREE.yiyang, { enhancedOldShare: 5 }));
    expect(refused.status).toBeGreaterThanOrEqual(400);
    await h.host.plugins.configure("yiyang-fire-safety", TREE.yiyang, { enhancedOldShare: 10 });
  });

  it("Y6: a town official sees only their town; 余干县's community is not counted in 弋阳县", async () => {
    h.at("2022-01-01 00:00:00");
    const own = await h.call(A.progress.overview, {}, TREE.dieshan, ROLES.official);
    expect(own).toMatchObject({ communities: { total: 4 }, built: 1, status: "off-target" });
    const s = await h.call(A.progress.streets, {}, TREE.dieshan, ROLES.official);
    expect(s.items.map((r: { streetName: string }) => r.streetName)).toEqual(["叠山镇"]);
    const residents = await rejectionOf(h.call(A.progress.overview, {}, TREE.yiyang, ROLES.resident));
    expect(residents.type).toBe("YIYANG_FORBIDDEN");
  });
});
