/**
 * Enforcement through the RBAC slot: a role granted at a node covers its subtree and nothing
 * else; denials are 403 FORBIDDEN and audited; the system principal and actions without a
 * permission pass; decisions are cached and the cache follows every change.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { systemContext } from "@anju/kernel";
import { testDbKinds } from "@anju/kernel/testing";
import { BuiltinRoles, checkRoute, engineOf, RbacActions, WorkPermissions } from "../src/index.js";
import { policyRows, probeName, rejection, seedTree, startHost, TREE, user, type RbacTestHost } from "./helpers.js";

const REVIEW = WorkPermissions.reportReview;
const SYSTEM = systemContext();

describe.each(testDbKinds())("RBAC enforcement (%s)", (kind) => {
  let t: RbacTestHost;

  beforeEach(async () => {
    t = await startHost({ db: kind, probes: [REVIEW] });
    await seedTree(t.host);
  });
  afterEach(async () => { await t?.stop(); });

  const grant = (userId: string, role: string, jurisdiction: string) => t.host.call(RbacActions.grant, { userId, role, jurisdiction }, SYSTEM);
  const review = (userId: string, jurisdiction: string) => t.host.call(probeName(REVIEW), {}, user(userId, jurisdiction));

  it("a role granted at a city is allowed in its county and refused in a sibling city and above", async () => {
    await grant("wang", BuiltinRoles.reviewer, TREE.hefei);

    expect(await review("wang", TREE.hefei)).toBe("ok");
    expect(await review("wang", TREE.yaohai)).toBe("ok");
    expect(await review("wang", TREE.luyang)).toBe("ok");
    for (const elsewhere of [TREE.tongling, TREE.tongguan, TREE.province]) {
      expect(await rejection(review("wang", elsewhere))).toMatchObject({ type: "FORBIDDEN", code: 403 });
    }
  });

  it("a denial is answered 403 FORBIDDEN in Chinese and English and recorded as rbac.denied", async () => {
    await grant("wang", BuiltinRoles.reviewer, TREE.hefei);
    const error = await rejection(review("wang", TREE.tongguan));
    expect(error).toMatchObject({ type: "FORBIDDEN", code: 403, message: "无权执行此操作" });
    expect((error as unknown as { messages: { en: string } }).messages.en).toBe("You are not allowed to do this");
    expect(t.audit).toContainEqual({
      action: "rbac.denied", object: probeName(REVIEW), result: "denied",
      userId: "wang", jurisdiction: TREE.tongguan, ip: "10.0.0.8", detail: { permission: REVIEW },
    });
  });

  it("a user with no grant at all is refused; an action without a permission runs for anyone", async () => {
    expect(await rejection(review("nobody", TREE.hefei))).toMatchObject({ type: "FORBIDDEN", code: 403 });
    expect(await t.host.call("probe.open", {}, user("nobody", TREE.hefei))).toBe("open");
  });

  it("the system principal passes every permission check", async () => {
    expect(await t.host.call(probeName(REVIEW), {}, SYSTEM)).toBe("ok");
    expect(await t.host.call(probeName(REVIEW), {}, systemContext(TREE.tongguan))).toBe("ok");
  });

  it("decisions are cached, and a grant or revoke takes effect on the next call", async () => {
    const engine = engineOf(t.host.broker)!;
    const decide = vi.spyOn(engine, "decide");

    expect(await rejection(review("li", TREE.yaohai))).toMatchObject({ type: "FORBIDDEN" });
    expect(await rejection(review("li", TREE.yaohai))).toMatchObject({ type: "FORBIDDEN" });
    expect(decide).toHaveBeenCalledTimes(1);

    await grant("li", BuiltinRoles.reviewer, TREE.yaohai);
    expect(await review("li", TREE.yaohai)).toBe("ok");
    expect(await review("li", TREE.yaohai)).toBe("ok");
    expect(decide).toHaveBeenCalledTimes(2);

    await t.host.call(RbacActions.revoke, { userId: "li", role: BuiltinRoles.reviewer, jurisdiction: TREE.yaohai }, SYSTEM);
    expect(await rejection(review("li", TREE.yaohai))).toMatchObject({ type: "FORBIDDEN" });
    expect(decide).toHaveBeenCalledTimes(3);
  });

  it("moving a county to another city moves the coverage with it", async () => {
    await grant("wang", BuiltinRoles.reviewer, TREE.hefei);
    expect(await review("wang", TREE.luyang)).toBe("ok");
    await t.host.jurisdictions.move(TREE.luyang, TREE.tongling);
    expect(await rejection(review("wang", TREE.luyang))).toMatchObject({ type: "FORBIDDEN" });
  });

  it("removing a jurisdiction removes its grants: a node re-created under the same code starts empty", async () => {
    await grant("wang", BuiltinRoles.reviewer, TREE.luyang);
    await grant("wang", BuiltinRoles.reviewer, TREE.yaohai);
    expect(await review("wang", TREE.luyang)).toBe("ok");
    await t.host.jurisdictions.remove(TREE.luyang);
    expect((await policyRows(t.host)).map((r) => r.v2)).toEqual([TREE.yaohai]);
    await t.host.jurisdictions.add({ code: TREE.luyang, name: "庐阳区", level: "county", parentCode: TREE.hefei });
    expect(await rejection(review("wang", TREE.luyang))).toMatchObject({ type: "FORBIDDEN" });
    expect(await review("wang", TREE.yaohai)).toBe("ok");
  });

  it("a county created after the grant is covered at once", async () => {
    await grant("wang", BuiltinRoles.reviewer, TREE.hefei);
    await t.host.jurisdictions.add({ code: "340104", name: "蜀山区", level: "county", parentCode: TREE.hefei });
    expect(await review("wang", "340104")).toBe("ok");
  });

  it("permissionsOf lists what the user's covering grants give at that node", async () => {
    await grant("zhao", BuiltinRoles.reviewer, TREE.hefei);
    await grant("zhao", BuiltinRoles.formDesigner, TREE.yaohai);
    const atCounty = await t.host.call<string[]>(RbacActions.permissionsOf, { userId: "zhao", jurisdiction: TREE.yaohai }, SYSTEM);
    expect(atCounty).toEqual(expect.arrayContaining([REVIEW, WorkPermissions.formDesign]));
    const atSibling = await t.host.call<string[]>(RbacActions.permissionsOf, { userId: "zhao", jurisdiction: TREE.luyang }, SYSTEM);
    expect(atSibling).toContain(REVIEW);
    expect(atSibling).not.toContain(WorkPermissions.formDesign);
    expect(await t.host.call(RbacActions.permissionsOf, { userId: "zhao", jurisdiction: TREE.tongling }, SYSTEM)).toEqual([]);
  });

  it("grants are single rows: a revoke deletes one row and leaves every other row as it was", async () => {
    await grant("a1", BuiltinRoles.reviewer, TREE.hefei);
    await grant("a2", BuiltinRoles.reviewer, TREE.yaohai);
    await grant("a3", BuiltinRoles.formDesigner, TREE.tongling);
    const before = await policyRows(t.host);
    expect(before.map((r) => [r.ptype, r.v0, r.v1, r.v2])).toEqual([
      ["g", "a1", BuiltinRoles.reviewer, TREE.hefei],
      ["g", "a2", BuiltinRoles.reviewer, TREE.yaohai],
      ["g", "a3", BuiltinRoles.formDesigner, TREE.tongling],
    ]);
    await t.host.call(RbacActions.revoke, { userId: "a2", role: BuiltinRoles.reviewer, jurisdiction: TREE.yaohai }, SYSTEM);
    expect(await policyRows(t.host)).toEqual([before[0], before[2]]);
  });

  it("the adapter refuses to rewrite the whole table", async () => {
    const engine = engineOf(t.host.broker)!;
    expect(await rejection(engine.adapter.savePolicy())).toMatchObject({ type: "RBAC_SAVE_REFUSED" });
    expect(await rejection(engine.adapter.removeFilteredPolicy("g", "g", 0))).toMatchObject({ type: "RBAC_SAVE_REFUSED" });
  });

  it("checkRoute lets the gateway refuse a route (403, audited) and pass an allowed one", async () => {
    await grant("wang", BuiltinRoles.reviewer, TREE.hefei);
    await expect(checkRoute(t.host.broker, user("wang", TREE.yaohai), REVIEW, "POST /api/reports/review")).resolves.toBeUndefined();
    const error = await rejection(checkRoute(t.host.broker, user("wang", TREE.tongling), REVIEW, "POST /api/reports/review"));
    expect(error).toMatchObject({ type: "FORBIDDEN", code: 403 });
    expect(t.audit.at(-1)).toMatchObject({ action: "rbac.denied", object: "POST /api/reports/review", userId: "wang", jurisdiction: TREE.tongling });
  });

  it("policy changes bump rbac.generation in anju_meta", async () => {
    const read = async () => {
      const q = kind === "mysql" ? "`key`" : '"key"';
      const rows: Array<{ value: string }> = await t.host.ds.query(`SELECT value FROM anju_meta WHERE ${q} = 'rbac.generation'`);
      return Number(rows[0].value);
    };
    const g0 = await read();
    await grant("wang", BuiltinRoles.reviewer, TREE.hefei);
    expect(await read()).toBe(g0 + 1);
  });
});

describe("RBAC without the audit service", () => {
  it("a denial is still 403 when no audit service runs", async () => {
    const t = await startHost({ probes: [REVIEW], withAudit: false });
    try {
      await seedTree(t.host);
      expect(await rejection(t.host.call(probeName(REVIEW), {}, user("x", TREE.hefei)))).toMatchObject({ type: "FORBIDDEN", code: 403 });
    } finally {
      await t.stop();
    }
  });
});
