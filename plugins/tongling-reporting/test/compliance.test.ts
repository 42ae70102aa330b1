/** T3: residents must not be forced to use biometrics — face-only access points are findings until changed. */
import { describe, expect, it } from "vitest";
import { testDbKinds } from "@anju/kernel/testing";
import { CommunityActions as C } from "@anju/plugin-community";
import { TonglingActions as A } from "../src/actions.js";
import { forcesBiometrics } from "../src/compliance.js";
import { ROLES, TREE, community, useTonglingHost } from "./helpers.js";

type Finding = { id: number; rule: string; communityId: number; communityName: string; accessPointId: number; credentials: string[]; status: string; resolution: string | null };

describe("T3 rule", () => {
  it("only a point whose every credential is biometric forces biometrics", () => {
    expect(forcesBiometrics(["face"])).toBe(true);
    expect(forcesBiometrics(["face", "card"])).toBe(false);
    expect(forcesBiometrics(["card"])).toBe(false);
  });
});

describe.each(testDbKinds())("T3 findings on %s", (kind) => {
  const h = useTonglingHost(kind);
  const asCity = <T = any>(action: string, params: Record<string, unknown> = {}) => h.call<T>(action, params, TREE.tongling, ROLES.reviewer); // eslint-disable-line @typescript-eslint/no-explicit-any
  const open = async (jurisdiction: string = TREE.tongling, roles: readonly string[] = ROLES.reviewer) =>
    (await h.call<{ items: Finding[] }>(A.findings.list, { status: "open", pageSize: 100 }, jurisdiction, roles)).items;
  let tg: { id: number; accessPoints: number[] };
  let zy: { id: number; accessPoints: number[] };

  it("T3: a face-only access point is a finding naming the rule and the community; changing the point resolves it", async () => {
    h.at("2021-06-01 10:00:00");
    tg = await community(h, TREE.tgStreet, {
      name: "铜官山新村", buildYear: 1999,
      accessPoints: [{ name: "3号楼1单元门", kind: "unit-door", credentials: ["face"] }, { name: "南门", kind: "pedestrian-gate", credentials: ["face", "card"] }],
    });
    zy = await community(h, TREE.zyStreet, { name: "枞阳花园", accessPoints: [{ name: "1号楼门", kind: "unit-door", credentials: ["face"] }] });

    const found = await open();
    expect(found.map((f) => [f.rule, f.communityName, f.credentials])).toEqual(expect.arrayContaining([["T3", "枞阳花园", ["face"]], ["T3", "铜官山新村", ["face"]]]));
    expect(found).toHaveLength(2);
    // Per jurisdiction: a county sees its own; read-only departments see the city's (T5).
    expect((await open(TREE.tongguan, ROLES.reporter)).map((f) => f.communityId)).toEqual([tg.id]);
    expect(await open(TREE.tongling, ROLES.housing)).toHaveLength(2);

    h.at("2021-06-02 10:00:00");
    await h.system(C.accessPoints.setCredentials, { id: tg.accessPoints[0], credentials: ["face", "card"] }, TREE.tgStreet);
    expect((await open()).map((f) => f.communityId)).toEqual([zy.id]);
    const all = (await asCity<{ items: Finding[] }>(A.findings.list, { communityId: tg.id })).items;
    expect(all).toEqual([expect.objectContaining({ status: "resolved", accessPointId: tg.accessPoints[0], resolution: "credentials: face,card" })]);

    // Face-only again: a new finding; the resolved one stays as history.
    await h.system(C.accessPoints.setCredentials, { id: tg.accessPoints[0], credentials: ["face"] }, TREE.tgStreet);
    expect((await asCity<{ items: Finding[] }>(A.findings.list, { communityId: tg.id })).items.map((f) => f.status)).toEqual(["open", "resolved"]);
    // Removing the point resolves it as well.
    await h.system(C.accessPoints.remove, { id: zy.accessPoints[0] }, TREE.zyStreet);
    const zyFindings = (await asCity<{ items: Finding[] }>(A.findings.list, { communityId: zy.id })).items;
    expect(zyFindings).toEqual([expect.objectContaining({ status: "resolved", resolution: "access point removed" })]);
  });

  it("two rechecks at once open one finding per access point", async () => {
    const c = await community(h, TREE.tgStreet2, { accessPoints: [{ kind: "garage", credentials: ["face"] }] });
    await Promise.all([asCity(A.findings.recheck), asCity(A.findings.recheck), h.call(A.findings.recheck, {}, TREE.tongguan, ROLES.reporter)]);
    expect((await asCity<{ items: Finding[] }>(A.findings.list, { communityId: c.id, recheck: false })).items).toHaveLength(1);
  });

  it("T3: the nightly job finds a change nobody has looked at yet", async () => {
    const c = await community(h, TREE.zyStreet, { accessPoints: [{ kind: "unit-door", credentials: ["card"] }] });
    await asCity(A.findings.recheck);
    await h.system(C.accessPoints.setCredentials, { id: c.accessPoints[0], credentials: ["face"] }, TREE.zyStreet);
    const unseen = await asCity<{ items: Finding[]; total: number }>(A.findings.list, { communityId: c.id, recheck: false });
    expect(unseen.total).toBe(0);
    h.at("2021-06-03 01:59:00");
    const early = await h.system<{ ran: Array<{ key: string }> }>(A.scheduler.tick, {}, null);
    expect(early.ran.filter((r) => r.key.startsWith("compliance:"))).toEqual([]);
    h.at("2021-06-03 02:00:00");
    const night = await h.system<{ ran: Array<{ key: string; outcome: string }> }>(A.scheduler.tick, {}, null);
    expect(night.ran.filter((r) => r.key.startsWith("compliance:"))).toEqual([{ key: `compliance:${TREE.tongling}:2021-06-03`, outcome: expect.stringContaining("T3 opened 1") }]);
    expect((await asCity<{ items: Finding[] }>(A.findings.list, { communityId: c.id, recheck: false })).items).toEqual([expect.objectContaining({ rule: "T3", status: "open" })]);
    // Once a night.
    const again = await h.system<{ ran: Array<{ key: string }> }>(A.scheduler.tick, {}, null);
    expect(again.ran.filter((r) => r.key.startsWith("compliance:"))).toEqual([]);
  });
});
