/**
 * Sign-in. Every refusal before the password is proven looks the same (LOGIN_FAILED, or
 * ACCOUNT_LOCKED for a locked name — and unknown names lock too), and costs one scrypt either way.
 * Failures count per username within the window; crossing the limit locks the name. Each
 * failure and each lock is audited.
 */
import type { ServiceBroker } from "moleculer";
import { ADMIN_ROLES } from "./config.js";
import { IdentityAuditActions } from "./actions.js";
import { grantsOf, type AuditEvent } from "./bridge.js";
import { hashPassword, needsRehash, verifyPassword } from "./crypto/password-hash.js";
import { ts } from "./db.js";
import { IdentityErrors } from "./errors.js";
import { checkOtp, type OtpMethod } from "./otp-check.js";
import type { IdentityRuntime } from "./runtime.js";
import { openSession } from "./sessions.js";
import { deleteSession } from "./store/sessions.js";
import { clearThrottle, recordFailure, throttleState } from "./store/throttle.js";
import { firstRoot, publicUser, userByKey, type PublicUser, type UserRecord } from "./store/users.js";
import { normalizeUsername, usernameKey } from "./username.js";

export interface LoginInput {
  username: string;
  password: string;
  otp?: string;
  ip?: string;
  userAgent?: string;
  /** The session the request came with, if any: it ends (no session fixation, no stale twin). */
  previousSessionId?: string;
}

export interface LoginResult {
  token: string;
  sessionId: string;
  jurisdiction: string;
  user: PublicUser;
  mustChangePassword: boolean;
  mustEnrollTotp: boolean;
  idleTimeoutSeconds: number;
  expiresAt: string;
}

type Emit = (event: AuditEvent) => Promise<void>;

function minutesUntil(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
}

async function isAdmin(rt: IdentityRuntime, broker: ServiceBroker, userId: string): Promise<boolean> {
  const grants = (await grantsOf(broker, userId)) ?? [];
  return grants.some((g) => rt.config.totp.adminRoles.includes(g.role));
}

function keyOf(username: string): string | null {
  try {
    return usernameKey(normalizeUsername(username));
  } catch {
    return null;
  }
}

