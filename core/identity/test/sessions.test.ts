/** Server-side sessions: idle lock (H9), lifetime, logout, forged and replayed cookies, password change. */
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { testDbKinds } from "@anju/kernel/testing";
import { authenticateSession } from "../src/index.js";
import { count, makeUser, messagesOf, rejectionOf, since, TREE, useIdentityHost } from "./helpers.js";

describe.each(testDbKinds())("sessions (%s)", (db) => {
  const kit = useIdentityHost(db);

  it("H9: a session idle for 5 minutes is locked out; activity keeps it alive", async () => {
    const u = await makeUser(kit, "idle.user");
    const b = await kit.signIn("idle.user", u.password);
    kit.clock.minutes(4);
    expect((await b.call("auth.me")).user.username).toBe("idle.user");
    kit.clock.minutes(4);
    expect((await b.call("auth.me")).user.username).toBe("idle.user");
    const mark = kit.audit.length;
    kit.clock.minutes(5);
    const err = await rejectionOf(b.call("auth.me"));
    expect(err.type).toBe("SESSION_EXPIRED");
    expect(err.code).toBe(401);
    expect((err.data as { rule: string }).rule).toBe("H9");
    expect(messagesOf(err)["zh-CN"]).toContain("会话已超时");
    expect(await count(kit.host.ds, "SELECT COUNT(*) AS n FROM anju_session WHERE user_id = ?", [u.id])).toBe(0);
    expect(since(kit, mark)).toEqual([expect.objectContaining({ action: "auth.session", result: "denied", userId: u.id, detail: { reason: "idle-timeout" } })]);
    // The dead cookie stays dead.
    expect((await rejectionOf(b.call("auth.me"))).type).toBe("SESSION_INVALID");
  });

  it("logout ends the session at once: the cookie is cleared and replaying it is refused", async () => {
    const u = await makeUser(kit, "bye.user");
    const b = await kit.signIn("bye.user", u.password);
    const stolen = b.cookie!;
    const mark = kit.audit.length;
    expect(await b.call("auth.logout")).toEqual({ loggedOut: true });
    expect(b.lastSetCookie).toMatch(/^anju_sid=; Path=\/; HttpOnly; SameSite=Strict; Max-Age=0/);
    expect(b.cookie).toBeNull();
    expect(since(kit, mark)).toEqual([expect.objectContaining({ action: "auth.logout", result: "success", userId: u.id })]);
    expect(await count(kit.host.ds, "SELECT COUNT(*) AS n FROM anju_session WHERE user_id = ?", [u.id])).toBe(0);
    const replay = await rejectionOf(authenticateSession(kit.host, `anju_sid=${stolen}`, { action: "auth.me" }));
    expect(replay.type).toBe("SESSION_INVALID");
    expect(replay.code).toBe(401);
    // Without any cookie the request is anonymous, and "who am I" answers 401.
    const anon = await rejectionOf(kit.browser().call("auth.me"));
    expect(anon.type).toBe("UNAUTHENTICATED");
    expect(anon.code).toBe(401);
  });

  it.each([
    ["a forged id", () => `anju_sid=${crypto.randomBytes(32).toString("base64url")}`],
    ["a malformed id", () => "anju_sid=../../etc/passwd"],
    ["an empty id", () => "anju_sid="],
    ["SQL in the cookie", () => "anju_sid=' OR 1=1 --"],
    ["two session cookies", () => `anju_sid=${crypto.randomBytes(32).toString("base64url")}; anju_sid=${crypto.randomBytes(32).toString("base64url")}`],
  ])("%s is refused with SESSION_INVALID (401)", async (_label, cookie) => {
    const err = await rejectionOf(authenticateSession(kit.host, cookie(), { ip: "10.9.9.9", action: "auth.me" }));
    expect(err.type).toBe("SESSION_INVALID");
    expect(err.code).toBe(401);
  });

  it("a request without a session cookie is anonymous (null), other cookies are ignored", async () => {
    expect(await authenticateSession(kit.host, undefined)).toBeNull();
    expect(await authenticateSession(kit.host, "theme=dark; lang=zh")).toBeNull();
  });

  it("the request context carries the user, the session's jurisdiction and roles at it, never a param", async () => {
    const u = await makeUser(kit, "ctx.user", { home: TREE.yaohai, roles: [["jurisdiction-admin", TREE.hefei], ["reviewer", TREE.tongling]] });
    const b = await kit.signIn("ctx.user", u.password);
    const rc = await b.context("users.list");
    expect(rc).toMatchObject({ principal: { id: u.id, kind: "user", name: "ctx.user", roles: ["jurisdiction-admin"] }, jurisdiction: TREE.yaohai, ip: "10.0.0.1" });
    expect((rc as { sessionId?: string }).sessionId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("disabling an account kills its sessions at once", async () => {
    const u = await makeUser(kit, "soon.off");
    const b = await kit.signIn("soon.off", u.password);
    await kit.host.call("users.disable", { id: u.id });
    expect((await rejectionOf(b.call("auth.me"))).type).toBe("SESSION_INVALID");
    expect(await count(kit.host.ds, "SELECT COUNT(*) AS n FROM anju_session WHERE user_id = ?", [u.id])).toBe(0);
  });

  it("auth.me answers user, roles, current jurisdiction and permissions", async () => {
    const u = await makeUser(kit, "me.user", { roles: [["security-admin", TREE.hefei]] });
    const b = await kit.signIn("me.user", u.password);
    const me = await b.call("auth.me");
    expect(me.user).toMatchObject({ id: u.id, username: "me.user", totpEnabled: false, disabled: false });
    expect(me.user).not.toHaveProperty("passwordHash");
    expect(me.jurisdiction).toEqual({ code: TREE.hefei, name: "合肥市", level: "city" });
    expect(me.roles).toEqual([{ role: "security-admin", jurisdiction: TREE.hefei }]);
    expect(me.permissions).toContain("identity.user:manage");
    expect(me.session).toMatchObject({ idleTimeoutSeconds: 300 });
  });

  it("a user may switch to a jurisdiction inside their own, not to a sibling", async () => {
    const u = await makeUser(kit, "switch.user", { roles: [["jurisdiction-admin", TREE.hefei]] });
    const b = await kit.signIn("switch.user", u.password);
    expect((await b.call("auth.switchJurisdiction", { jurisdiction: TREE.luyang })).jurisdiction.code).toBe(TREE.luyang);
    expect((await b.context("auth.me"))!.jurisdiction).toBe(TREE.luyang);
    const err = await rejectionOf(b.call("auth.switchJurisdiction", { jurisdiction: TREE.tongling }));
    expect(err.type).toBe("JURISDICTION_NOT_ALLOWED");
    expect((await b.context("auth.me"))!.jurisdiction).toBe(TREE.luyang);
  });

  describe("password change", () => {
    it("H9: a new password must pass the policy; the refusal lists the failed rules and nothing changes", async () => {
      const u = await makeUser(kit, "pw.policy");
      const b = await kit.signIn("pw.policy", u.password);
      const [before] = await kit.host.ds.query("SELECT password_hash FROM anju_user WHERE id = ?", [u.id]);
      const err = await rejectionOf(b.call("auth.password", { currentPassword: u.password, newPassword: "short" }));
      expect(err.type).toBe("PASSWORD_POLICY");
      expect(err.code).toBe(422);
      expect((err.data as { failed: string[] }).failed).toEqual(["minLength", "upper", "digit", "special"]);
      const [after] = await kit.host.ds.query("SELECT password_hash FROM anju_user WHERE id = ?", [u.id]);
      expect(after.password_hash).toBe(before.password_hash);
    });

    it("a wrong current password is refused and counted towards the lockout", async () => {
      const u = await makeUser(kit, "pw.wrong");
      const b = await kit.signIn("pw.wrong", u.password);
      const err = await rejectionOf(b.call("auth.password", { currentPassword: "Wrong!Pass1", newPassword: "Fresh!Pass42" }));
      expect(err.type).toBe("PASSWORD_WRONG");
      const [row] = await kit.host.ds.query("SELECT failures FROM anju_login_throttle WHERE username_key = ?", ["pw.wrong"]);
      expect(Number(row.failures)).toBe(1);
    });

    it("the last 5 passwords may not be reused; the 6th back may", async () => {
      const u = await makeUser(kit, "pw.history");
      const b = await kit.signIn("pw.history", u.password);
      const passwords = [u.password, "Hist!Pass01", "Hist!Pass02", "Hist!Pass03", "Hist!Pass04", "Hist!Pass05"];
      for (let i = 1; i < passwords.length; i++) await b.call("auth.password", { currentPassword: passwords[i - 1], newPassword: passwords[i] });
      const current = passwords[passwords.length - 1];
      for (const reused of passwords.slice(1)) {
        const err = await rejectionOf(b.call("auth.password", { currentPassword: current, newPassword: reused }));
        expect((err.data as { failed: string[] }).failed).toEqual(["history"]);
      }
      expect(await b.call("auth.password", { currentPassword: current, newPassword: passwords[0] })).toMatchObject({ changed: true });
    });

    it("a change ends the user's other sessions but keeps this one", async () => {
      const u = await makeUser(kit, "pw.sessions");
      const here = await kit.signIn("pw.sessions", u.password);
      const elsewhere = await kit.signIn("pw.sessions", u.password);
      const mark = kit.audit.length;
      expect(await here.call("auth.password", { currentPassword: u.password, newPassword: "Fresh!Pass42" })).toEqual({ changed: true, otherSessionsEnded: 1 });
      expect((await here.call("auth.me")).user.username).toBe("pw.sessions");
      expect((await rejectionOf(elsewhere.call("auth.me"))).type).toBe("SESSION_INVALID");
      expect(since(kit, mark).filter((e) => e.action === "auth.password")).toEqual([expect.objectContaining({ result: "success", userId: u.id })]);
      expect((await rejectionOf(kit.signIn("pw.sessions", u.password))).type).toBe("LOGIN_FAILED");
      expect((await kit.signIn("pw.sessions", "Fresh!Pass42")).cookie).toBeTruthy();
    });

    it("refuses over-long or missing fields with VALIDATION_FAILED", async () => {
      const u = await makeUser(kit, "pw.input");
      const b = await kit.signIn("pw.input", u.password);
      expect((await rejectionOf(b.call("auth.password", { currentPassword: u.password, newPassword: `Aa1!${"x".repeat(253)}` }))).type).toBe("VALIDATION_FAILED");
      expect((await rejectionOf(b.call("auth.password", { newPassword: "Fresh!Pass42" }))).type).toBe("VALIDATION_FAILED");
    });
  });
});

describe.each(testDbKinds())("sessions with a 30-minute idle limit (%s)", (db) => {
  const kit = useIdentityHost(db, { session: { idleMinutes: 30 } });

  it("the idle limit is configurable up to 30 minutes", async () => {
    const u = await makeUser(kit, "long.idle");
    const b = await kit.signIn("long.idle", u.password);
    kit.clock.minutes(29);
    expect((await b.call("auth.me")).session.idleTimeoutSeconds).toBe(1800);
    kit.clock.minutes(30);
    expect((await rejectionOf(b.call("auth.me"))).type).toBe("SESSION_EXPIRED");
  });

  it("a session ends after 12 hours however active it is", async () => {
    const u = await makeUser(kit, "all.day");
    const b = await kit.signIn("all.day", u.password);
    for (let elapsed = 0; elapsed + 25 < 12 * 60; elapsed += 25) {
      kit.clock.minutes(25);
      await b.call("auth.me");
    }
    kit.clock.minutes(25);
    const err = await rejectionOf(b.call("auth.me"));
    expect(err.type).toBe("SESSION_EXPIRED");
  });
});
