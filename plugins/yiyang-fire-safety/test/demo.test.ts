/** The demo for 弋阳县: communities at different levels, a notice and a rental, through the plugins' actions; run twice, seeded once. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemContext } from "@anju/kernel";
import { createTestHost, waitFor, type TestHost } from "@anju/kernel/testing";
import { privacyModule } from "@anju/privacy";
import { YiyangActions as A } from "../src/actions.js";
import { DEMO_COUNTY } from "../src/demo.js";
import { PLUGIN, PLUGINS_DIR, ROLES, seedTree, TREE, user } from "./helpers.js";

describe("demo data (sqlite)", () => {
  let t: TestHost;
  beforeAll(async () => {
    t = await createTestHost({ db: "sqlite", pluginDirs: [PLUGINS_DIR], modules: [privacyModule()] });
    await seedTree(t.host);
    await t.host.plugins.install("community");
    await t.host.plugins.enable("community", TREE.province);
    await t.host.plugins.install(PLUGIN);
    await t.host.plugins.enable(PLUGIN, TREE.yiyang);
  });
  afterAll(async () => { await t?.stop(); });

  it("Y5/Y6/Y7: seeds 弋阳县 with a mixed dashboard, a fire warning and a masked rental; a second run adds nothing", async () => {
    const run = () => t.host.plugins.runDemos((action, params, jurisdiction) => t.host.call(action, params, systemContext(jurisdiction)));
    expect(await run()).toContain(PLUGIN);
    await run();
    expect(DEMO_COUNTY).toBe(TREE.yiyang);
    const o = await t.host.call<Record<string, unknown>>(A.progress.overview, {}, user(TREE.yiyang, ROLES.official));
    expect(o).toMatchObject({ communities: { total: 4, byClass: { old: 2, "non-old": 1, new: 1 } }, built: 2, builtPercent: 50, enhancedOld: 1, enhancedOldPercent: 50 });
    const notices = await t.host.call<{ total: number }>(A.notices.current, {}, user(TREE.yiyang, ROLES.official));
    expect(notices.total).toBe(1);
    const rentals = await t.host.call<{ items: Array<{ tenantName: string }> }>(A.rentals.list, {}, user(TREE.yiyang, ROLES.official));
    expect(rentals.items.map((r) => r.tenantName)).toEqual(["李**"]);
  });

  it("Y4: the demo's forced unit door and three refused unknown cards show as intrusions to handle; the board has 志敏花园's building and units", async () => {
    const police = user("361126100", ROLES.police);
    const alarms = await waitFor("two intrusion records", async () => {
      const got = await t.host.call<{ items: Array<{ ruleId: string; severity: string }> }>(A.alarms.list, {}, police);
      return got.items.length === 2 ? got.items : undefined;
    }, 20_000);
    expect(alarms.map((a) => [a.ruleId, a.severity]).sort()).toEqual([["intrusion", "major"], ["intrusion-attempt", "minor"]]);
    const communities = await t.host.call<{ items: Array<{ communityId: number; name: string }> }>(A.progress.communities, {}, user(TREE.yiyang, ROLES.official));
    const zhimin = communities.items.find((c) => c.name === "志敏花园")!;
    const board = await t.host.call<{ buildings: Array<{ name: string; units: Array<{ name: string }> }>; intrusions: unknown[] }>(A.alarms.board, { communityId: zhimin.communityId }, police);
    expect(board.buildings.map((b) => [b.name, b.units.map((u) => u.name)])).toEqual([["1栋", ["1单元", "2单元"]]]);
    expect(board.intrusions).toHaveLength(2);
  });
});
