/** T1/T2: the class decides the checklist, the registry and attestations decide each item, completion rolls up by area and month. */
import { describe, expect, it } from "vitest";
import { testDbKinds } from "@anju/kernel/testing";
import { CommunityActions as C } from "@anju/plugin-community";
import { TonglingActions as A } from "../src/actions.js";
import { ROLES, TREE, community, rejectionOf, useTonglingHost } from "./helpers.js";

type Item = { item: string; status: string };
const statuses = (row: { items: Item[] }) => Object.fromEntries(row.items.map((i) => [i.item, i.status]));

describe.each(testDbKinds())("T1/T2 construction progress on %s", (kind) => {
  const h = useTonglingHost(kind);
  const asReporter = <T = any>(action: string, params: Record<string, unknown>, county: string = TREE.tongguan) => h.call<T>(action, params, county, ROLES.reporter, "reporter"); // eslint-disable-line @typescript-eslint/no-explicit-any
  const asCity = <T = any>(action: string, params: Record<string, unknown>) => h.call<T>(action, params, TREE.tongling, ROLES.reviewer); // eslint-disable-line @typescript-eslint/no-explicit-any
  const progressOf = async (communityId: number) => (await asCity(A.progress.communities, { communityId })).items[0];
  let old: { id: number; facilities: number[] };
  let nonOld: { id: number; facilities: number[] };
  let fresh: { id: number };

  it("T1 picks the checklist by class; T2 items come from facilities, devices and access points, or wait for an attestation", async () => {
    h.at("2021-05-10 09:00:00");
    old = await community(h, TREE.tgStreet, {
      name: "铜官山新村", buildYear: 1995,
      facilities: [{ type: "physical-protection", installedOn: "2021-03-01" }, { type: "video-surveillance", installedOn: "2021-04-10", devices: 1 }],
      accessPoints: [{ kind: "unit-door", credentials: ["card"] }],
    });
    nonOld = await community(h, TREE.tgStreet2, {
      name: "幸福花园", buildYear: 2008,
      facilities: [
        { type: "perimeter-electronic", installedOn: "2021-02-01" }, { type: "entrance-control", installedOn: "2021-02-01" },
        { type: "video-surveillance", installedOn: "2021-02-01", devices: 2 }, { type: "monitoring-centre", installedOn: "2021-02-01" },
      ],
      accessPoints: [{ kind: "pedestrian-gate", credentials: ["face", "card"] }, { kind: "vehicle-barrier", credentials: ["plate"] }, { kind: "unit-door", credentials: ["face", "id-card"] }],
    });
    fresh = await community(h, TREE.zyStreet, { name: "枞阳新城", buildYear: 2021, communityClass: "new" });

    expect(statuses(await progressOf(old.id))).toEqual({ perimeter: "done", "camera-coverage": "attestation-required", "unit-door": "done" });
    expect(statuses(await progressOf(nonOld.id))).toEqual({
      perimeter: "done", "entrance-control": "done", "auto-authentication": "done", "camera-coverage": "attestation-required",
      "unit-door": "done", "monitoring-centre": "attestation-required",
    });
    const empty = await progressOf(fresh.id);
    expect(empty).toMatchObject({ communityClass: "new", required: 8, done: 0, complete: false });
    expect(Object.values(statuses(empty))).toEqual(Array(8).fill("missing"));

    // A facility not yet accepted (K5: pending) or stopped does not count as built.
    await h.system(C.facilities.update, { id: old.facilities[0], status: "pending" }, TREE.tgStreet);
    expect(statuses(await progressOf(old.id)).perimeter).toBe("missing");
    await h.system(C.facilities.update, { id: old.facilities[0], status: "stopped" }, TREE.tgStreet);
    expect(statuses(await progressOf(old.id)).perimeter).toBe("missing");
    await h.system(C.facilities.update, { id: old.facilities[0], status: "fault" }, TREE.tgStreet);
    expect(statuses(await progressOf(old.id)).perimeter).toBe("done");

    // The attestation records who, when and the evidence; the item is then done.
    h.at("2021-06-15 10:00:00");
    const att = await asReporter(A.attestations.create, { communityId: old.id, item: "camera-coverage", evidenceRef: "forms:3f2a/监控点位图.pdf", note: "含地下车库、人防" });
    expect(att).toMatchObject({ attestedBy: "reporter", item: "camera-coverage", evidenceRef: "forms:3f2a/监控点位图.pdf", revokedAt: null });
    const done = await progressOf(old.id);
    expect(done).toMatchObject({ complete: true, missing: [], completedAt: new Date("2021-06-15T02:00:00Z") });
    expect(done.items.find((i: Item) => i.item === "camera-coverage").evidence).toContain(`attestation:${att.id}`);
    expect(h.audit.find((e) => e.action === "tongling-reporting.attestation.create" && e.result === "success")).toMatchObject({ userId: "reporter" });

    // Items the registry decides take no attestation; a community out of reach is not found.
    expect(await rejectionOf(asReporter(A.attestations.create, { communityId: old.id, item: "perimeter", evidenceRef: "x" }))).toMatchObject({ type: "TONGLING_ATTESTATION_NOT_NEEDED", code: 422 });
    expect(await rejectionOf(asReporter(A.attestations.create, { communityId: fresh.id, item: "sharp-eyes-link", evidenceRef: "x" }))).toMatchObject({ code: 404 });
    // Read-only departments (T5) read progress but attest nothing.
    expect((await h.call(A.progress.communities, {}, TREE.tongling, ROLES.housing)).total).toBe(3);
    expect(await rejectionOf(h.call(A.attestations.create, { communityId: old.id, item: "camera-coverage", evidenceRef: "x" }, TREE.tongling, ROLES.civil))).toMatchObject({ type: "TONGLING_FORBIDDEN" });
  });

  it("completion per street, county and city, with builds this month and the change since last month", async () => {
    h.at("2021-06-20 10:00:00");
    const june = await asCity(A.progress.summary, { period: "2021-06" });
    expect(june.jurisdiction).toMatchObject({ code: TREE.tongling, total: 3, complete: 1, percent: 33.3, previousPercent: 0, change: 33.3, builtThisMonth: 1 });
    const byCode = (rows: Array<{ code: string }>) => Object.fromEntries(rows.map((r) => [r.code, r]));
    expect(byCode(june.counties)).toMatchObject({ [TREE.tongguan]: { total: 2, complete: 1, percent: 50 }, [TREE.zongyang]: { total: 1, complete: 0, percent: 0 } });
    expect(byCode(june.streets)).toMatchObject({ [TREE.tgStreet]: { percent: 100 }, [TREE.tgStreet2]: { percent: 0 }, [TREE.zyStreet]: { percent: 0 } });
    expect(june.cities.map((c: { code: string }) => c.code)).toEqual([TREE.tongling]);

    h.at("2021-07-05 10:00:00");
    for (const item of ["camera-coverage", "monitoring-centre"]) {
      await asReporter(A.attestations.create, { communityId: nonOld.id, item, evidenceRef: `现场核查记录-${item}` });
    }
    const july = await asCity(A.progress.summary, { period: "2021-07" });
    expect(july.jurisdiction).toMatchObject({ total: 3, complete: 2, percent: 66.7, previousPercent: 33.3, change: 33.4, builtThisMonth: 1 });
    // A county sees its own area only.
    const county = await asReporter(A.progress.summary, {});
    expect(county.jurisdiction).toMatchObject({ code: TREE.tongguan, total: 2, complete: 2, percent: 100 });
    expect(county.counties.map((c: { code: string }) => c.code)).toEqual([TREE.tongguan]);
    // The county's July report carries the same figures.
    const report = await asReporter(A.reports.create, { period: "2021-07" });
    expect(report.progress).toEqual({ communities: { total: 2, old: 1, nonOld: 1, new: 0 }, builtThisMonth: 1, cumulative: 2, completionPercent: 100 });
    // Revoking an attestation takes the item back.
    const [att] = (await asReporter(A.attestations.list, { communityId: nonOld.id, item: "monitoring-centre", active: true })).items;
    await asReporter(A.attestations.revoke, { id: att.id });
    expect(statuses(await progressOf(nonOld.id))["monitoring-centre"]).toBe("attestation-required");
  });

  it("T1/T2: the checklist per class is a setting; new communities keep every mandatory T2 item", async () => {
    const checklist = await asCity(A.progress.checklist, {});
    expect(checklist.byClass.old).toEqual(["perimeter", "camera-coverage", "unit-door"]);
    expect(checklist.items.find((i: { item: string }) => i.item === "sharp-eyes-link")).toMatchObject({ rule: "T2", registry: true, attestation: { en: expect.stringContaining("Sharp Eyes") } });
    // Dropping the aspirational people–vehicle separation for new communities is allowed; dropping a mandatory item is not.
    await h.host.plugins.configure("tongling-reporting", TREE.tongling, { checklist: { new: ["perimeter", "entrance-control", "auto-authentication", "camera-coverage", "unit-door", "monitoring-centre", "sharp-eyes-link"] } });
    expect((await progressOf(fresh.id)).required).toBe(7);
    await expect(h.host.plugins.configure("tongling-reporting", TREE.tongling, { checklist: { new: ["perimeter", "camera-coverage"] } }))
      .rejects.toMatchObject({ type: "PLUGIN_SETTINGS_INVALID" });
    // A county may ask less of its old communities; only its communities follow.
    await h.host.plugins.configure("tongling-reporting", TREE.zongyang, { checklist: { old: ["perimeter"] } });
    const zyOld = await community(h, TREE.zyStreet, { buildYear: 1990, facilities: [{ type: "physical-protection", installedOn: "2020-01-01" }] });
    expect(await progressOf(zyOld.id)).toMatchObject({ required: 1, complete: true });
    expect((await progressOf(old.id)).required).toBe(3);
  });
});
