/** Pure parts: TOTP against the RFC vectors, scrypt hashes, the H9 password policy, usernames, config floor. */
import { describe, expect, it } from "vitest";
import {
  base32Decode, base32Encode, defaultIdentityConfig, generatePassword, hashPassword, hotp, needsRehash, normalizeUsername, otpauthUri,
  passwordFailures, assertPasswordPolicy, resolveIdentityConfig, totp, usernameKey, verifyPassword, verifyTotp,
} from "../src/index.js";
import { rejectionOf } from "./helpers.js";
import type { AnjuError } from "@anju/errors";

const policy = defaultIdentityConfig().password;

describe("TOTP (RFC 6238 / RFC 4226)", () => {
  const seed20 = Buffer.from("12345678901234567890");
  it.each([
    [59, "94287082"], [1111111109, "07081804"], [1111111111, "14050471"], [1234567890, "89005924"], [2000000000, "69279037"], [20000000000, "65353130"],
  ])("SHA-1 at T=%i gives %s (RFC 6238 appendix B)", (seconds, code) => {
    expect(totp(seed20, new Date(seconds * 1000), 8)).toBe(code);
  });

  it("SHA-256 and SHA-512 vectors match too", () => {
    expect(totp(Buffer.from("12345678901234567890123456789012"), new Date(59_000), 8, "sha256")).toBe("46119246");
    expect(totp(Buffer.from("1234567890".repeat(6) + "1234"), new Date(59_000), 8, "sha512")).toBe("90693936");
  });

  it("HOTP counters 0–9 give the RFC 4226 appendix D values", () => {
    const expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"];
    expect(expected.map((_, i) => hotp(seed20, i))).toEqual(expected);
  });

  it("accepts a code from one step before or after, not two", () => {
    const at = new Date("2026-03-02T08:00:10Z");
    const prev = totp(seed20, new Date(at.getTime() - 30_000));
    const next = totp(seed20, new Date(at.getTime() + 30_000));
    const old = totp(seed20, new Date(at.getTime() - 60_000));
    expect(verifyTotp(seed20, prev, at)).not.toBeNull();
    expect(verifyTotp(seed20, next, at)).not.toBeNull();
    expect(verifyTotp(seed20, old, at)).toBeNull();
    expect(verifyTotp(seed20, "12345", at)).toBeNull();
    expect(verifyTotp(seed20, "abcdef", at)).toBeNull();
  });

  it("base32 follows RFC 4648 and reads back what it wrote", () => {
    const cases: Array<[string, string]> = [["", ""], ["f", "MY"], ["fo", "MZXQ"], ["foo", "MZXW6"], ["foob", "MZXW6YQ"], ["fooba", "MZXW6YTB"], ["foobar", "MZXW6YTBOI"]];
    for (const [plain, encoded] of cases) {
      expect(base32Encode(Buffer.from(plain))).toBe(encoded);
      expect(base32Decode(encoded)?.toString()).toBe(plain);
    }
    expect(base32Decode("mzxw 6ytb oi==")?.toString()).toBe("foobar");
    expect(base32Decode("MZXW1")).toBeNull();
  });

  it("the otpauth URI names issuer and account and carries the secret", () => {
    const uri = otpauthUri("Anju", "张三", "JBSWY3DPEHPK3PXP");
    expect(uri).toMatch(/^otpauth:\/\/totp\/Anju:%E5%BC%A0%E4%B8%89\?/);
    expect(new URL(uri).searchParams.get("secret")).toBe("JBSWY3DPEHPK3PXP");
    expect(new URL(uri).searchParams.get("digits")).toBe("6");
  });
});

describe("password hashes (scrypt)", () => {
  it("store the parameters and salt with the hash and verify only the right password", async () => {
    const params = { N: 2 ** 14, r: 8, p: 1 };
    const a = await hashPassword("Secr3t!Alpha", params);
    const b = await hashPassword("Secr3t!Alpha", params);
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("Secr3t!Alpha", a)).toBe(true);
    expect(await verifyPassword("Secr3t!alpha", a)).toBe(false);
    expect(await verifyPassword("Secr3t!Alpha", "not-a-hash")).toBe(false);
  });

  it("a hash made with weaker parameters still verifies and is flagged for re-hashing", async () => {
    const weak = await hashPassword("Secr3t!Alpha", { N: 2 ** 14, r: 8, p: 1 });
    expect(await verifyPassword("Secr3t!Alpha", weak)).toBe(true);
    expect(needsRehash(weak, { N: 2 ** 15, r: 8, p: 1 })).toBe(true);
    expect(needsRehash(weak, { N: 2 ** 14, r: 8, p: 1 })).toBe(false);
  });

  it("normalises Unicode so the same password typed differently verifies", async () => {
    const composed = "Secr3t!Café";
    const decomposed = "Secr3t!Cafe\u0301";
    const hash = await hashPassword(composed, { N: 2 ** 14, r: 8, p: 1 });
    expect(await verifyPassword(decomposed, hash)).toBe(true);
  });
});

