/**
 * Y3/Y4: checklist items counted from the device platform's registered devices by category; a
 * declaration stands in where none is registered (or the node has no device platform), and the
 * item says which it rests on.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { DEVICE_CATEGORIES } from "@anju/sdk";
import { testDbKinds } from "@anju/kernel/testing";
import { YiyangActions as A } from "../src/actions.js";
import { STANDARD_ITEMS } from "../src/constants.js";
import { evaluateCommunity, ITEM_CATEGORIES, type CommunityRecords } from "../src/standard.js";
import { SETTINGS_DEFAULTS } from "../src/constants.js";
import { community, ROLES, TREE } from "./helpers.js";
import { useAlarmHost } from "./alarm-host.js";

const base = (counts: Record<string, number> | null, declared: string[] = []): CommunityRecords => ({
  community: { id: 1, name: "x", jurisdictionCode: "C1", streetCode: "S", communityClass: "old" } as CommunityRecords["community"],
  facilities: [{ id: 1, type: "physical-protection", status: "normal" }, { id: 2, type: "video-surveillance", status: "normal" }] as CommunityRecords["facilities"],
  devices: [],
  accessPoints: [{ id: 1, kind: "pedestrian-gate", credentials: ["face"] }] as CommunityRecords["accessPoints"],
  declarations: declared.map((item, i) => ({ id: i + 1, item, quantity: 5 })) as CommunityRecords["declarations"],
  deviceCounts: counts === null ? null : new Map(Object.entries(counts).map(([c, n]) => [c, { total: n, online: n - 1 }])),
});

describe("Y3/Y4 items from device categories", () => {
  it("Y3/Y4: every item's categories are the device platform's categories", () => {
    for (const [item, cats] of Object.entries(ITEM_CATEGORIES)) {
      expect(STANDARD_ITEMS).toContain(item);
      for (const c of cats!) expect(DEVICE_CATEGORIES as readonly string[]).toContain(c);
    }
  });

  it("Y3: registered smoke detectors and electricity monitors make their items (counted); cameras on the platform make the registry's part of video coverage", () => {
    const s = evaluateCommunity(base({ "smoke-detector": 12, "electricity-monitor": 3, camera: 2 }, ["video-coverage"]), SETTINGS_DEFAULTS);
    expect(s).toMatchObject({ built: true, level: "standard", counted: ["smoke-detectors", "electricity-monitors"], declared: [] });
    expect(s.items.find((i) => i.item === "smoke-detectors")).toMatchObject({ done: true, basis: "counted", quantity: 12, devices: { total: 12, online: 11 }, declarationId: null });
    expect(s.items.find((i) => i.item === "video-coverage")).toMatchObject({ done: true, basis: "registry", evidence: expect.arrayContaining(["devices:camera:2"]) });
  });

  it("Y3: with none registered, a declaration stands in and is labelled declared; without either the item is missing", () => {
    const s = evaluateCommunity(base({ "smoke-detector": 1 }, ["video-coverage", "electricity-monitors"]), SETTINGS_DEFAULTS);
    expect(s.items.find((i) => i.item === "electricity-monitors")).toMatchObject({ done: true, basis: "declared", devices: { total: 0, online: 0 } });
    expect(s).toMatchObject({ counted: ["smoke-detectors"], declared: ["electricity-monitors"] });
    // Video coverage needs cameras somewhere: the registry has none under the video system, the platform none.
    expect(s.missing).toEqual(["video-coverage"]);
    const none = evaluateCommunity(base({}, ["video-coverage"]), SETTINGS_DEFAULTS);
    expect(none.missing).toEqual(["video-coverage", "smoke-detectors", "electricity-monitors"]);
  });

  it("Y3/Y4: a node without the device platform decides on declarations alone (devices: null)", () => {
    const s = evaluateCommunity(base(null, ["smoke-detectors", "electricity-monitors"]), SETTINGS_DEFAULTS);
    expect(s.items.find((i) => i.item === "smoke-detectors")).toMatchObject({ done: true, basis: "declared", devices: null });
  });

  it("Y4: a registered perimeter sensor or household alarm counts beside the registry's facilities", () => {
    const r = base({ "household-alarm": 4, "water-pressure": 2, "transmission-device": 1, "elevator-terminal": 6, "smoke-detector": 1, "electricity-monitor": 1, camera: 1 }, ["video-coverage"]);
    r.facilities = r.facilities.filter((f) => f.type !== "physical-protection");
    expect(evaluateCommunity(r, SETTINGS_DEFAULTS).missing).toEqual(["perimeter"]);
    r.deviceCounts = new Map([...r.deviceCounts!, ["perimeter-sensor", { total: 8, online: 8 }]]);
    const s = evaluateCommunity(r, SETTINGS_DEFAULTS);
    expect(s).toMatchObject({ level: "enhanced", missingForEnhanced: [] });
    expect(s.items.find((i) => i.item === "perimeter")).toMatchObject({ basis: "registry", evidence: ["devices:perimeter-sensor:8"] });
  });
});

describe.each(testDbKinds())("Y3/Y4 checklist counted from registered devices on %s", (kind) => {
  const h = useAlarmHost(kind, ["driver-smoke-json", "driver-fire-iot-json"]);
  let c: { id: number; jurisdictionCode: string };
  const row = async () => (await h.call(A.progress.communities, { pageSize: 100 }, TREE.yiyang, ROLES.official)).items.find((r: { communityId: number }) => r.communityId === c.id);

  beforeAll(async () => {
    c = await community(h, TREE.yijiang, { name: "计数花园", level: "standard" });
  });

  it("Y3: a declared community becomes counted once its smoke detectors and electricity monitors are registered; the elevator terminal counts for Y4", async () => {
    expect(await row()).toMatchObject({ built: true, counted: [], declared: ["smoke-detectors", "electricity-monitors"] });
    await h.register("SD-CNT-01", c.jurisdictionCode);
    await h.register("SD-CNT-02", c.jurisdictionCode);
    await h.register("EM-CNT-01", c.jurisdictionCode, "electricity-monitor", "driver-fire-iot-json");
    await h.register("EL-CNT-01", c.jurisdictionCode, "elevator-terminal", "driver-fire-iot-json");
    const r = await row();
    expect(r).toMatchObject({ built: true, counted: ["smoke-detectors", "electricity-monitors", "elevator-terminals"], declared: [] });
    expect(r.items.find((i: { item: string }) => i.item === "smoke-detectors")).toMatchObject({ basis: "counted", quantity: 2, devices: { total: 2 } });
    // A device of another community counts there, not here.
    const other = await community(h, TREE.dieshan, { name: "别处小区" });
    await h.register("UT-CNT-09", other.jurisdictionCode, "transmission-device", "driver-fire-iot-json");
    expect((await row()).missingForEnhanced).toContain("transmission-device");
    const std = await h.call(A.progress.standard, {}, TREE.yiyang, ROLES.official);
    expect(std.items.find((i: { item: string }) => i.item === "smoke-detectors")).toMatchObject({ categories: ["smoke-detector"], counted: true });
  });
});
