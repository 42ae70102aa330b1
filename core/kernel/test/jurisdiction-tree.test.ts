import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestHost, testDbKinds, type TestHost } from "../src/testing.js";

describe.each(testDbKinds())("jurisdiction tree on %s", (db) => {
  let t: TestHost;
  beforeAll(async () => {
    t = await createTestHost({ db });
    const j = t.host.jurisdictions;
    await j.add({ code: "340000", name: "安徽省", level: "province" });
    await j.add({ code: "340100", name: "合肥市", level: "city", parentCode: "340000" });
    await j.add({ code: "340700", name: "铜陵市", level: "city", parentCode: "340000" });
    await j.add({ code: "340104", name: "蜀山区", level: "county", parentCode: "340100" });
    await j.add({ code: "340104001", name: "三里庵街道", level: "street", parentCode: "340104" });
    await j.add({ code: "340705", name: "铜官区", level: "county", parentCode: "340700" });
  });
  afterAll(async () => t?.stop());

  it("keys nodes by administrative division code and lists a subtree in path order", async () => {
    const hefei = await t.host.jurisdictions.list("340100");
    expect(hefei.map((j) => j.code)).toEqual(["340100", "340104", "340104001"]);
    expect(hefei[2].path).toBe("/340000/340100/340104/340104001/");
    expect((await t.host.jurisdictions.list()).length).toBe(6);
    expect(await t.host.jurisdictions.isWithin("340104001", "340100")).toBe(true);
    expect(await t.host.jurisdictions.isWithin("340705", "340100")).toBe(false);
  });

  it("moves a node with its subtree and rewrites every path", async () => {
    // A county reassigned to another city keeps its streets.
    await t.host.jurisdictions.move("340104", "340700");
    expect((await t.host.jurisdictions.get("340104001")).path).toBe("/340000/340700/340104/340104001/");
    expect((await t.host.jurisdictions.list("340700")).map((j) => j.code)).toEqual(["340700", "340104", "340104001", "340705"]);
    expect((await t.host.jurisdictions.list("340100")).map((j) => j.code)).toEqual(["340100"]);
    await t.host.jurisdictions.move("340104", "340100");
    expect((await t.host.jurisdictions.get("340104001")).path).toBe("/340000/340100/340104/340104001/");
  });

  it("renames with the same name rules as creation", async () => {
    expect((await t.host.jurisdictions.rename("340705", "  铜官区 ")).name).toBe("铜官区");
    await expect(t.host.jurisdictions.rename("340705", "<b>x</b>")).rejects.toMatchObject({ type: "JURISDICTION_INVALID" });
    expect((await t.host.jurisdictions.get("340705")).name).toBe("铜官区");
  });

  it("refuses to remove a node that has children, and removes a leaf", async () => {
    await expect(t.host.jurisdictions.remove("340104")).rejects.toMatchObject({ type: "JURISDICTION_HAS_CHILDREN", code: 409 });
    await t.host.jurisdictions.add({ code: "340705002", name: "临时街道", level: "street", parentCode: "340705" });
    await t.host.jurisdictions.remove("340705002");
    expect(await t.host.jurisdictions.find("340705002")).toBeNull();
    await expect(t.host.jurisdictions.get("340705002")).rejects.toMatchObject({ type: "JURISDICTION_NOT_FOUND", code: 404 });
  });

  it("refuses a duplicate code and an unknown parent, persisting nothing", async () => {
    await expect(t.host.jurisdictions.add({ code: "340100", name: "重复", level: "city", parentCode: "340000" })).rejects.toMatchObject({ type: "JURISDICTION_EXISTS" });
    await expect(t.host.jurisdictions.add({ code: "349999", name: "无父", level: "county", parentCode: "349900" })).rejects.toMatchObject({ type: "JURISDICTION_NOT_FOUND" });
    expect(await t.host.jurisdictions.find("349999")).toBeNull();
    expect((await t.host.jurisdictions.list()).length).toBe(6);
  });
});
