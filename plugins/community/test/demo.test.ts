import { describe, expect, it } from "vitest";
import { systemContext } from "@anju/kernel";
import { testDbKinds } from "@anju/kernel/testing";
import { CommunityActions as A } from "../src/actions.js";
import { DEMO_BY_CITY } from "../src/demo-data.js";
import { TREE, useCommunityHost } from "./helpers.js";

describe.each(testDbKinds())("demo seed on %s", (kind) => {
  const h = useCommunityHost(kind);
  // What the CLI passes to runDemos: the system principal acting in a jurisdiction.
  const call = <T>(action: string, params: Record<string, unknown>, jurisdiction: string) => h.host.call<T>(action, params, systemContext(jurisdiction));

  it("seeds communities, buildings, facilities, devices and access points under the demo streets, once", async () => {
    expect(await h.host.plugins.runDemos(call)).toContain("community");
    const hefei = await h.call(A.communities.list, {}, TREE.sanlian);
    expect(hefei.items.map((c: { name: string }) => c.name)).toEqual(DEMO_BY_CITY["340100"].map((c) => c.name));
    expect(hefei.items.map((c: { communityClass: string }) => c.communityClass)).toEqual(["old", "non-old"]);
    const tongling = await h.call(A.communities.list, {}, TREE.tgStreet);
    expect(tongling.total).toBe(1);
    // The Tongling community has a face-only unit door (for the T3 check).
    const doors = await h.call(A.accessPoints.list, { communityId: tongling.items[0].id }, TREE.tongling);
    expect(doors.items.some((a: { credentials: string[] }) => a.credentials.length === 1 && a.credentials[0] === "face")).toBe(true);
    const stats = await h.call(A.stats, {}, TREE.province);
    const expected = Object.values(DEMO_BY_CITY).flat();
    expect(stats.communities.total).toBe(expected.length);
    expect(stats.buildings).toBe(expected.reduce((n, c) => n + c.buildings.length, 0));
    expect(stats.units).toBe(expected.reduce((n, c) => n + c.buildings.reduce((m, b) => m + b.units.length, 0), 0));
    expect(stats.facilities.total).toBe(expected.reduce((n, c) => n + c.facilities.length, 0));
    expect(stats.devices.total).toBe(expected.reduce((n, c) => n + c.devices.length, 0));
    expect(stats.devices.offline).toBe(expected.flatMap((c) => c.devices).filter((d) => d.onlineState === "offline").length);
    expect(stats.accessPoints).toBe(expected.reduce((n, c) => n + c.accessPoints.length, 0));
    // Every community is a node of the tree under its street.
    for (const c of [...hefei.items, ...tongling.items]) {
      expect((await h.host.jurisdictions.get(c.jurisdictionCode)).parentCode).toBe(c.streetCode);
    }
    // Authorisations and access events: the resident's card and face match, a stranger's card does not.
    const hp = hefei.items[0];
    const events = await h.call(A.accessEvents.list, { communityId: hp.id, pageSize: 100 }, TREE.sanlian);
    expect(events.total).toBe(DEMO_BY_CITY["340100"][0].accessEvents!.length);
    const registered = Object.fromEntries(events.items.map((e: { sourceEventId: string; registered: boolean }) => [e.sourceEventId, e.registered]));
    expect(registered).toEqual({ "demo-hp-1": true, "demo-hp-2": true, "demo-hp-3": true, "demo-hp-4": false, "demo-hp-5": false });
    expect((await h.call(A.authorisations.list, {}, TREE.province)).total).toBe(expected.reduce((n, c) => n + (c.authorisations?.length ?? 0), 0));
    // Running again adds nothing.
    await h.host.plugins.runDemos(call);
    expect(await h.call(A.stats, {}, TREE.province)).toEqual(stats);
  });
});
