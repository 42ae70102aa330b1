/** The first administrator: no default password ever works (H9). */
import { describe, expect, it } from "vitest";
import { testDbKinds } from "@anju/kernel/testing";
import { bootstrapAdmin, passwordFailures, resolveIdentityConfig } from "../src/index.js";
import { count, rejectionOf, since, TREE, useIdentityHost } from "./helpers.js";

const ADMIN_PASSWORD = "Anhui!Secr3t2026";

describe.each(testDbKinds())("first administrator from ANJU_ADMIN_PASSWORD (%s)", (db) => {
  const kit = useIdentityHost(db);

  it("H9: before bootstrap no admin password works — not even the usual defaults", async () => {
    for (const password of ["admin", "Admin@123", "P@ssw0rd", ADMIN_PASSWORD]) {
      expect((await rejectionOf(kit.browser().call("auth.login", { username: "admin", password }))).type).toBe("LOGIN_FAILED");
    }
    // (A fifth guess would lock the name — unknown names lock like real ones.)
    kit.clock.minutes(16);
  });

  it("H9: an ANJU_ADMIN_PASSWORD that fails the policy is refused and no account is created", async () => {
    const err = await rejectionOf(bootstrapAdmin(kit.host, { password: "admin123" }));
    expect(err.anjuCode).toBe("PASSWORD_POLICY");
    expect((err.data as { rule: string }).rule).toBe("H9");
    expect(await count(kit.host.ds, "SELECT COUNT(*) AS n FROM anju_user WHERE username_key = 'admin'")).toBe(0);
  });

  it("takes the password as chosen and grants system-admin at every root", async () => {
    const mark = kit.audit.length;
    const result = await bootstrapAdmin(kit.host, { password: ADMIN_PASSWORD });
    expect(result).toMatchObject({ created: true, username: "admin", mustChangePassword: false, grantedAt: [TREE.province], passwordIgnored: false });
    expect(result.generatedPassword).toBeUndefined();
    expect(kit.grants.get(result.userId)).toEqual([{ role: "system-admin", jurisdiction: TREE.province }]);
    expect(since(kit, mark)).toEqual([expect.objectContaining({ action: "users.bootstrap-admin", result: "success", userId: result.userId })]);
    const body = await kit.browser().call("auth.login", { username: "admin", password: ADMIN_PASSWORD });
    expect(body).toMatchObject({ mustChangePassword: false, user: { username: "admin", homeJurisdiction: TREE.province } });
  });

  it("running it again (every start) keeps the password; the environment cannot reset it", async () => {
    const again = await bootstrapAdmin(kit.host, { password: "Other!Secr3t99" });
    expect(again).toMatchObject({ created: false, passwordIgnored: true, grantedAt: [] });
    expect((await rejectionOf(kit.browser().call("auth.login", { username: "admin", password: "Other!Secr3t99" }))).type).toBe("LOGIN_FAILED");
    expect((await kit.browser().call("auth.login", { username: "admin", password: ADMIN_PASSWORD })).user.username).toBe("admin");
  });
});

describe.each(testDbKinds())("first administrator with a generated password (%s)", (db) => {
  const kit = useIdentityHost(db);

  it("H9: the generated password passes the policy, is returned once, is not stored in clear, and must be changed at first sign-in", async () => {
    const result = await bootstrapAdmin(kit.host, {});
    expect(result.created).toBe(true);
    expect(result.mustChangePassword).toBe(true);
    const generated = result.generatedPassword!;
    expect(passwordFailures(generated, resolveIdentityConfig().password)).toEqual([]);
    const rows = await kit.host.ds.query("SELECT * FROM anju_user");
    expect(JSON.stringify(rows)).not.toContain(generated);

    const b = kit.browser();
    expect((await b.call("auth.login", { username: "admin", password: generated })).mustChangePassword).toBe(true);
    const blocked = await rejectionOf(b.call("users.list"));
    expect(blocked.type).toBe("PASSWORD_CHANGE_REQUIRED");
    expect(blocked.code).toBe(403);
    expect((await rejectionOf(b.call("auth.password", { currentPassword: generated, newPassword: generated }))).type).toBe("PASSWORD_POLICY");
    await b.call("auth.password", { currentPassword: generated, newPassword: ADMIN_PASSWORD });
    expect((await b.call("auth.me")).mustChangePassword).toBe(false);
    // Separation of duties: the system administrator holds no account duties.
    expect((await rejectionOf(b.call("users.list"))).type).toBe("FORBIDDEN");
  });

  it("the security administrator is set up the same way and manages accounts", async () => {
    const result = await bootstrapAdmin(kit.host, { username: "secadmin", role: "security-admin", password: "Sec!Admin2026x" });
    expect(result).toMatchObject({ created: true, grantedAt: [TREE.province] });
    expect(kit.grants.get(result.userId)).toEqual([{ role: "security-admin", jurisdiction: TREE.province }]);
    const b = await kit.signIn("secadmin", "Sec!Admin2026x");
    const list = await b.call("users.list");
    expect(list.items.map((u: { username: string }) => u.username)).toEqual(["admin", "secadmin"]);
  });
});

describe.each(testDbKinds())("first administrator before any jurisdiction exists, without RBAC (%s)", (db) => {
  const kit = useIdentityHost(db, {}, { seed: false, rbac: false });

  it("creates the account now and grants the role through the callback once a root exists", async () => {
    const calls: Array<[string, string, string]> = [];
    const grant = async (userId: string, role: string, jurisdiction: string) => { calls.push([userId, role, jurisdiction]); };
    const first = await bootstrapAdmin(kit.host, { password: ADMIN_PASSWORD, grant });
    expect(first).toMatchObject({ created: true, grantedAt: [] });
    expect(calls).toEqual([]);
    const early = await rejectionOf(kit.browser().call("auth.login", { username: "admin", password: ADMIN_PASSWORD }));
    expect(early.type).toBe("NO_JURISDICTION");

    await kit.host.jurisdictions.add({ code: "340000", name: "安徽省", level: "province" });
    const second = await bootstrapAdmin(kit.host, { grant });
    expect(second).toMatchObject({ created: false, grantedAt: ["340000"] });
    expect(calls).toEqual([[first.userId, "system-admin", "340000"]]);
    const body = await kit.browser().call("auth.login", { username: "admin", password: ADMIN_PASSWORD });
    expect(body.user.homeJurisdiction).toBe("340000");
  });

  it("without RBAC and without a callback the account is still created; no grant is claimed", async () => {
    const result = await bootstrapAdmin(kit.host, { username: "root.admin", password: ADMIN_PASSWORD });
    expect(result).toMatchObject({ created: true, grantedAt: [] });
  });
});
