/**
 * Separation of duties (MLPS 2.0 level 3, GB/T 22239-2019 §8.1.4): the system, security and
 * audit administrators cannot do one another's job. Tested as a matrix — each of the three
 * roles against each duty's key permissions — plus the two guards that keep it so: no user
 * gets two of the three roles (or two duties through other roles), and no rule gives a role a
 * second duty.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HostPermissions, systemContext } from "@anju/kernel";
import { testDbKinds } from "@anju/kernel/testing";
import {
  AuditPermissions, BUILTIN_ROLES, BuiltinRoles, dutiesOf, dutyOf, IdentityPermissions, RbacActions, RbacPermissions, SOD_ROLES, type Duty,
} from "../src/index.js";
import { policyRows, probeName, rejection, seedTree, startHost, TREE, user, type RbacTestHost } from "./helpers.js";

const KEY_PERMISSIONS: Record<Duty, string[]> = {
  system: [HostPermissions.pluginManage, HostPermissions.jurisdictionManage],
  security: [IdentityPermissions.userManage, IdentityPermissions.totpReset, RbacPermissions.grantManage, RbacPermissions.policyManage],
  audit: [AuditPermissions.read, AuditPermissions.export, AuditPermissions.verify, AuditPermissions.purge],
};
const ADMINS: Array<{ role: string; duty: Duty; userId: string }> = [
  { role: BuiltinRoles.systemAdmin, duty: "system", userId: "sysadmin" },
  { role: BuiltinRoles.securityAdmin, duty: "security", userId: "secadmin" },
  { role: BuiltinRoles.auditAdmin, duty: "audit", userId: "audadmin" },
];
const SYSTEM = systemContext();

describe("the built-in administrator roles", () => {
  it("each carries exactly its own duty, and their duty permissions are disjoint", () => {
    for (const { role, duty } of ADMINS) {
      const def = BUILTIN_ROLES.find((r) => r.code === role)!;
      expect([...dutiesOf(def.permissions)]).toEqual([duty]);
      expect(SOD_ROLES.get(role)).toBe(duty);
    }
    const owned = ADMINS.map(({ role }) => BUILTIN_ROLES.find((r) => r.code === role)!.permissions.filter((p) => dutyOf(p) !== null));
    for (let i = 0; i < owned.length; i++) {
      for (let j = i + 1; j < owned.length; j++) expect(owned[i].filter((p) => owned[j].includes(p))).toEqual([]);
    }
  });
});

describe.each(testDbKinds())("separation of duties (%s)", (kind) => {
  let t: RbacTestHost;
  const allKeys = Object.values(KEY_PERMISSIONS).flat();

  beforeEach(async () => {
    t = await startHost({ db: kind, probes: allKeys });
    await seedTree(t.host);
    for (const a of ADMINS) await t.host.call(RbacActions.grant, { userId: a.userId, role: a.role, jurisdiction: TREE.province }, SYSTEM);
  });
  afterEach(async () => { await t?.stop(); });

  it("matrix: each administrator may use its own duty's key permissions and none of the others'", async () => {
    const outcome: string[] = [];
    for (const admin of ADMINS) {
      for (const [duty, permissions] of Object.entries(KEY_PERMISSIONS)) {
        for (const permission of permissions) {
          const result = await t.host.call(probeName(permission), {}, user(admin.userId, TREE.yaohai)).then(() => "allowed", (e: { type: string }) => e.type);
          outcome.push(`${admin.role} ${permission} ${result}`);
          expect(result, `${admin.role} → ${permission}`).toBe(duty === admin.duty ? "allowed" : "FORBIDDEN");
        }
      }
    }
    expect(outcome).toHaveLength(3 * allKeys.length);
  });

  it("the real actions follow the matrix: only the security administrator grants roles or changes rules", async () => {
    const params = { userId: "clerk", role: BuiltinRoles.reviewer, jurisdiction: TREE.hefei };
    expect(await rejection(t.host.call(RbacActions.grant, params, user("sysadmin", TREE.province)))).toMatchObject({ type: "FORBIDDEN", code: 403 });
    expect(await rejection(t.host.call(RbacActions.grant, params, user("audadmin", TREE.province)))).toMatchObject({ type: "FORBIDDEN", code: 403 });
    const rule = { role: BuiltinRoles.reviewer, permission: "pi:unmask", jurisdiction: TREE.hefei };
    expect(await rejection(t.host.call(RbacActions.addPolicy, rule, user("sysadmin", TREE.province)))).toMatchObject({ type: "FORBIDDEN" });
    expect(await rejection(t.host.call(RbacActions.addPolicy, rule, user("audadmin", TREE.province)))).toMatchObject({ type: "FORBIDDEN" });
    expect(await t.host.call(RbacActions.grant, params, user("secadmin", TREE.province))).toEqual(params);
    expect(await t.host.call(RbacActions.addPolicy, rule, user("secadmin", TREE.province))).toEqual(rule);
  });

  it("no user is given two of the three administrator roles, in any jurisdiction; nothing is written", async () => {
    const before = await policyRows(t.host);
    for (const holder of ADMINS) {
      for (const other of ADMINS.filter((a) => a !== holder)) {
        const error = await rejection(t.host.call(RbacActions.grant, { userId: holder.userId, role: other.role, jurisdiction: TREE.tongguan }, SYSTEM));
        expect(error, `${holder.role} + ${other.role}`).toMatchObject({ type: "RBAC_SOD_CONFLICT", code: 409 });
        expect(error.message).toContain("三员分立");
      }
    }
    expect(await policyRows(t.host)).toEqual(before);
  });

  it("another role carrying a duty counts: the security administrator cannot also be a jurisdiction admin", async () => {
    const error = await rejection(t.host.call(RbacActions.grant, { userId: "secadmin", role: BuiltinRoles.jurisdictionAdmin, jurisdiction: TREE.hefei }, SYSTEM));
    expect(error).toMatchObject({ type: "RBAC_SOD_CONFLICT", code: 409, data: { held: "security", wanted: "system" } });
    // Roles without an administrative duty combine freely.
    await t.host.call(RbacActions.grant, { userId: "secadmin", role: BuiltinRoles.reviewer, jurisdiction: TREE.hefei }, SYSTEM);
  });

  it("a rule may not give an administrator role another duty's permission, nor a role whose holders would then span two duties", async () => {
    const before = await policyRows(t.host);
    const crossing = await rejection(t.host.call(RbacActions.addPolicy, { role: BuiltinRoles.securityAdmin, permission: AuditPermissions.read, jurisdiction: TREE.hefei }, SYSTEM));
    expect(crossing).toMatchObject({ type: "RBAC_SOD_CONFLICT", code: 409 });

    // secadmin also holds reviewer: giving reviewers audit access would hand secadmin the audit duty.
    await t.host.call(RbacActions.grant, { userId: "secadmin", role: BuiltinRoles.reviewer, jurisdiction: TREE.hefei }, SYSTEM);
    const afterGrant = await policyRows(t.host);
    const viaHolder = await rejection(t.host.call(RbacActions.addPolicy, { role: BuiltinRoles.reviewer, permission: AuditPermissions.export, jurisdiction: TREE.hefei }, SYSTEM));
    expect(viaHolder).toMatchObject({ type: "RBAC_SOD_CONFLICT", data: { subject: "secadmin" } });
    expect((await policyRows(t.host)).length).toBe(before.length + 1);
    expect(await policyRows(t.host)).toEqual(afterGrant);
  });
});