describe("password policy (H9)", () => {
  it("H9: needs at least 8 characters with upper case, lower case, digits and special characters", () => {
    expect(passwordFailures("Secr3t!A", policy)).toEqual([]);
    expect(passwordFailures("Sec3t!A", policy)).toEqual(["minLength"]);
    expect(passwordFailures("secr3t!alpha", policy)).toEqual(["upper"]);
    expect(passwordFailures("SECR3T!ALPHA", policy)).toEqual(["lower"]);
    expect(passwordFailures("Secret!Alpha", policy)).toEqual(["digit"]);
    expect(passwordFailures("Secr3tAlpha", policy)).toEqual(["special"]);
    expect(passwordFailures("abc", policy)).toEqual(["minLength", "upper", "digit", "special"]);
  });

  it("H9: the refusal lists every failed rule in zh-CN and en", async () => {
    const err = await rejectionOf(Promise.resolve().then(() => assertPasswordPolicy("abcdefgh", policy))) as AnjuError;
    expect(err.anjuCode).toBe("PASSWORD_POLICY");
    expect(err.status).toBe(422);
    expect((err.data as { rule: string }).rule).toBe("H9");
    expect((err.data as { failed: string[] }).failed).toEqual(["upper", "digit", "special"]);
    expect(err.messages["zh-CN"]).toContain("须包含大写字母");
    expect(err.messages["zh-CN"]).toContain("须包含数字");
    expect(err.messages.en).toContain("an upper-case letter");
    expect(err.messages.en).toContain("a special character");
  });

  it("H9 (no default passwords): well-known defaults are refused even though they look complex", () => {
    expect(passwordFailures("P@ssw0rd", policy)).toEqual(["common"]);
    expect(passwordFailures("Admin@123", policy)).toEqual(["common"]);
  });

  it("refuses control characters and a password containing the username", () => {
    expect(passwordFailures("Secr3t!\u0000Alpha", policy)).toContain("controlChars");
    expect(passwordFailures("Secr3t!Wangwei", policy, "wangwei")).toEqual(["notUsername"]);
  });

  it("counts characters, not UTF-16 units, and accepts Chinese passphrases with all classes", () => {
    expect(passwordFailures("平安社区Aa1!", policy)).toEqual([]);
    expect(passwordFailures("😀😀Aa1!", policy)).toEqual(["minLength"]);
  });

  it("a stricter deployment (12 characters) refuses what H9 alone would accept", () => {
    const strict = resolveIdentityConfig({ password: { minLength: 12 } }).password;
    expect(passwordFailures("Secr3t!A", strict)).toEqual(["minLength"]);
  });

  it("generated passwords pass the policy", () => {
    for (let i = 0; i < 50; i++) expect(passwordFailures(generatePassword(policy), policy)).toEqual([]);
  });
});

describe("identity config", () => {
  it("defaults: H9 idle lock 5 minutes, 12 h lifetime, 5 failures / 15 min / 15 min lock, history 5, 90 days", () => {
    const c = resolveIdentityConfig();
    expect(c.session).toMatchObject({ idleMinutes: 5, absoluteHours: 12 });
    expect(c.lockout).toEqual({ maxFailures: 5, windowMinutes: 15, lockMinutes: 15 });
    expect(c.password).toMatchObject({ minLength: 8, historySize: 5, maxAgeDays: 90 });
    expect(c.hashing).toEqual({ N: 32768, r: 8, p: 1 });
    expect(Object.isFrozen(c.session)).toBe(true);
  });

  it("TOTP for administrators is required in the production profile, optional in the embedded one", () => {
    expect(resolveIdentityConfig({}, "production").totp.requireForAdmins).toBe(true);
    expect(resolveIdentityConfig({}, "embedded").totp.requireForAdmins).toBe(false);
    expect(resolveIdentityConfig({ totp: { requireForAdmins: true } }, "embedded").totp.requireForAdmins).toBe(true);
  });

  it.each([
    [{ session: { idleMinutes: 31 } }, "session.idleMinutes"],
    [{ password: { minLength: 6 } }, "password.minLength"],
    [{ password: { requireSpecial: false } }, "password.requireSpecial"],
    [{ hashing: { N: 1024 } }, "hashing.N"],
    [{ session: { absoluteHours: 48 } }, "session.absoluteHours"],
    [{ nonsense: true }, "nonsense"],
  ])("H9: refuses a weaker setting %j (names %s)", async (input, field) => {
    const err = await rejectionOf(Promise.resolve().then(() => resolveIdentityConfig(input as never))) as AnjuError;
    expect(err.anjuCode).toBe("IDENTITY_CONFIG_INVALID");
    expect((err.data as { field: string }).field).toBe(field);
  });

  it("accepts an idle timeout up to 30 minutes", () => {
    expect(resolveIdentityConfig({ session: { idleMinutes: 30 } }).session.idleMinutes).toBe(30);
  });
});

describe("usernames", () => {
  it("are NFC-normalised and trimmed; the lookup key folds case and width", () => {
    expect(normalizeUsername("  Jose\u0301 ")).toBe("José");
    expect(usernameKey("ＡＤＭＩＮ")).toBe("admin");
    expect(usernameKey("Admin")).toBe(usernameKey("admin"));
    expect(normalizeUsername("张三.zhang")).toBe("张三.zhang");
  });

  it.each(["a b", "a\u0000b", "x'; DROP TABLE anju_user;--", "<script>", "", "x".repeat(65), "tab\tname", "rtl\u202Ename"])("refuses %j", async (name) => {
    const err = await rejectionOf(Promise.resolve().then(() => normalizeUsername(name))) as AnjuError;
    expect(err.anjuCode).toBe("USERNAME_INVALID");
  });
});

