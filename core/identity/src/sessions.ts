/**
 * Server-side sessions. A sign-in gets a fresh 256-bit random id (only its SHA-256 is stored).
 * `authenticateSession` turns the cookie into the request context on every request: it refuses
 * unknown ids (forged, replayed after logout), sessions idle past the limit (H9's auto-lock,
 * default 5 minutes) or older than the absolute lifetime, and disabled accounts — each a coded
 * 401, never a silent anonymous request.
 */
import type { AnjuHost, Principal, RequestContext } from "@anju/kernel";
import type { Locale } from "@anju/errors";
import { PASSWORD_CHANGE_ALLOWED, TOTP_ENROLMENT_ALLOWED, IdentityAuditActions } from "./actions.js";
import { auditFromBroker, grantsOf } from "./bridge.js";
import { sessionTokenFrom } from "./cookies.js";
import { randomToken, sha256, TOKEN_PATTERN } from "./crypto/tokens.js";
import type { Db } from "./db.js";
import { IdentityErrors } from "./errors.js";
import { runtimeOf, type IdentityRuntime } from "./runtime.js";
import { deleteSession, deleteUserSessions, insertSession, sessionByTokenHash, touchSession, type SessionRecord } from "./store/sessions.js";
import { jurisdictionPath, type UserRecord } from "./store/users.js";

/** The request context identity hands the gateway: the kernel's, plus which session it came from. */
export interface SessionRequestContext extends RequestContext {
  /** anju_session.id (not the secret cookie value): logout and password change act on it. */
  sessionId: string;
}

export interface SessionMeta {
  ip?: string;
  userAgent?: string;
  locale?: Locale;
  /**
   * The action the request is for. A session that must change its password or set up TOTP may
   * only call a few auth actions; without this the request is refused (safe default).
   */
  action?: string;
}

export async function openSession(rt: IdentityRuntime, db: Db, user: UserRecord, opts: { jurisdiction: string; needsTotp: boolean; ip?: string; userAgent?: string }) {
  const token = randomToken();
  const now = rt.now();
  const session = await insertSession(db, {
    tokenHash: sha256(token),
    userId: user.id,
    jurisdiction: opts.jurisdiction,
    needsTotp: opts.needsTotp,
    expiresAt: new Date(now.getTime() + rt.absoluteMs),
    ip: opts.ip,
    userAgent: opts.userAgent,
  }, now);
  return { token, session };
}

/** Role codes granted at the jurisdiction or one of its ancestors (what the session acts with). */
export async function rolesAt(host: AnjuHost, userId: string, jurisdiction: string): Promise<string[]> {
  const grants = await grantsOf(host.broker, userId);
  if (!grants || grants.length === 0) return [];
  const path = await jurisdictionPath(host.ds, jurisdiction);
  if (!path) return [];
  const roles = grants.filter((g) => path.includes(`/${g.jurisdiction}/`)).map((g) => g.role);
  return [...new Set(roles)].sort();
}

/** Restricted sessions (password change due, TOTP not yet set up) reach only a few actions. */
export function restrictionOf(user: UserRecord, session: SessionRecord): "password" | "totp" | null {
  if (user.mustChangePassword) return "password";
  if (session.needsTotp && !user.totpSecret) return "totp";
  return null;
}

function checkRestriction(user: UserRecord, session: SessionRecord, action: string | undefined): void {
  const restriction = restrictionOf(user, session);
  if (restriction === "password" && !(action && PASSWORD_CHANGE_ALLOWED.includes(action))) {
    throw IdentityErrors.PASSWORD_CHANGE_REQUIRED({ rule: "H9", reason: "首次登录或密码已过期 / first sign-in or password expired" });
  }
  if (restriction === "totp" && !(action && TOTP_ENROLMENT_ALLOWED.includes(action))) {
    throw IdentityErrors.TOTP_ENROLMENT_REQUIRED({});
  }
}

async function refuse(host: AnjuHost, reason: string, meta: SessionMeta, userId: string | null = null): Promise<void> {
  await auditFromBroker(host.broker, { action: IdentityAuditActions.session, result: "denied", userId, ip: meta.ip ?? null, detail: { reason } });
}

/**
 * Cookie header → request context, or null when the request carries no session cookie
 * (anonymous). Throws SESSION_INVALID / SESSION_EXPIRED (401) for a cookie that is malformed,
 * unknown, ended, idle too long or past its lifetime, and for a disabled account.
 */
export async function authenticateSession(host: AnjuHost, cookieHeader: string | undefined, meta: SessionMeta = {}): Promise<SessionRequestContext | null> {
  const token = sessionTokenFrom(cookieHeader);
  if (token === undefined) return null;
  const rt = runtimeOf(host);
  if (!TOKEN_PATTERN.test(token)) {
    await refuse(host, "malformed", meta);
    throw IdentityErrors.SESSION_INVALID();
  }
  const found = await sessionByTokenHash(host.ds, sha256(token));
  if (!found) {
    await refuse(host, "unknown", meta);
    throw IdentityErrors.SESSION_INVALID();
  }
  const { session, user } = found;
  const now = rt.now();
  if (user.disabled) {
    await deleteUserSessions(host.ds, user.id);
    await refuse(host, "disabled", meta, user.id);
    throw IdentityErrors.SESSION_INVALID();
  }
  const idle = now.getTime() - session.lastSeenAt.getTime() >= rt.idleMs;
  if (idle || now.getTime() >= session.expiresAt.getTime()) {
    await deleteSession(host.ds, session.id);
    await refuse(host, idle ? "idle-timeout" : "lifetime", meta, user.id);
    throw IdentityErrors.SESSION_EXPIRED({ rule: "H9" });
  }
  if (!session.jurisdiction) throw IdentityErrors.NO_JURISDICTION();
  checkRestriction(user, session, meta.action);
  if (now.getTime() - session.lastSeenAt.getTime() >= rt.config.session.touchSeconds * 1000) await touchSession(host.ds, session.id, now);

  const principal: Principal = { id: user.id, kind: "user", name: user.username, roles: await rolesAt(host, user.id, session.jurisdiction) };
  const rc: SessionRequestContext = { principal, jurisdiction: session.jurisdiction, sessionId: session.id };
  if (meta.locale) rc.locale = meta.locale;
  if (meta.ip) rc.ip = meta.ip;
  return rc;
}
