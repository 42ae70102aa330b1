/**
 * @anju/identity — accounts and sessions: password policy (H9), lockout, server-side sessions,
 * TOTP, offboarding and staff records (H10), and the `auth` / `users` services.
 *
 * Wiring (the host/gateway side):
 *   services: `identityServices({ config, now })` → [auth, users]
 *   gateway:  `authenticateSession(host, req.headers.cookie, { ip, userAgent, locale, action })`
 *             → request context (with `sessionId`) | null; routes: IDENTITY_ROUTES under /api
 *   start:    `bootstrapAdmin(host, { password: process.env.ANJU_ADMIN_PASSWORD })`
 */
import type { ServiceSchema } from "moleculer";
import type { IdentityOptions } from "./runtime.js";
import { authService } from "./services/auth.service.js";
import { usersService } from "./services/users.service.js";

export function identityServices(options: IdentityOptions = {}): ServiceSchema[] {
  return [authService(options), usersService()];
}

export { authService, usersService };
export {
  SESSION_COOKIE, AuthActions, UserActions, IdentityActions, IdentityPermissions, IDENTITY_PERMISSION_LIST, SUGGESTED_ROLE_PERMISSIONS,
  IdentityAuditActions, IDENTITY_ROUTES, PASSWORD_CHANGE_ALLOWED, TOTP_ENROLMENT_ALLOWED,
} from "./actions.js";
export { IdentityErrors } from "./errors.js";
export type { IdentityErrorCode } from "./errors.js";
export { resolveIdentityConfig, defaultIdentityConfig, IDENTITY_CONFIG_SCHEMA, ADMIN_ROLES } from "./config.js";
export type { IdentityConfig, IdentityConfigInput, PasswordPolicyConfig } from "./config.js";
export type { IdentityOptions } from "./runtime.js";
export { IDENTITY_MIGRATIONS, IDENTITY_OWNER, migrateIdentity } from "./migrations.js";
export { authenticateSession } from "./sessions.js";
export type { SessionRequestContext, SessionMeta } from "./sessions.js";
export { sessionCookie, clearSessionCookie, sessionTokenFrom } from "./cookies.js";
export { authenticateApiKey, API_KEY_PREFIX } from "./api-keys.js";
export { bootstrapAdmin, SYSTEM_ADMIN_ROLE } from "./bootstrap.js";
export type { BootstrapOptions, BootstrapResult, GrantRole } from "./bootstrap.js";
export { passwordFailures, assertPasswordPolicy, generatePassword, H9 } from "./password-policy.js";
export type { PasswordRule } from "./password-policy.js";
export { H10 } from "./staff.js";
export { hashPassword, verifyPassword, needsRehash } from "./crypto/password-hash.js";
export { base32Encode, base32Decode, hotp, totp, verifyTotp, otpauthUri } from "./crypto/totp.js";
export { normalizeUsername, usernameKey, USERNAME_MAX, PASSWORD_MAX } from "./username.js";
export type { PublicUser } from "./store/users.js";
export { findUser } from "./lookup.js";
export { identityModule } from "./module.js";
