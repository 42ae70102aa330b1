import { describe, expect, it } from "vitest";
import { testDbKinds } from "@anju/kernel/testing";
import { CommunityActions as A } from "../src/actions.js";
import { TREE, communityInput, rejectionOf, useCommunityHost } from "./helpers.js";

describe.each(testDbKinds())("communities on %s", (kind) => {
  const h = useCommunityHost(kind);

  it("creating a community under a street adds its community node to the jurisdiction tree", async () => {
    const c = await h.call(A.communities.create, communityInput("翡翠苑"));
    expect(c.jurisdictionCode).toMatch(/^340104001\d{3}$/);
    expect(c.streetCode).toBe(TREE.sanlian);
    const node = await h.host.jurisdictions.get(c.jurisdictionCode);
    expect(node).toMatchObject({ name: "翡翠苑", level: "community", parentCode: TREE.sanlian });
    // The next derived code follows; a given code is kept; parentCode is accepted for streetCode.
    const next = await h.call(A.communities.create, communityInput("翡翠苑二期"));
    expect(Number(next.jurisdictionCode.slice(-3))).toBe(Number(c.jurisdictionCode.slice(-3)) + 1);
    const given = await h.call(A.communities.create, { ...communityInput("自定编码小区", { streetCode: undefined }), parentCode: TREE.sanlian, code: "340104001901" });
    expect(given.jurisdictionCode).toBe("340104001901");
    expect(await h.call(A.communities.get, { id: c.id })).toMatchObject({ id: c.id, name: "翡翠苑" });
  });

  it("T1: the class follows the build year — built by end of 2000 is old, 2001 on is non-old", async () => {
    const old = await h.call(A.communities.create, communityInput("老街坊", { buildYear: 2000 }));
    const nonOld = await h.call(A.communities.create, communityInput("新世纪花园", { buildYear: 2001 }));
    const fresh = await h.call(A.communities.create, communityInput("刚交付小区", { buildYear: 2024, communityClass: "new" }));
    expect([old.communityClass, nonOld.communityClass, fresh.communityClass]).toEqual(["old", "non-old", "new"]);
    // "old" for a community built after the threshold contradicts T1.
    const conflict = await rejectionOf(h.call(A.communities.create, communityInput("冒名老旧", { buildYear: 2010, communityClass: "old" })));
    expect(conflict).toMatchObject({ type: "COMMUNITY_CLASS_CONFLICT", code: 422, data: { rule: "T1" } });
    // Neither class nor year: the class cannot be decided.
    const unknown = await rejectionOf(h.call(A.communities.create, communityInput("无年份", { buildYear: undefined })));
    expect(unknown).toMatchObject({ type: "COMMUNITY_CLASS_REQUIRED", data: { rule: "T1" } });
    // A later build year re-derives the class on update.
    expect((await h.call(A.communities.update, { id: old.id, buildYear: 2005 })).communityClass).toBe("non-old");
  });

  it("T1: the old-community threshold is a setting of the jurisdiction", async () => {
    await h.host.plugins.configure("community", TREE.jinggang, { oldBuiltBefore: 2006 });
    const c = await h.call(A.communities.create, communityInput("井岗老宿舍", { streetCode: TREE.jinggang, buildYear: 2005 }));
    expect(c.communityClass).toBe("old");
    const elsewhere = await h.call(A.communities.create, communityInput("三里庵宿舍", { buildYear: 2005 }));
    expect(elsewhere.communityClass).toBe("non-old");
  });

  it("H1: a community without custodian or maintainer is refused and leaves nothing behind", async () => {
    const before = await h.call(A.communities.list, {});
    const nodesBefore = (await h.host.jurisdictions.children(TREE.sanlian)).length;
    const err = await rejectionOf(h.call(A.communities.create, communityInput("无人管护", { custodian: undefined, maintainer: undefined })));
    expect(err).toMatchObject({ type: "COMMUNITY_CUSTODIAN_REQUIRED", code: 422, data: { rule: "H1", missing: ["custodian", "maintainer"] } });
    expect(err.messages.en).toContain("H1");
    expect((await h.call(A.communities.list, {})).total).toBe(before.total);
    expect((await h.host.jurisdictions.children(TREE.sanlian)).length).toBe(nodesBefore);
    // An update cannot clear them either.
    const c = await h.call(A.communities.create, communityInput("有人管护"));
    await expect(h.call(A.communities.update, { id: c.id, maintainer: null })).rejects.toMatchObject({ type: "COMMUNITY_CUSTODIAN_REQUIRED", data: { missing: ["maintainer"] } });
    // A jurisdiction that switches the rule off accepts them.
    await h.host.plugins.configure("community", TREE.tgStreet, { requireCustodian: false });
    const loose = await h.call(A.communities.create, communityInput("铜陵无管护", { streetCode: TREE.tgStreet, custodian: undefined, maintainer: undefined }), TREE.tongling);
    expect(loose.custodian).toBeNull();
  });

  it("another jurisdiction's community is not found by id and absent from lists, counts and stats", async () => {
    const hefei = await h.call(A.communities.create, communityInput("合肥独有小区"));
    const tongling = await h.call(A.communities.create, communityInput("铜陵独有小区", { streetCode: TREE.tgStreet }), TREE.tongling);
    await expect(h.call(A.communities.get, { id: hefei.id }, TREE.tongling)).rejects.toMatchObject({ type: "TENANT_OUT_OF_SCOPE", code: 404 });
    await expect(h.call(A.communities.update, { id: hefei.id, name: "改名" }, TREE.tongling)).rejects.toMatchObject({ code: 404 });
    await expect(h.call(A.communities.remove, { id: hefei.id }, TREE.tongling)).rejects.toMatchObject({ code: 404 });
    await expect(h.call(A.buildings.create, { communityId: hefei.id, name: "1号楼" }, TREE.tongling)).rejects.toMatchObject({ code: 404 });
    const tlList = await h.call(A.communities.list, { pageSize: 100 }, TREE.tongling);
    expect(tlList.items.map((c: { id: number }) => c.id)).toContain(tongling.id);
    expect(tlList.items.map((c: { id: number }) => c.id)).not.toContain(hefei.id);
    expect(tlList.items.every((c: { jurisdictionCode: string }) => c.jurisdictionCode.startsWith(TREE.tgStreet))).toBe(true);
    const tlStats = await h.call(A.stats, {}, TREE.tongling);
    expect(tlStats.communities.total).toBe(tlList.total);
    // Nor can Tongling put a community under a Hefei street: that street "does not exist" for it.
    await expect(h.call(A.communities.create, communityInput("越界小区"), TREE.tongling)).rejects.toMatchObject({ type: "COMMUNITY_STREET_NOT_FOUND", code: 404 });
    // The province sees both.
    const all = await h.call(A.communities.list, { pageSize: 100 }, TREE.province);
    expect(all.items.map((c: { id: number }) => c.id)).toEqual(expect.arrayContaining([hefei.id, tongling.id]));
  });

  it("a county sees its streets' communities; a street sees only its own", async () => {
    const a = await h.call(A.communities.create, communityInput("三里庵东区"));
    const b = await h.call(A.communities.create, communityInput("井岗东区", { streetCode: TREE.jinggang }));
    const county = await h.call(A.communities.list, { pageSize: 100 }, TREE.shushan);
    expect(county.items.map((c: { id: number }) => c.id)).toEqual(expect.arrayContaining([a.id, b.id]));
    const street = await h.call(A.communities.list, { pageSize: 100 }, TREE.jinggang);
    expect(street.items.map((c: { id: number }) => c.id)).toContain(b.id);
    expect(street.items.map((c: { id: number }) => c.id)).not.toContain(a.id);
    // The county may also add communities under its streets.
    const byCounty = await h.call(A.communities.create, communityInput("区里建的小区", { streetCode: TREE.jinggang }), TREE.shushan);
    expect(byCounty.jurisdictionCode.startsWith(TREE.jinggang)).toBe(true);
    // A community-level user sees exactly its community.
    const own = await h.call(A.communities.list, {}, byCounty.jurisdictionCode);
    expect(own.items.map((c: { id: number }) => c.id)).toEqual([byCounty.id]);
  });

  it("lists page and filter by class and street", async () => {
    const page1 = await h.call(A.communities.list, { page: 1, pageSize: 2 }, TREE.shushan);
    expect(page1).toMatchObject({ page: 1, pageSize: 2 });
    expect(page1.items).toHaveLength(2);
    const page2 = await h.call(A.communities.list, { page: "2", pageSize: "2" }, TREE.shushan);
    expect(page2.items[0].id).toBeGreaterThan(page1.items[1].id);
    const old = await h.call(A.communities.list, { communityClass: "old", pageSize: 100 }, TREE.shushan);
    expect(old.items.every((c: { communityClass: string }) => c.communityClass === "old")).toBe(true);
    const jg = await h.call(A.communities.list, { streetCode: TREE.jinggang, pageSize: 100 }, TREE.shushan);
    expect(jg.total).toBeGreaterThan(0);
    expect(jg.items.every((c: { streetCode: string }) => c.streetCode === TREE.jinggang)).toBe(true);
    await expect(h.call(A.communities.list, { pageSize: 101 })).rejects.toMatchObject({ type: "VALIDATION_FAILED" });
  });

  it("renaming a community renames its node; removing it removes the node", async () => {
    const c = await h.call(A.communities.create, communityInput("旧名小区"));
    const renamed = await h.call(A.communities.update, { id: c.id, name: "新名小区", address: null });
    expect(renamed).toMatchObject({ name: "新名小区", address: null });
    expect((await h.host.jurisdictions.get(c.jurisdictionCode)).name).toBe("新名小区");
    await h.call(A.buildings.create, { communityId: c.id, name: "1号楼" });
    await expect(h.call(A.communities.remove, { id: c.id })).rejects.toMatchObject({ type: "COMMUNITY_IN_USE", code: 409 });
    const b = (await h.call(A.buildings.list, { communityId: c.id })).items[0];
    await h.call(A.buildings.remove, { id: b.id });
    await h.call(A.communities.remove, { id: c.id });
    expect(await h.host.jurisdictions.find(c.jurisdictionCode)).toBeNull();
    await expect(h.call(A.communities.get, { id: c.id })).rejects.toMatchObject({ code: 404 });
  });
});
