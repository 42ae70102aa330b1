/**
 * Identity settings per deployment: one defaults object, overrides merged over it, validated by
 * JSON Schema and frozen. The schema is the floor the regulations set — Hefei H9 (≥ 8
 * characters, all four character classes, idle lock ≤ 5 min by default and never above 30) —
 * so a deployment can only be stricter, never weaker.
 */
import Ajv from "ajv";
import { deepFreeze, deepMerge, fieldErrors, type Profile } from "@anju/kernel";
import { IdentityErrors } from "./errors.js";

export interface PasswordPolicyConfig {
  minLength: number;
  /** Longer input is refused before hashing (a very long password is a cheap DoS on scrypt). */
  maxLength: number;
  requireUpper: boolean;
  requireLower: boolean;
  requireDigit: boolean;
  requireSpecial: boolean;
  /** The password may not contain the username (case-insensitive). */
  rejectUsername: boolean;
  /** The new password may not equal any of the last N (0 = no history check). */
  historySize: number;
  /** Days after which the user must change the password at the next sign-in (0 = never). */
  maxAgeDays: number;
}

export interface IdentityConfig {
  profile: Profile;
  password: PasswordPolicyConfig;
  /** scrypt cost; stored with each hash so it can be raised later (old hashes upgrade at sign-in). */
  hashing: { N: number; r: number; p: number };
  lockout: { maxFailures: number; windowMinutes: number; lockMinutes: number };
  session: {
    /** H9's auto-lock: at most 30, default 5. */
    idleMinutes: number;
    absoluteHours: number;
    /** How stale `last_seen_at` may get before a request writes it again (saves a write per call). */
    touchSeconds: number;
    /** Add `Secure` to the cookie (served over TLS). */
    secureCookie: boolean;
  };
  totp: {
    /** Administrators (the roles below) must use a second factor. */
    requireForAdmins: boolean;
    adminRoles: string[];
    issuer: string;
  };
  admin: { username: string };
}

export type IdentityConfigInput = {
  [K in keyof IdentityConfig]?: IdentityConfig[K] extends object ? Partial<IdentityConfig[K]> : IdentityConfig[K];
};

export const ADMIN_ROLES = ["system-admin", "security-admin", "audit-admin"] as const;

export function defaultIdentityConfig(profile: Profile = "embedded"): IdentityConfig {
  return {
    profile,
    password: {
      minLength: 8, maxLength: 256, requireUpper: true, requireLower: true, requireDigit: true, requireSpecial: true,
      rejectUsername: true, historySize: 5, maxAgeDays: 90,
    },
    hashing: { N: 2 ** 15, r: 8, p: 1 },
    lockout: { maxFailures: 5, windowMinutes: 15, lockMinutes: 15 },
    session: { idleMinutes: 5, absoluteHours: 12, touchSeconds: 15, secureCookie: false },
    // MLPS level 3 wants a second factor for the three administrators; the embedded default
    // leaves it optional so a first run on a laptop stays simple.
    totp: { requireForAdmins: profile === "production", adminRoles: [...ADMIN_ROLES], issuer: "Anju" },
    admin: { username: "admin" },
  };
}

const isTrue = { type: "boolean", const: true };

export const IDENTITY_CONFIG_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["profile", "password", "hashing", "lockout", "session", "totp", "admin"],
  properties: {
    profile: { enum: ["embedded", "production"] },
    password: {
      type: "object", additionalProperties: false,
      required: ["minLength", "maxLength", "requireUpper", "requireLower", "requireDigit", "requireSpecial", "rejectUsername", "historySize", "maxAgeDays"],
      properties: {
        minLength: { type: "integer", minimum: 8, maximum: 128 },
        maxLength: { type: "integer", minimum: 64, maximum: 256 },
        // H9 requires all four classes: they can be stated but not switched off.
        requireUpper: isTrue,
        requireLower: isTrue,
        requireDigit: isTrue,
        requireSpecial: isTrue,
        rejectUsername: { type: "boolean" },
        historySize: { type: "integer", minimum: 0, maximum: 24 },
        maxAgeDays: { type: "integer", minimum: 0, maximum: 3650 },
      },
    },
    hashing: {
      type: "object", additionalProperties: false, required: ["N", "r", "p"],
      properties: {
        // Powers of two only; 2^14 is the floor (OWASP's scrypt minimum is 2^17 with r=8,p=1 at 128 MiB;
        // 2^15 keeps a login under ~100 ms on a 2-core box while staying memory-hard at 32 MiB).
        N: { enum: [2 ** 14, 2 ** 15, 2 ** 16, 2 ** 17, 2 ** 18] },
        r: { type: "integer", minimum: 8, maximum: 32 },
        p: { type: "integer", minimum: 1, maximum: 8 },
      },
    },
    lockout: {
      type: "object", additionalProperties: false, required: ["maxFailures", "windowMinutes", "lockMinutes"],
      properties: {
        maxFailures: { type: "integer", minimum: 1, maximum: 10 },
        windowMinutes: { type: "integer", minimum: 1, maximum: 1440 },
        lockMinutes: { type: "integer", minimum: 1, maximum: 1440 },
      },
    },
    session: {
      type: "object", additionalProperties: false, required: ["idleMinutes", "absoluteHours", "touchSeconds", "secureCookie"],
      properties: {
        idleMinutes: { type: "integer", minimum: 1, maximum: 30 },
        absoluteHours: { type: "integer", minimum: 1, maximum: 24 },
        touchSeconds: { type: "integer", minimum: 0, maximum: 60 },
        secureCookie: { type: "boolean" },
      },
    },
    totp: {
      type: "object", additionalProperties: false, required: ["requireForAdmins", "adminRoles", "issuer"],
      properties: {
        requireForAdmins: { type: "boolean" },
        adminRoles: { type: "array", items: { type: "string", minLength: 1, maxLength: 64 }, maxItems: 32 },
        issuer: { type: "string", minLength: 1, maxLength: 64, pattern: "^[^:<>\"'`\\u0000-\\u001f]+$" },
      },
    },
    admin: {
      type: "object", additionalProperties: false, required: ["username"],
      properties: { username: { type: "string", minLength: 1, maxLength: 64 } },
    },
  },
} as const;

const ajv = new Ajv({ allErrors: false, strict: false });
const validate = ajv.compile(IDENTITY_CONFIG_SCHEMA);

/** Defaults for the profile, the overrides merged over them, validated and frozen. */
export function resolveIdentityConfig(input: IdentityConfigInput = {}, profile?: Profile): Readonly<IdentityConfig> {
  const base = defaultIdentityConfig(input.profile ?? profile ?? "embedded");
  const merged = deepMerge(base as unknown as Record<string, unknown>, input as Record<string, unknown>) as unknown as IdentityConfig;
  if (!validate(merged)) {
    const [first] = fieldErrors(validate.errors);
    throw IdentityErrors.IDENTITY_CONFIG_INVALID({ field: first?.field ?? "(root)", reason: first?.reason ?? "invalid" });
  }
  return deepFreeze(merged);
}