export async function login(rt: IdentityRuntime, broker: ServiceBroker, input: LoginInput, emit: Emit): Promise<LoginResult> {
  const db = rt.ds;
  const now = rt.now();
  const key = keyOf(input.username);
  const fail = (userId: string | null, reason: string, extra: Record<string, unknown> = {}) =>
    emit({ action: IdentityAuditActions.login, result: "failure", userId, ip: input.ip ?? null, detail: { reason, ...extra } });

  // A name that cannot exist still costs a hash and gets the same answer.
  if (key === null) {
    await verifyPassword(input.password, await rt.dummyHash());
    await fail(null, "invalid-username");
    throw IdentityErrors.LOGIN_FAILED();
  }

  const throttle = await throttleState(db, key);
  if (throttle?.lockedUntil && throttle.lockedUntil > now) {
    await verifyPassword(input.password, await rt.dummyHash());
    const user = await userByKey(db, key);
    await fail(user?.id ?? null, "locked");
    throw IdentityErrors.ACCOUNT_LOCKED({ minutes: minutesUntil(throttle.lockedUntil, now), until: throttle.lockedUntil.toISOString() });
  }

  const user = await userByKey(db, key);
  const passwordOk = user
    ? await verifyPassword(input.password, user.passwordHash)
    : (await verifyPassword(input.password, await rt.dummyHash()), false);

  const countFailure = async (reason: string, error: () => Error): Promise<never> => {
    const outcome = await recordFailure(db, key, now, rt.config.lockout);
    await fail(user?.id ?? null, user ? reason : "unknown-user", { failures: outcome.locked ? rt.config.lockout.maxFailures : outcome.failures });
    if (outcome.locked) {
      await emit({
        action: IdentityAuditActions.lock, result: "success", userId: user?.id ?? null, ip: input.ip ?? null,
        detail: { failures: rt.config.lockout.maxFailures, until: outcome.lockedUntil!.toISOString(), ...(user ? {} : { knownUser: false }) },
      });
      throw IdentityErrors.ACCOUNT_LOCKED({ minutes: rt.config.lockout.lockMinutes, until: outcome.lockedUntil!.toISOString() });
    }
    throw error();
  };

  if (!user || !passwordOk) return countFailure("password", () => IdentityErrors.LOGIN_FAILED());

  // The password is proven from here on: the messages may be specific.
  if (user.disabled) {
    await fail(user.id, "disabled");
    throw IdentityErrors.ACCOUNT_DISABLED();
  }

  let method: "password" | `password+${OtpMethod}` = "password";
  if (user.totpSecret) {
    if (!input.otp) {
      await fail(user.id, "otp-required");
      throw IdentityErrors.OTP_REQUIRED();
    }
    const matched = await checkOtp(rt, db, user, input.otp);
    if (!matched) return countFailure("otp", () => IdentityErrors.OTP_INVALID());
    method = `password+${matched}`;
  }
  const needsTotp = !user.totpSecret && rt.config.totp.requireForAdmins && (await isAdmin(rt, broker, user.id));

  const jurisdiction = await jurisdictionFor(rt, user);
  if (!jurisdiction) {
    await fail(user.id, "no-jurisdiction");
    throw IdentityErrors.NO_JURISDICTION();
  }

  const mustChangePassword = user.mustChangePassword || passwordExpired(rt, user, now);
  await finishLogin(rt, user, input.password, mustChangePassword, now);
  await clearThrottle(db, key);
  if (input.previousSessionId) await deleteSession(db, input.previousSessionId);
  const { token, session } = await openSession(rt, db, user, { jurisdiction, needsTotp, ip: input.ip, userAgent: input.userAgent });

  await emit({
    action: IdentityAuditActions.login, result: "success", userId: user.id, jurisdiction, ip: input.ip ?? null,
    detail: { method, mustChangePassword, mustEnrollTotp: needsTotp },
  });
  return {
    token,
    sessionId: session.id,
    jurisdiction,
    user: publicUser({ ...user, mustChangePassword }),
    mustChangePassword,
    mustEnrollTotp: needsTotp,
    idleTimeoutSeconds: rt.config.session.idleMinutes * 60,
    expiresAt: session.expiresAt.toISOString(),
  };
}

export function passwordExpired(rt: IdentityRuntime, user: UserRecord, now: Date): boolean {
  const days = rt.config.password.maxAgeDays;
  return days > 0 && now.getTime() - user.passwordChangedAt.getTime() >= days * 86_400_000;
}

/** Flag an expired password, and re-hash one made with weaker scrypt parameters than today's. */
async function finishLogin(rt: IdentityRuntime, user: UserRecord, password: string, mustChange: boolean, now: Date): Promise<void> {
  if (mustChange && !user.mustChangePassword) {
    await rt.ds.query("UPDATE anju_user SET must_change_password = 1, updated_at = ? WHERE id = ?", [ts(now), user.id]);
  }
  if (needsRehash(user.passwordHash, rt.config.hashing)) {
    const hash = await hashPassword(password, rt.config.hashing);
    await rt.ds.query("UPDATE anju_user SET password_hash = ? WHERE id = ? AND password_hash = ?", [hash, user.id, user.passwordHash]);
    await rt.ds.query("UPDATE anju_password_history SET password_hash = ? WHERE user_id = ? AND password_hash = ?", [hash, user.id, user.passwordHash]);
  }
}

/**
 * The home jurisdiction. Only an account without one (the first administrator, created before
 * any jurisdiction existed) falls back to the first root; a home that was removed is no
 * jurisdiction at all — never a wider one.
 */
export async function jurisdictionFor(rt: IdentityRuntime, user: UserRecord): Promise<string | null> {
  if (user.homeJurisdiction) return (await rt.host.jurisdictions.find(user.homeJurisdiction))?.code ?? null;
  return firstRoot(rt.ds);
}
