/** The demo hook: a couple of months of 铜官区's reports under 铜陵市, seeded through the plugin's own actions, once. */
import { describe, expect, it } from "vitest";
import { systemContext } from "@anju/kernel";
import { testDbKinds } from "@anju/kernel/testing";
import { TonglingActions as A } from "../src/actions.js";
import { ROLES, TREE, useTonglingHost } from "./helpers.js";

describe.each(testDbKinds())("demo seed on %s", (kind) => {
  const h = useTonglingHost(kind);
  // What the CLI passes to runDemos: the system principal acting in a jurisdiction.
  const call = <T>(action: string, params: Record<string, unknown>, jurisdiction: string) => h.host.call<T>(action, params, systemContext(jurisdiction));

  it("seeds an accepted month, a returned-and-refiled month and this month's draft for 铜官区, on time, once", async () => {
    h.at("2021-09-15 10:00:00");
    expect(await h.host.plugins.runDemos(call)).toEqual(["community", "tongling-reporting"]);
    const reports = (await h.call(A.reports.list, {}, TREE.tongling, ROLES.reviewer)).items;
    expect(reports.map((r: { period: string; status: string; timeliness: string | null; revision: number; countyCode: string }) => [r.countyCode, r.period, r.status, r.timeliness, r.revision])).toEqual([
      [TREE.tongguan, "2021-09", "draft", null, 0],
      [TREE.tongguan, "2021-08", "submitted", "on-time", 2],
      [TREE.tongguan, "2021-07", "accepted", "on-time", 1],
    ]);
    const august = await h.call(A.reports.get, { id: reports[1].id }, TREE.tongling, ROLES.reviewer);
    expect(august.events.map((e: { action: string }) => e.action)).toEqual(["create", "submit", "return", "update", "resubmit"]);
    // The community demo's face-only unit door in 铜官山新村 is a T3 finding; the clock is the node's again.
    const findings = (await h.call(A.findings.list, { status: "open" }, TREE.tongling, ROLES.reviewer)).items;
    expect(findings.map((f: { rule: string; communityName: string }) => [f.rule, f.communityName])).toEqual([["T3", "铜官山新村"]]);
    expect((await h.call(A.board.status, {}, TREE.tongling, ROLES.reviewer)).period).toBe("2021-09");
    // Running again adds nothing.
    await h.host.plugins.runDemos(call);
    expect((await h.call(A.reports.list, {}, TREE.tongling, ROLES.reviewer)).total).toBe(3);
  });
});
