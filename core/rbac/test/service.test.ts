/**
 * The rbac actions as a security administrator at a city sees them: grants and rules only
 * inside the own subtree (another branch's node, grant or user is "not found"), no changing
 * one's own grants, coded errors for bad input with nothing written, every change audited.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemContext } from "@anju/kernel";
import { testDbKinds } from "@anju/kernel/testing";
import { BuiltinRoles, RbacActions, RbacPermissions, WorkPermissions, type Grant, type RoleInfo } from "../src/index.js";
import { policyRows, rejection, seedTree, startHost, TREE, user, type RbacTestHost } from "./helpers.js";

const SYSTEM = systemContext();
const SEC = user("sec-hefei", TREE.hefei);

describe.each(testDbKinds())("rbac actions (%s)", (kind) => {
  let t: RbacTestHost;

  beforeEach(async () => {
    t = await startHost({ db: kind });
    await seedTree(t.host);
    await t.host.call(RbacActions.grant, { userId: "sec-hefei", role: BuiltinRoles.securityAdmin, jurisdiction: TREE.hefei }, SYSTEM);
    await t.host.call(RbacActions.grant, { userId: "tl-clerk", role: BuiltinRoles.reviewer, jurisdiction: TREE.tongling }, SYSTEM);
    t.audit.length = 0;
  });
  afterEach(async () => { await t?.stop(); });

  const call = <T = unknown>(action: string, params: Record<string, unknown>, rc = SEC) => t.host.call<T>(action, params, rc);

  it("a city's security administrator grants inside the city; the grant is stored and audited", async () => {
    const params = { userId: "clerk-1", role: BuiltinRoles.reportingOfficial, jurisdiction: TREE.yaohai };
    expect(await call(RbacActions.grant, params)).toEqual(params);
    expect((await policyRows(t.host)).map((r) => [r.ptype, r.v0, r.v1, r.v2])).toContainEqual(["g", "clerk-1", BuiltinRoles.reportingOfficial, TREE.yaohai]);
    expect(await call<Grant[]>(RbacActions.grantsOf, { userId: "clerk-1" })).toEqual([{ role: BuiltinRoles.reportingOfficial, jurisdiction: TREE.yaohai }]);
    expect(t.audit).toContainEqual(expect.objectContaining({
      action: "rbac.grant", result: "success", userId: "sec-hefei", jurisdiction: TREE.hefei, object: `clerk-1:${BuiltinRoles.reportingOfficial}@${TREE.yaohai}`,
    }));
  });

  it("bad input answers a coded error and writes nothing", async () => {
    const before = await policyRows(t.host);
    const cases: Array<[Record<string, unknown>, string, number]> = [
      [{ userId: "clerk-1", role: "chief-of-everything", jurisdiction: TREE.yaohai }, "RBAC_ROLE_UNKNOWN", 422],
      [{ userId: "clerk-1", role: BuiltinRoles.reviewer, jurisdiction: "999999" }, "JURISDICTION_NOT_FOUND", 404],
      // Outside the granter's subtree: a sibling city, and the province above (self-escalation).
      [{ userId: "clerk-1", role: BuiltinRoles.reviewer, jurisdiction: TREE.tongguan }, "JURISDICTION_NOT_FOUND", 404],
      [{ userId: "clerk-1", role: BuiltinRoles.securityAdmin, jurisdiction: TREE.province }, "JURISDICTION_NOT_FOUND", 404],
      [{ userId: "sec-hefei", role: BuiltinRoles.reviewer, jurisdiction: TREE.yaohai }, "RBAC_SELF_GRANT", 403],
      [{ userId: "sec-hefei", role: BuiltinRoles.securityAdmin, jurisdiction: TREE.province }, "JURISDICTION_NOT_FOUND", 404],
      [{ userId: "tl-clerk", role: BuiltinRoles.reviewer, jurisdiction: TREE.yaohai }, "RBAC_USER_NOT_FOUND", 404],
      [{ userId: "x".repeat(129), role: BuiltinRoles.reviewer, jurisdiction: TREE.yaohai }, "VALIDATION_FAILED", 422],
      [{ userId: "robert'); DROP TABLE anju_policy;--", role: BuiltinRoles.reviewer, jurisdiction: TREE.yaohai }, "VALIDATION_FAILED", 422],
      [{ userId: "clerk-1", role: "<b>admin</b>", jurisdiction: TREE.yaohai }, "VALIDATION_FAILED", 422],
      [{ userId: "clerk-1", role: BuiltinRoles.reviewer, jurisdiction: TREE.yaohai, extra: 1 }, "VALIDATION_FAILED", 422],
      [{ userId: "clerk-1", role: BuiltinRoles.reviewer }, "VALIDATION_FAILED", 422],
    ];
    for (const [params, type, code] of cases) {
      const error = await rejection(call(RbacActions.grant, params));
      expect(error, JSON.stringify(params)).toMatchObject({ type, code });
    }
    const dup = await rejection(call(RbacActions.grant, { userId: "sec-hefei", role: BuiltinRoles.securityAdmin, jurisdiction: TREE.hefei }, SYSTEM));
    expect(dup).toMatchObject({ type: "RBAC_GRANT_EXISTS", code: 409 });
    expect(await policyRows(t.host)).toEqual(before);
  });

  it("error messages come in Chinese first, with English alongside", async () => {
    const error = await rejection(call(RbacActions.grant, { userId: "clerk-1", role: "chief-of-everything", jurisdiction: TREE.yaohai }));
    expect(error.message).toBe("角色不存在：chief-of-everything");
    expect((error as unknown as { messages: { en: string } }).messages.en).toBe("Unknown role: chief-of-everything");
  });

  it("refused changes are audited as failures with the error code", async () => {
    await rejection(call(RbacActions.grant, { userId: "clerk-1", role: BuiltinRoles.reviewer, jurisdiction: TREE.tongguan }));
    expect(t.audit).toContainEqual(expect.objectContaining({ action: "rbac.grant", result: "failure", userId: "sec-hefei", detail: expect.objectContaining({ error: "JURISDICTION_NOT_FOUND" }) }));
  });

  it("another branch's grant and user are not found; the grant stays", async () => {
    const before = await policyRows(t.host);
    expect(await rejection(call(RbacActions.revoke, { userId: "tl-clerk", role: BuiltinRoles.reviewer, jurisdiction: TREE.tongling })))
      .toMatchObject({ type: "RBAC_GRANT_NOT_FOUND", code: 404 });
    expect(await rejection(call(RbacActions.revoke, { userId: "nobody", role: BuiltinRoles.reviewer, jurisdiction: TREE.yaohai })))
      .toMatchObject({ type: "RBAC_GRANT_NOT_FOUND", code: 404 });
    expect(await rejection(call(RbacActions.grantsOf, { userId: "tl-clerk" }))).toMatchObject({ type: "RBAC_USER_NOT_FOUND", code: 404 });
    expect(await rejection(call(RbacActions.permissionsOf, { userId: "tl-clerk", jurisdiction: TREE.hefei }))).toMatchObject({ type: "RBAC_USER_NOT_FOUND" });
    expect(await rejection(call(RbacActions.revokeAll, { userId: "tl-clerk" }))).toMatchObject({ type: "RBAC_USER_NOT_FOUND" });
    expect(await policyRows(t.host)).toEqual(before);
  });

  it("revokeAll (offboarding) removes the user's grants inside the caller's subtree only", async () => {
    await call(RbacActions.grant, { userId: "leaver", role: BuiltinRoles.reviewer, jurisdiction: TREE.yaohai });
    await call(RbacActions.grant, { userId: "leaver", role: BuiltinRoles.formDesigner, jurisdiction: TREE.luyang });
    await t.host.call(RbacActions.grant, { userId: "leaver", role: BuiltinRoles.reviewer, jurisdiction: TREE.tongling }, SYSTEM);
    const result = await call<{ revoked: Grant[] }>(RbacActions.revokeAll, { userId: "leaver" });
    expect(result.revoked).toHaveLength(2);
    expect(await t.host.call(RbacActions.grantsOf, { userId: "leaver" }, SYSTEM)).toEqual([{ role: BuiltinRoles.reviewer, jurisdiction: TREE.tongling }]);
    // The system (CLI offboarding) removes the rest.
    await t.host.call(RbacActions.revokeAll, { userId: "leaver" }, SYSTEM);
    expect(await t.host.call(RbacActions.grantsOf, { userId: "leaver" }, SYSTEM)).toEqual([]);
  });

  it("a user reads their own grants and permissions without any rbac permission, but not someone else's", async () => {
    const me = user("tl-clerk", TREE.tongling);
    expect(await call(RbacActions.grantsOf, { userId: "tl-clerk" }, me)).toEqual([{ role: BuiltinRoles.reviewer, jurisdiction: TREE.tongling }]);
    expect(await call<string[]>(RbacActions.permissionsOf, { userId: "tl-clerk", jurisdiction: TREE.tongling }, me)).toContain(WorkPermissions.reportReview);
    expect(await rejection(call(RbacActions.grantsOf, { userId: "sec-hefei" }, me))).toMatchObject({ type: "FORBIDDEN", code: 403 });
    expect(t.audit).toContainEqual(expect.objectContaining({ action: "rbac.denied", userId: "tl-clerk", detail: { permission: RbacPermissions.grantRead } }));
  });

  it("a user without the security duty cannot grant (403, audited)", async () => {
    const error = await rejection(call(RbacActions.grant, { userId: "x", role: BuiltinRoles.reviewer, jurisdiction: TREE.tongguan }, user("tl-clerk", TREE.tongling)));
    expect(error).toMatchObject({ type: "FORBIDDEN", code: 403 });
    expect(t.audit).toContainEqual(expect.objectContaining({ action: "rbac.denied", object: RbacActions.grant, detail: { permission: RbacPermissions.grantManage } }));
  });

  it("rules: add and remove inside the subtree, unknown codes refused, another branch's rule not found", async () => {
    const rule = { role: BuiltinRoles.reviewer, permission: WorkPermissions.piUnmask, jurisdiction: TREE.yaohai };
    expect(await call(RbacActions.addPolicy, rule)).toEqual(rule);
    expect(await call(RbacActions.policies, { jurisdiction: TREE.hefei })).toEqual([{ ...rule, source: "admin" }]);
    expect(await rejection(call(RbacActions.addPolicy, rule))).toMatchObject({ type: "RBAC_POLICY_EXISTS", code: 409 });

    const before = await policyRows(t.host);
    expect(await rejection(call(RbacActions.addPolicy, { ...rule, permission: "made:up" }))).toMatchObject({ type: "RBAC_PERMISSION_UNKNOWN", code: 422 });
    expect(await rejection(call(RbacActions.addPolicy, { ...rule, role: "nobody-role" }))).toMatchObject({ type: "RBAC_ROLE_UNKNOWN", code: 422 });
    expect(await rejection(call(RbacActions.addPolicy, { ...rule, jurisdiction: TREE.tongling }))).toMatchObject({ type: "JURISDICTION_NOT_FOUND", code: 404 });
    expect(await rejection(call(RbacActions.addPolicy, { ...rule, jurisdiction: "*" }))).toMatchObject({ type: "VALIDATION_FAILED" });
    expect(await policyRows(t.host)).toEqual(before);

    await t.host.call(RbacActions.addPolicy, { ...rule, jurisdiction: TREE.tongling }, SYSTEM);
    expect(await rejection(call(RbacActions.removePolicy, { ...rule, jurisdiction: TREE.tongling }))).toMatchObject({ type: "RBAC_POLICY_NOT_FOUND", code: 404 });
    expect(await call(RbacActions.removePolicy, rule)).toEqual(rule);
    expect((await policyRows(t.host)).filter((r) => r.ptype === "p").map((r) => r.v1)).toEqual([TREE.tongling]);
    expect(t.audit.filter((e) => e.result === "success" && e.userId === "sec-hefei").map((e) => e.action)).toEqual(["rbac.policy.add", "rbac.policy.remove"]);
  });

  it("a reviewer given an extra rule at a county uses it there and not in the sibling county", async () => {
    await call(RbacActions.grant, { userId: "rev", role: BuiltinRoles.reviewer, jurisdiction: TREE.hefei });
    await call(RbacActions.addPolicy, { role: BuiltinRoles.reviewer, permission: WorkPermissions.piUnmask, jurisdiction: TREE.yaohai });
    expect(await call(RbacActions.permissionsOf, { userId: "rev", jurisdiction: TREE.yaohai })).toContain(WorkPermissions.piUnmask);
    expect(await call(RbacActions.permissionsOf, { userId: "rev", jurisdiction: TREE.luyang })).not.toContain(WorkPermissions.piUnmask);
  });

  it("roles lists the ten built-in roles with their duties", async () => {
    const roles = await call<RoleInfo[]>(RbacActions.roles, {});
    expect(roles.map((r) => r.code)).toEqual([
      "system-admin", "security-admin", "audit-admin", "jurisdiction-admin", "form-designer",
      "reporting-official", "reviewer", "property-operator", "community-police", "vendor",
    ]);
    expect(roles.filter((r) => r.duty).map((r) => [r.code, r.duty])).toEqual([["system-admin", "system"], ["security-admin", "security"], ["audit-admin", "audit"]]);
    expect(roles[0].displayName).toEqual({ "zh-CN": "系统管理员", en: "System administrator" });
  });
});
