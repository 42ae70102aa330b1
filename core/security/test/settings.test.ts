/**
 * Security settings reach identity from the node's config: the environment a deployment sets
 * (ANJU_SESSION_IDLE_MINUTES, ANJU_TOTP_REQUIRED) ends up in the identity config, the production
 * profile asks administrators for a second factor unless told otherwise, and a value weaker
 * than Hefei H9 allows is refused with a code naming it.
 */
import { describe, expect, it } from "vitest";
import { loadConfig } from "@anju/kernel";
import { resolveIdentityConfig, type IdentityConfigInput } from "@anju/identity";

const identityOf = (env: Record<string, string>) => {
  const config = loadConfig({ env: { ANJU_DB_URL: "mysql://root@127.0.0.1:3306/x", ...env } });
  return resolveIdentityConfig(config.security.identity as IdentityConfigInput, config.profile);
};

describe("security settings from the node's config", () => {
  it("H9: idle lock 5 minutes and TOTP optional in the embedded default; TOTP required for administrators in production", () => {
    expect(identityOf({})).toMatchObject({ session: { idleMinutes: 5 }, totp: { requireForAdmins: false } });
    expect(identityOf({ ANJU_PROFILE: "production" }).totp).toMatchObject({ requireForAdmins: true, adminRoles: ["system-admin", "security-admin", "audit-admin"] });
  });

  it("takes the idle timeout and the TOTP requirement from the environment", () => {
    expect(identityOf({ ANJU_SESSION_IDLE_MINUTES: "15", ANJU_TOTP_REQUIRED: "true" })).toMatchObject({ session: { idleMinutes: 15 }, totp: { requireForAdmins: true } });
    expect(identityOf({ ANJU_PROFILE: "production", ANJU_TOTP_REQUIRED: "false" }).totp.requireForAdmins).toBe(false);
  });

  it("H9: refuses an idle lock above 30 minutes with IDENTITY_CONFIG_INVALID naming the setting", () => {
    let err: unknown;
    try { identityOf({ ANJU_SESSION_IDLE_MINUTES: "45" }); } catch (e) { err = e; }
    expect(err).toMatchObject({ type: "IDENTITY_CONFIG_INVALID" });
    expect(JSON.stringify(err)).toContain("idleMinutes");
  });
});
