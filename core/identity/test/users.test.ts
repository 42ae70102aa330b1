/** Account administration within a jurisdiction, offboarding and staff records (H10), API keys. */
import { describe, expect, it } from "vitest";
import { testDbKinds } from "@anju/kernel/testing";
import { authenticateApiKey } from "../src/index.js";
import { count, makeUser, rejectionOf, since, TREE, useIdentityHost, type Browser, type IdentityKit } from "./helpers.js";

async function hefeiAdmin(kit: IdentityKit, name: string): Promise<Browser> {
  const admin = await makeUser(kit, name, { roles: [["security-admin", TREE.hefei]] });
  return kit.signIn(name, admin.password);
}

async function snapshot(kit: IdentityKit) {
  return {
    users: await kit.host.ds.query("SELECT id, username, display_name, disabled, password_hash FROM anju_user ORDER BY id"),
    sessions: await count(kit.host.ds, "SELECT COUNT(*) AS n FROM anju_session"),
    keys: await kit.host.ds.query("SELECT id, revoked_at FROM anju_api_key ORDER BY id"),
    offboardings: await count(kit.host.ds, "SELECT COUNT(*) AS n FROM anju_offboarding"),
  };
}

describe.each(testDbKinds())("users (%s)", (db) => {
  const kit = useIdentityHost(db);

  it("a jurisdiction admin creates a user in their jurisdiction; a generated password is shown once and must be changed", async () => {
    const admin = await hefeiAdmin(kit, "hf.admin1");
    const mark = kit.audit.length;
    const made = await admin.call("users.create", { username: "Zhou.Xin", displayName: "周欣" });
    expect(made.user).toMatchObject({ username: "Zhou.Xin", displayName: "周欣", homeJurisdiction: TREE.hefei, mustChangePassword: true });
    expect(made.password).toMatch(/^.{20}$/);
    expect(since(kit, mark)).toEqual([expect.objectContaining({ action: "users.create", result: "success", object: `user:${made.user.id}` })]);
    expect(JSON.stringify(since(kit, mark))).not.toContain(made.password);
    const body = await kit.browser().call("auth.login", { username: "zhou.xin", password: made.password });
    expect(body.mustChangePassword).toBe(true);
  });

  it("users are only visible and manageable inside the caller's jurisdiction (others are 404)", async () => {
    const admin = await hefeiAdmin(kit, "hf.admin2");
    const inside = await makeUser(kit, "in.luyang", { home: TREE.luyang });
    const outside = await makeUser(kit, "in.tongling", { home: TREE.tongling });
    const names = (await admin.call("users.list", { pageSize: 100 })).items.map((u: { username: string }) => u.username);
    expect(names).toContain("in.luyang");
    expect(names).not.toContain("in.tongling");
    expect((await admin.call("users.get", { id: inside.id })).username).toBe("in.luyang");
    for (const action of ["users.get", "users.disable", "users.resetPassword", "users.staffRecords"]) {
      const err = await rejectionOf(admin.call(action, { id: outside.id }));
      expect(err.type).toBe("USER_NOT_FOUND");
      expect(err.code).toBe(404);
    }
    const elsewhere = await rejectionOf(admin.call("users.create", { username: "new.tongling", jurisdiction: TREE.tongling }));
    expect(elsewhere.type).toBe("JURISDICTION_NOT_FOUND");
    expect(await count(kit.host.ds, "SELECT COUNT(*) AS n FROM anju_user WHERE username_key = 'new.tongling'")).toBe(0);
  });

  it("a user without a management role is refused (403) and the refusal is audited", async () => {
    const plain = await makeUser(kit, "just.staff", { roles: [["reviewer", TREE.hefei]] });
    const b = await kit.signIn("just.staff", plain.password);
    const mark = kit.audit.length;
    const err = await rejectionOf(b.call("users.create", { username: "sneaky" }));
    expect(err.type).toBe("FORBIDDEN");
    expect(since(kit, mark)).toEqual([expect.objectContaining({ result: "denied", userId: plain.id, detail: { permission: "identity.user:manage" } })]);
    expect(await count(kit.host.ds, "SELECT COUNT(*) AS n FROM anju_user WHERE username_key = 'sneaky'")).toBe(0);
    expect((await rejectionOf(b.call("users.list"))).type).toBe("FORBIDDEN");
  });

  it("a username taken in another case, width or composition is a duplicate (409)", async () => {
    const admin = await hefeiAdmin(kit, "hf.admin3");
    await admin.call("users.create", { username: "Dup.User" });
    for (const username of ["dup.user", "DUP.USER", "ｄｕｐ.ｕｓｅｒ"]) {
      const err = await rejectionOf(admin.call("users.create", { username }));
      expect(err.type).toBe("USERNAME_TAKEN");
      expect(err.code).toBe(409);
    }
  });

  it("usernames are stored NFC-normalised", async () => {
    const admin = await hefeiAdmin(kit, "hf.admin4");
    const made = await admin.call("users.create", { username: "Rene\u0301e" });
    expect(made.user.username).toBe("Renée");
    const [row] = await kit.host.ds.query("SELECT username FROM anju_user WHERE id = ?", [made.user.id]);
    expect(row.username).toBe("Renée");
  });

  describe("bad input is refused with a code and changes nothing", () => {
    it.each([
      [{ username: "x".repeat(65) }, "VALIDATION_FAILED"],
      [{ username: "robert'); DROP TABLE anju_user;--" }, "VALIDATION_FAILED"],
      [{ username: "<script>alert(1)</script>" }, "VALIDATION_FAILED"],
      [{ username: "bell\u0007" }, "VALIDATION_FAILED"],
      [{ username: "rtl\u202Egnp.exe" }, "USERNAME_INVALID"],
      [{ username: "ok.name", displayName: "<img src=x onerror=alert(1)>" }, "VALIDATION_FAILED"],
      [{ username: "ok.name", displayName: "x".repeat(101) }, "VALIDATION_FAILED"],
      [{ username: "ok.name", password: "weak" }, "PASSWORD_POLICY"],
      [{ username: "ok.name", password: `Aa1!${"x".repeat(253)}` }, "VALIDATION_FAILED"],
      [{ username: "ok.name", jurisdiction: "340100' OR '1'='1" }, "VALIDATION_FAILED"],
      [{ username: "ok.name", roles: ["system-admin"] }, "VALIDATION_FAILED"],
    ])("users.create %j → %s", async (params, code) => {
      const admin = await hefeiAdmin(kit, `bad.${Math.random().toString(36).slice(2, 8)}`);
      const before = await snapshot(kit);
      const err = await rejectionOf(admin.call("users.create", params));
      expect(err.type).toBe(code);
      expect(await snapshot(kit)).toEqual(before);
    });

    it("ids that are not UUIDs are refused before any lookup", async () => {
      const admin = await hefeiAdmin(kit, "hf.admin5");
      for (const id of ["1 OR 1=1", "../admin", ""]) expect((await rejectionOf(admin.call("users.disable", { id }))).type).toBe("VALIDATION_FAILED");
    });
  });

  it("an admin cannot disable, reset or offboard their own account", async () => {
    const admin = await makeUser(kit, "self.admin", { roles: [["security-admin", TREE.hefei]] });
    const b = await kit.signIn("self.admin", admin.password);
    expect((await rejectionOf(b.call("users.disable", { id: admin.id }))).type).toBe("CANNOT_CHANGE_SELF");
    expect((await rejectionOf(b.call("users.offboard", { id: admin.id, returnedKeys: [], usbKeys: [], pledgeSigned: true }))).type).toBe("CANNOT_CHANGE_SELF");
  });

  it("disable and enable: a disabled user cannot sign in, an enabled one can again", async () => {
    const admin = await hefeiAdmin(kit, "hf.admin6");
    const u = await makeUser(kit, "toggle.user");
    const mark = kit.audit.length;
    expect((await admin.call("users.disable", { id: u.id })).user.disabled).toBe(true);
    expect((await rejectionOf(kit.signIn("toggle.user", u.password))).type).toBe("ACCOUNT_DISABLED");
    await admin.call("users.enable", { id: u.id });
    expect((await kit.signIn("toggle.user", u.password)).cookie).toBeTruthy();
    expect(since(kit, mark).map((e) => e.action)).toEqual(expect.arrayContaining(["users.disable", "users.enable"]));
  });

  it("a password reset gives a one-time password, ends the user's sessions and forces a change", async () => {
    const admin = await hefeiAdmin(kit, "hf.admin7");
    const u = await makeUser(kit, "forgot.pw");
    const theirs = await kit.signIn("forgot.pw", u.password);
    const reset = await admin.call("users.resetPassword", { id: u.id });
    expect(reset).toMatchObject({ mustChangePassword: true, sessionsEnded: 1 });
    expect((await rejectionOf(theirs.call("auth.me"))).type).toBe("SESSION_INVALID");
    expect((await kit.browser().call("auth.login", { username: "forgot.pw", password: reset.password })).mustChangePassword).toBe(true);
  });

  describe("offboarding and staff records (H10)", () => {
    it("H10: offboarding disables the account, kills sessions, revokes API keys and roles, and records returned keys, USB keys and the pledge", async () => {
      const admin = await hefeiAdmin(kit, "hf.admin8");
      const leaver = await makeUser(kit, "leaving.staff", { roles: [["reviewer", TREE.hefei]] });
      const s1 = await kit.signIn("leaving.staff", leaver.password);
      await kit.signIn("leaving.staff", leaver.password);
      const key = await s1.call("auth.createApiKey", { name: "巡检脚本 patrol script" });
      expect((await authenticateApiKey(kit.host, key.key)).principal.id).toBe(leaver.id);

      const mark = kit.audit.length;
      const record = await admin.call("users.offboard", {
        id: leaver.id, returnedKeys: ["门禁卡 A-102", "机房钥匙 3"], usbKeys: ["UKey SN-88812"], pledgeSigned: true, note: "2026 年 3 月离职 / left March 2026",
      });
      expect(record).toMatchObject({ userId: leaver.id, sessionsEnded: 2, apiKeysRevoked: 1, rolesRevoked: true, pledgeSigned: true, usbKeys: ["UKey SN-88812"] });
      expect(kit.revokedAll).toContain(leaver.id);
      expect(kit.grants.get(leaver.id)).toBeUndefined();
      expect((await rejectionOf(s1.call("auth.me"))).type).toBe("SESSION_INVALID");
      expect((await rejectionOf(authenticateApiKey(kit.host, key.key))).type).toBe("API_KEY_INVALID");
      expect((await rejectionOf(kit.signIn("leaving.staff", leaver.password))).type).toBe("ACCOUNT_DISABLED");
      expect(since(kit, mark).filter((e) => e.action === "users.offboard")).toEqual([expect.objectContaining({ result: "success", object: `user:${leaver.id}`, detail: expect.objectContaining({ rule: "H10", usbKeys: 1, returnedKeys: 2 }),
      })]);

      const records = await admin.call("users.staffRecords", { id: leaver.id });
      expect(records.offboardings).toEqual([expect.objectContaining({ returnedKeys: ["门禁卡 A-102", "机房钥匙 3"], usbKeys: ["UKey SN-88812"], pledgeSigned: true })]);
    });

    it("H10: confidentiality pledges and training/assessment records are kept per staff member", async () => {
      const admin = await hefeiAdmin(kit, "hf.admin9");
      const staff = await makeUser(kit, "key.staff");
      await admin.call("users.recordPledge", { id: staff.id, signedOn: "2026-02-10", documentRef: "保密承诺书 2026-017" });
      await admin.call("users.recordTraining", { id: staff.id, course: "网络安全培训 Network security", completedOn: "2026-02-20", assessment: "passed", score: 92 });
      const records = await admin.call("users.staffRecords", { id: staff.id });
      expect(records.pledges).toEqual([expect.objectContaining({ kind: "confidentiality", signedOn: "2026-02-10", documentRef: "保密承诺书 2026-017" })]);
      expect(records.training).toEqual([expect.objectContaining({ course: "网络安全培训 Network security", assessment: "passed", score: 92 })]);
      expect((await rejectionOf(admin.call("users.recordPledge", { id: staff.id, signedOn: "2026-02-30x" }))).type).toBe("VALIDATION_FAILED");
      expect((await rejectionOf(admin.call("users.recordTraining", { id: staff.id, course: "x", completedOn: "2026-02-20", assessment: "maybe" }))).type).toBe("VALIDATION_FAILED");
    });

    it("offboarding input is validated: missing pledge answer or too many keys change nothing", async () => {
      const admin = await hefeiAdmin(kit, "hf.admin10");
      const u = await makeUser(kit, "not.yet.leaving");
      const before = await snapshot(kit);
      expect((await rejectionOf(admin.call("users.offboard", { id: u.id, returnedKeys: [], usbKeys: [] }))).type).toBe("VALIDATION_FAILED");
      expect((await rejectionOf(admin.call("users.offboard", { id: u.id, returnedKeys: Array(51).fill("k"), usbKeys: [], pledgeSigned: true }))).type).toBe("VALIDATION_FAILED");
      expect((await rejectionOf(admin.call("users.offboard", { id: u.id, returnedKeys: ["<b>x</b>"], usbKeys: [], pledgeSigned: true }))).type).toBe("VALIDATION_FAILED");
      expect(await snapshot(kit)).toEqual(before);
    });
  });

  describe("API keys", () => {
    it("a key is shown once, stored only as a digest, acts as its owner, and stops when revoked", async () => {
      const u = await makeUser(kit, "script.owner", { home: TREE.yaohai });
      const b = await kit.signIn("script.owner", u.password);
      const created = await b.call("auth.createApiKey", { name: "nightly export", expiresInDays: 30 });
      expect(created.key).toMatch(/^anju_[A-Za-z0-9_-]{43}$/);
      const listed = await b.call("auth.listApiKeys");
      expect(listed).toEqual([expect.objectContaining({ id: created.id, name: "nightly export", prefix: created.key.slice(0, 12), revokedAt: null })]);
      expect(JSON.stringify(listed)).not.toContain(created.key);
      expect(JSON.stringify(await kit.host.ds.query("SELECT * FROM anju_api_key"))).not.toContain(created.key);

      const rc = await authenticateApiKey(kit.host, created.key, { ip: "10.1.1.1" });
      expect(rc).toMatchObject({ principal: { id: u.id, kind: "user" }, jurisdiction: TREE.yaohai, ip: "10.1.1.1" });
      await b.call("auth.revokeApiKey", { id: created.id });
      expect((await rejectionOf(authenticateApiKey(kit.host, created.key))).type).toBe("API_KEY_INVALID");
      expect((await rejectionOf(b.call("auth.revokeApiKey", { id: created.id }))).type).toBe("API_KEY_NOT_FOUND");
    });

    it("an expired key is refused; forged keys are refused", async () => {
      const u = await makeUser(kit, "short.key");
      const b = await kit.signIn("short.key", u.password);
      const created = await b.call("auth.createApiKey", { name: "one day", expiresInDays: 1 });
      kit.clock.advance(86_400_000);
      expect((await rejectionOf(authenticateApiKey(kit.host, created.key))).type).toBe("API_KEY_INVALID");
      expect((await rejectionOf(authenticateApiKey(kit.host, `anju_${"A".repeat(43)}`))).type).toBe("API_KEY_INVALID");
      expect((await rejectionOf(authenticateApiKey(kit.host, "anju_' OR 1=1"))).type).toBe("API_KEY_INVALID");
    });

    it("an admin lists and revokes a user's keys; another user's key id is not found", async () => {
      const admin = await hefeiAdmin(kit, "hf.admin11");
      const u = await makeUser(kit, "keyed.user");
      const other = await makeUser(kit, "other.keyed");
      const key = await (await kit.signIn("keyed.user", u.password)).call("auth.createApiKey", { name: "k1" });
      expect((await admin.call("users.listApiKeys", { id: u.id })).map((k: { id: string }) => k.id)).toEqual([key.id]);
      expect((await rejectionOf(admin.call("users.revokeApiKey", { id: other.id, keyId: key.id }))).type).toBe("API_KEY_NOT_FOUND");
      await admin.call("users.revokeApiKey", { id: u.id, keyId: key.id });
      expect((await rejectionOf(authenticateApiKey(kit.host, key.key))).type).toBe("API_KEY_INVALID");
    });
  });
});
