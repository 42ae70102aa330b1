/** Second factor (TOTP): enrolment, sign-in with a code or a recovery code, replay, admin requirement, reset. */
import { describe, expect, it } from "vitest";
import { testDbKinds } from "@anju/kernel/testing";
import { base32Decode, totp } from "../src/index.js";
import { count, makeUser, rejectionOf, since, TREE, useIdentityHost, type Browser, type IdentityKit } from "./helpers.js";

function codeFor(kit: IdentityKit, secret: string, offsetSteps = 0): string {
  return totp(base32Decode(secret)!, new Date(kit.clock.now().getTime() + offsetSteps * 30_000));
}

async function enrol(kit: IdentityKit, b: Browser): Promise<{ secret: string; recoveryCodes: string[] }> {
  const { secret, uri } = await b.call("auth.totpEnroll");
  expect(uri).toContain(`secret=${secret}`);
  const { recoveryCodes } = await b.call("auth.totpConfirm", { code: codeFor(kit, secret) });
  return { secret, recoveryCodes };
}

describe.each(testDbKinds())("TOTP (%s)", (db) => {
  const kit = useIdentityHost(db);

  it("enrolment: secret + otpauth URI, confirmed by a code, gives 10 single-use recovery codes; the secret is not stored in clear", async () => {
    const u = await makeUser(kit, "otp.enrol");
    const b = await kit.signIn("otp.enrol", u.password);
    const { secret, uri } = await b.call("auth.totpEnroll");
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(uri).toMatch(/^otpauth:\/\/totp\/Anju:otp.enrol\?/);
    expect((await rejectionOf(b.call("auth.totpConfirm", { code: "000000" === codeFor(kit, secret) ? "111111" : "000000" }))).type).toBe("OTP_INVALID");
    const mark = kit.audit.length;
    const { recoveryCodes } = await b.call("auth.totpConfirm", { code: codeFor(kit, secret) });
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect(since(kit, mark)).toEqual([expect.objectContaining({ action: "auth.totp.enrol", result: "success", userId: u.id })]);
    const [row] = await kit.host.ds.query("SELECT totp_secret FROM anju_user WHERE id = ?", [u.id]);
    expect(row.totp_secret).not.toContain(secret);
    const stored = await kit.host.ds.query("SELECT code_hash FROM anju_totp_recovery WHERE user_id = ?", [u.id]);
    expect(stored.map((r: { code_hash: string }) => r.code_hash)).not.toContain(recoveryCodes[0].replace("-", ""));
    expect((await b.call("auth.me")).user.totpEnabled).toBe(true);
    // A second enrolment is refused: changing the factor is the security administrator's reset.
    expect((await rejectionOf(b.call("auth.totpEnroll"))).type).toBe("TOTP_ALREADY_ENROLLED");
  });

  it("once enrolled, sign-in without a code is OTP_REQUIRED (401), a wrong code OTP_INVALID, the right one works", async () => {
    const u = await makeUser(kit, "otp.login");
    const { secret } = await enrol(kit, await kit.signIn("otp.login", u.password));
    kit.clock.minutes(1);
    const missing = await rejectionOf(kit.signIn("otp.login", u.password));
    expect(missing.type).toBe("OTP_REQUIRED");
    expect(missing.code).toBe(401);
    const wrongCode = codeFor(kit, secret) === "123456" ? "654321" : "123456";
    expect((await rejectionOf(kit.signIn("otp.login", u.password, wrongCode))).type).toBe("OTP_INVALID");
    expect((await kit.signIn("otp.login", u.password, codeFor(kit, secret))).cookie).toBeTruthy();
    // A wrong password with a right code is still just a failed sign-in.
    kit.clock.minutes(1);
    expect((await rejectionOf(kit.signIn("otp.login", "Wrong!Pass1", codeFor(kit, secret)))).type).toBe("LOGIN_FAILED");
  });

  it("a code is accepted from the neighbouring time step but never twice (replay)", async () => {
    const u = await makeUser(kit, "otp.replay");
    const { secret } = await enrol(kit, await kit.signIn("otp.replay", u.password));
    kit.clock.minutes(2);
    const next = codeFor(kit, secret, 1);
    expect((await kit.signIn("otp.replay", u.password, next)).cookie).toBeTruthy();
    expect((await rejectionOf(kit.signIn("otp.replay", u.password, next))).type).toBe("OTP_INVALID");
    // An older step than one already used is refused as well.
    expect((await rejectionOf(kit.signIn("otp.replay", u.password, codeFor(kit, secret, -1)))).type).toBe("OTP_INVALID");
  });

  it("a recovery code signs in once", async () => {
    const u = await makeUser(kit, "otp.recovery");
    const { recoveryCodes } = await enrol(kit, await kit.signIn("otp.recovery", u.password));
    const b = await kit.signIn("otp.recovery", u.password, recoveryCodes[3].toUpperCase());
    expect((await b.call("auth.me")).recoveryCodesLeft).toBe(9);
    expect((await rejectionOf(kit.signIn("otp.recovery", u.password, recoveryCodes[3]))).type).toBe("OTP_INVALID");
  });

  it("wrong codes count towards the lockout", async () => {
    const u = await makeUser(kit, "otp.guess");
    const { secret } = await enrol(kit, await kit.signIn("otp.guess", u.password));
    const wrong = codeFor(kit, secret) === "000000" ? "999999" : "000000";
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) codes.push((await rejectionOf(kit.signIn("otp.guess", u.password, wrong))).type);
    expect(codes).toEqual(["OTP_INVALID", "OTP_INVALID", "OTP_INVALID", "OTP_INVALID", "ACCOUNT_LOCKED"]);
    kit.clock.minutes(16);
  });

  it("the security administrator resets a lost factor (audited, sessions ended); the system administrator may not", async () => {
    const u = await makeUser(kit, "otp.lost");
    const { secret } = await enrol(kit, await kit.signIn("otp.lost", u.password));
    kit.clock.minutes(1);
    const victim = await kit.signIn("otp.lost", u.password, codeFor(kit, secret));
    const secAdmin = await makeUser(kit, "sec.admin", { home: TREE.province, roles: [["security-admin", TREE.province]] });
    const sysAdmin = await makeUser(kit, "sys.admin", { home: TREE.province, roles: [["system-admin", TREE.province]] });

    const sys = await kit.signIn("sys.admin", sysAdmin.password);
    const mark = kit.audit.length;
    const denied = await rejectionOf(sys.call("users.resetTotp", { id: u.id }));
    expect(denied.type).toBe("FORBIDDEN");
    expect(denied.code).toBe(403);
    expect(since(kit, mark)).toEqual([expect.objectContaining({ result: "denied", userId: sysAdmin.id, detail: { permission: "identity.totp:reset" } })]);

    const sec = await kit.signIn("sec.admin", secAdmin.password);
    const mark2 = kit.audit.length;
    // Both of the user's sessions end: the one that enrolled and the one signed in with a code.
    expect(await sec.call("users.resetTotp", { id: u.id })).toEqual({ reset: true, sessionsEnded: 2 });
    expect(since(kit, mark2)).toEqual([expect.objectContaining({ action: "users.totp.reset", result: "success", userId: secAdmin.id, object: `user:${u.id}` })]);
    expect((await rejectionOf(victim.call("auth.me"))).type).toBe("SESSION_INVALID");
    expect(await count(kit.host.ds, "SELECT COUNT(*) AS n FROM anju_totp_recovery WHERE user_id = ?", [u.id])).toBe(0);
    // The user signs in with the password alone again and may enrol a new app.
    const again = await kit.signIn("otp.lost", u.password);
    expect((await again.call("auth.me")).user.totpEnabled).toBe(false);
  });
});

