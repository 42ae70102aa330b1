/** Sign-in, lockout and password age, on SQLite and MariaDB, with a fake clock. */
import { describe, expect, it } from "vitest";
import { testDbKinds } from "@anju/kernel/testing";
import { SESSION_COOKIE } from "../src/index.js";
import { sha256 } from "../src/crypto/tokens.js";
import { count, makeUser, messagesOf, rejectionOf, since, useIdentityHost } from "./helpers.js";

describe.each(testDbKinds())("sign-in (%s)", (db) => {
  const kit = useIdentityHost(db, { hashing: { N: 2 ** 15, r: 8, p: 1 } });

  it("a right password gets a session cookie that is HttpOnly, SameSite=Strict, Path=/ and not readable from the response body", async () => {
    const u = await makeUser(kit, "li.na");
    const b = kit.browser();
    const body = await b.call("auth.login", { username: "li.na", password: u.password });
    expect(body.user).toMatchObject({ username: "li.na", homeJurisdiction: "340100" });
    expect(body.mustChangePassword).toBe(false);
    expect(JSON.stringify(body)).not.toContain(b.cookie!);
    expect(b.lastSetCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Strict$`));
    // Only the digest is stored.
    expect(await count(kit.host.ds, "SELECT COUNT(*) AS n FROM anju_session WHERE token_hash = ?", [sha256(b.cookie!)])).toBe(1);
    expect(await count(kit.host.ds, "SELECT COUNT(*) AS n FROM anju_session WHERE token_hash = ?", [b.cookie!])).toBe(0);
  });

  it("over TLS the cookie is also Secure", async () => {
    const u = await makeUser(kit, "tls.user");
    const b = kit.browser("10.0.0.2", true);
    await b.call("auth.login", { username: "tls.user", password: u.password });
    expect(b.lastSetCookie).toMatch(/; HttpOnly; SameSite=Strict; Secure$/);
    await b.call("auth.logout");
    expect(b.lastSetCookie).toMatch(/Max-Age=0.*; Secure$/);
  });

  it("each sign-in gets a fresh session id, and signing in again from the same browser ends the old session", async () => {
    const u = await makeUser(kit, "zhao.lei");
    const b = kit.browser();
    await b.call("auth.login", { username: "zhao.lei", password: u.password });
    const first = b.cookie;
    await b.call("auth.login", { username: "zhao.lei", password: u.password });
    expect(b.cookie).not.toBe(first);
    expect(await count(kit.host.ds, "SELECT COUNT(*) AS n FROM anju_session WHERE user_id = ?", [u.id])).toBe(1);
  });

  it("the message is the same whether the user exists or not, and both failures are audited", async () => {
    await makeUser(kit, "wang.fang");
    const mark = kit.audit.length;
    const wrong = await rejectionOf(kit.browser().call("auth.login", { username: "wang.fang", password: "Wrong!Pass1" }));
    const unknown = await rejectionOf(kit.browser().call("auth.login", { username: "nobody.here", password: "Wrong!Pass1" }));
    expect(wrong.type).toBe("LOGIN_FAILED");
    expect(unknown.type).toBe("LOGIN_FAILED");
    expect(wrong.code).toBe(401);
    expect(messagesOf(wrong)).toEqual(messagesOf(unknown));
    expect(messagesOf(wrong)["zh-CN"]).toBe("用户名或密码错误");
    const events = since(kit, mark);
    expect(events.map((e) => [e.action, e.result])).toEqual([["auth.login", "failure"], ["auth.login", "failure"]]);
    expect(events[0].userId).toBeTruthy();
    expect(events[1].userId).toBeNull();
    expect(events[0].ip).toBe("10.0.0.1");
  });

  it("5 failures within 15 minutes lock the account for 15 minutes; the failures and the lock are audited", async () => {
    const u = await makeUser(kit, "chen.jie");
    const mark = kit.audit.length;
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) {
      codes.push((await rejectionOf(kit.browser().call("auth.login", { username: "chen.jie", password: `Wrong!Pass${i}` }))).type);
      kit.clock.minutes(2);
    }
    expect(codes).toEqual(["LOGIN_FAILED", "LOGIN_FAILED", "LOGIN_FAILED", "LOGIN_FAILED", "ACCOUNT_LOCKED"]);
    const events = since(kit, mark);
    expect(events.filter((e) => e.action === "auth.login" && e.result === "failure")).toHaveLength(5);
    const lock = events.find((e) => e.action === "auth.lock");
    expect(lock).toMatchObject({ result: "success", userId: u.id });

    // Locked: even the right password is refused, with a coded 423 in both languages.
    const locked = await rejectionOf(kit.browser().call("auth.login", { username: "chen.jie", password: u.password }));
    expect(locked.type).toBe("ACCOUNT_LOCKED");
    expect(locked.code).toBe(423);
    expect(messagesOf(locked).en).toMatch(/locked/);
    // The lock began with the 5th failure (8 minutes in) and lasts 15 minutes: until minute 23.
    kit.clock.minutes(12);
    expect((await rejectionOf(kit.browser().call("auth.login", { username: "chen.jie", password: u.password }))).type).toBe("ACCOUNT_LOCKED");
    kit.clock.minutes(2);
    const ok = await kit.browser().call("auth.login", { username: "chen.jie", password: u.password });
    expect(ok.user.username).toBe("chen.jie");
  });

  it("failures spread over more than the window do not lock", async () => {
    const u = await makeUser(kit, "sun.li");
    for (let i = 0; i < 4; i++) await rejectionOf(kit.browser().call("auth.login", { username: "sun.li", password: "Wrong!Pass1" }));
    kit.clock.minutes(16);
    for (let i = 0; i < 4; i++) {
      expect((await rejectionOf(kit.browser().call("auth.login", { username: "sun.li", password: "Wrong!Pass1" }))).type).toBe("LOGIN_FAILED");
    }
    expect((await kit.browser().call("auth.login", { username: "sun.li", password: u.password })).user.username).toBe("sun.li");
  });

  it("an unknown username locks exactly like a real one, so a lock does not reveal that an account exists", async () => {
    const codes: string[] = [];
    for (let i = 0; i < 6; i++) codes.push((await rejectionOf(kit.browser().call("auth.login", { username: "ghost.user", password: "Wrong!Pass1" }))).type);
    expect(codes).toEqual(["LOGIN_FAILED", "LOGIN_FAILED", "LOGIN_FAILED", "LOGIN_FAILED", "ACCOUNT_LOCKED", "ACCOUNT_LOCKED"]);
    expect(await count(kit.host.ds, "SELECT COUNT(*) AS n FROM anju_user WHERE username_key = ?", ["ghost.user"])).toBe(0);
  });

  it("usernames match regardless of case, width and Unicode composition", async () => {
    const u = await makeUser(kit, "José.Ma");
    expect((await kit.browser().call("auth.login", { username: "JOSE\u0301.MA", password: u.password })).user.username).toBe("José.Ma");
    expect((await kit.browser().call("auth.login", { username: "ｊｏｓé.ｍａ", password: u.password })).user.username).toBe("José.Ma");
  });

  it("a disabled account is refused; with a wrong password it looks like any other failure", async () => {
    const u = await makeUser(kit, "he.yun");
    await kit.host.ds.query("UPDATE anju_user SET disabled = 1 WHERE id = ?", [u.id]);
    const right = await rejectionOf(kit.browser().call("auth.login", { username: "he.yun", password: u.password }));
    expect(right.type).toBe("ACCOUNT_DISABLED");
    const wrong = await rejectionOf(kit.browser().call("auth.login", { username: "he.yun", password: "Wrong!Pass1" }));
    expect(wrong.type).toBe("LOGIN_FAILED");
  });

  it("H9 max age: a password older than 90 days must be changed at the next sign-in", async () => {
    const u = await makeUser(kit, "gao.ming");
    kit.clock.advance(89 * 86_400_000);
    expect((await kit.browser().call("auth.login", { username: "gao.ming", password: u.password })).mustChangePassword).toBe(false);
    kit.clock.advance(2 * 86_400_000);
    const b = kit.browser();
    const body = await b.call("auth.login", { username: "gao.ming", password: u.password });
    expect(body.mustChangePassword).toBe(true);
    // Until it is changed, the session reaches only the password form.
    const refused = await rejectionOf(b.call("users.list"));
    expect(refused.type).toBe("PASSWORD_CHANGE_REQUIRED");
    await b.call("auth.password", { currentPassword: u.password, newPassword: "Fresh!Pass42" });
    expect((await b.call("auth.me")).mustChangePassword).toBe(false);
  });

  it("a hash made with weaker scrypt parameters is upgraded at sign-in", async () => {
    const { hashPassword } = await import("../src/crypto/password-hash.js");
    const u = await makeUser(kit, "old.hash");
    await kit.host.ds.query("UPDATE anju_user SET password_hash = ? WHERE id = ?", [await hashPassword(u.password, { N: 2 ** 14, r: 8, p: 1 }), u.id]);
    await kit.browser().call("auth.login", { username: "old.hash", password: u.password });
    const [row] = await kit.host.ds.query("SELECT password_hash FROM anju_user WHERE id = ?", [u.id]);
    expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
  });

  describe("bad input is refused with a code and writes nothing", () => {
    it.each([
      [{ username: "x".repeat(65), password: "Secr3t!Alpha" }, "VALIDATION_FAILED"],
      [{ username: "li.na", password: "P".repeat(257) }, "VALIDATION_FAILED"],
      [{ username: "li.na" }, "VALIDATION_FAILED"],
      [{ username: "li.na", password: "" }, "VALIDATION_FAILED"],
      [{ username: "li.na", password: "Secr3t!Alpha", admin: true }, "VALIDATION_FAILED"],
      [{ username: "li.na", password: "Secr3t!Alpha", otp: "<script>" }, "VALIDATION_FAILED"],
      [{ username: 42, password: ["Secr3t!Alpha"] }, "VALIDATION_FAILED"],
      [{ username: "li.na\u0000admin", password: "Secr3t!Alpha" }, "LOGIN_FAILED"],
      [{ username: "' OR '1'='1", password: "' OR '1'='1" }, "LOGIN_FAILED"],
      [{ username: "admin'--", password: "x" }, "LOGIN_FAILED"],
      [{ username: "<img src=x onerror=alert(1)>", password: "Secr3t!Alpha" }, "LOGIN_FAILED"],
    ])("%j → %s", async (params, code) => {
      const users = await count(kit.host.ds, "SELECT COUNT(*) AS n FROM anju_user");
      const sessions = await count(kit.host.ds, "SELECT COUNT(*) AS n FROM anju_session");
      const err = await rejectionOf(kit.browser().call("auth.login", params as Record<string, unknown>));
      expect(err.type).toBe(code);
      expect(await count(kit.host.ds, "SELECT COUNT(*) AS n FROM anju_user")).toBe(users);
      expect(await count(kit.host.ds, "SELECT COUNT(*) AS n FROM anju_session")).toBe(sessions);
    });
  });
});