describe.each(testDbKinds())("TOTP required for administrators (%s)", (db) => {
  const kit = useIdentityHost(db, { totp: { requireForAdmins: true } });

  it("an administrator without a second factor gets a session that can only set one up", async () => {
    const admin = await makeUser(kit, "new.admin", { home: TREE.province, roles: [["audit-admin", TREE.province]] });
    const b = kit.browser();
    const body = await b.call("auth.login", { username: "new.admin", password: admin.password });
    expect(body.mustEnrollTotp).toBe(true);
    expect((await rejectionOf(b.call("users.list"))).type).toBe("TOTP_ENROLMENT_REQUIRED");
    expect((await b.call("auth.me")).mustEnrollTotp).toBe(true);
    const { secret } = await enrol(kit, b);
    expect((await b.call("auth.me")).mustEnrollTotp).toBe(false);
    // From now on a sign-in without a code is refused.
    kit.clock.minutes(1);
    expect((await rejectionOf(kit.signIn("new.admin", admin.password))).type).toBe("OTP_REQUIRED");
    expect((await kit.signIn("new.admin", admin.password, codeFor(kit, secret))).cookie).toBeTruthy();
  });

  it("an ordinary user is not asked for a second factor", async () => {
    const u = await makeUser(kit, "plain.user", { roles: [["reviewer", TREE.hefei]] });
    const body = await kit.browser().call("auth.login", { username: "plain.user", password: u.password });
    expect(body.mustEnrollTotp).toBe(false);
  });
});
