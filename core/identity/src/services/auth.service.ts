/**
 * `auth`: sign-in and the signed-in user's own account — sign-out, who am I, password change,
 * jurisdiction switch, second-factor enrolment and personal API keys. These actions carry no
 * `permission`: being signed in is the requirement (anonymous for login). They record their own
 * audit events (`audit: false` keeps the audit slot from recording params such as passwords).
 */
import type { ActionSchema, Context, ServiceSchema } from "moleculer";
import { getRequestContext, hostOf } from "@anju/kernel";
import { changePassword } from "../accounts.js";
import { IdentityAuditActions } from "../actions.js";
import { createApiKey, listApiKeys, revokeApiKey } from "../api-keys.js";
import { audit, auditAsSystem, clientOf, grantsOf, permissionsOf } from "../bridge.js";
import { clearSessionCookie, sessionCookie } from "../cookies.js";
import { requireUser, sessionIdOf } from "../guard.js";
import { login } from "../login.js";
import { migrateIdentity } from "../migrations.js";
import { registerRuntime, runtimeOf, type IdentityOptions } from "../runtime.js";
import { restrictionOf } from "../sessions.js";
import { deleteSession, purgeSessions, sessionById, setSessionJurisdiction } from "../store/sessions.js";
import { purgeThrottle } from "../store/throttle.js";
import { jurisdictionPath, publicUser, userById } from "../store/users.js";
import { confirmTotp, enrollTotp, recoveryCodesLeft } from "../totp-enrolment.js";
import { IdentityErrors } from "../errors.js";
import { clientIp, rtOf, secureCookie, setCookie } from "./context.js";
import { jurisdiction, loginName, object, otp, password, text, uuid } from "./schema.js";

interface LoginParams { username: string; password: string; otp?: string }

const PURGE_INTERVAL_MS = 10 * 60_000;

/** `audit: false`: the action records its own event; the audit slot must not record its params (passwords). */
function selfAudited(def: { params: object; handler(ctx: Context<any>): Promise<unknown> }): ActionSchema { // eslint-disable-line @typescript-eslint/no-explicit-any -- each handler types its own params
  return { ...def, audit: false } as ActionSchema;
}

export function authService(options: IdentityOptions = {}): ServiceSchema {
  let timer: NodeJS.Timeout | undefined;
  return {
    name: "auth",
    created(this: { broker: Context["broker"] }) {
      registerRuntime(hostOf(this.broker), options);
    },
    async started(this: { broker: Context["broker"] }) {
      const host = hostOf(this.broker);
      if (options.migrate !== false) await migrateIdentity(host.ds);
      const rt = runtimeOf(host);
      // Expired sessions are refused when used; this only keeps the tables small.
      timer = setInterval(() => {
        void purgeSessions(host.ds, rt.now(), rt.idleMs).then(() => purgeThrottle(host.ds, rt.now(), rt.config.lockout.windowMinutes)).catch(() => undefined);
      }, PURGE_INTERVAL_MS);
      timer.unref();
    },
    stopped() {
      if (timer) clearInterval(timer);
    },
    actions: {
      login: selfAudited({
        params: object({ username: loginName, password, otp }, ["username", "password"]),
        async handler(ctx: Context<LoginParams>) {
          const rt = rtOf(ctx);
          const client = clientOf(ctx);
          const rc = getRequestContext(ctx);
          const result = await login(rt, ctx.broker, {
            ...ctx.params, ip: clientIp(ctx, rc), userAgent: client.userAgent, previousSessionId: rc ? sessionIdOf(rc) : undefined,
          }, (event) => auditAsSystem(ctx, event));
          setCookie(ctx, sessionCookie(result.token, secureCookie(ctx, rt)));
          const { token: _secret, sessionId: _id, ...body } = result;
          return body;
        },
      }),

      logout: selfAudited({
        params: object({}),
        async handler(ctx: Context) {
          const rt = rtOf(ctx);
          const rc = getRequestContext(ctx);
          const sessionId = rc ? sessionIdOf(rc) : undefined;
          setCookie(ctx, clearSessionCookie(secureCookie(ctx, rt)));
          if (!rc || !sessionId) return { loggedOut: false };
          await deleteSession(rt.ds, sessionId);
          await audit(ctx, { action: IdentityAuditActions.logout, result: "success", userId: rc.principal.id, jurisdiction: rc.jurisdiction });
          return { loggedOut: true };
        },
      }),

      me: selfAudited({
        params: object({}),
        async handler(ctx: Context) {
          const rt = rtOf(ctx);
          const rc = requireUser(ctx);
          const user = await userById(rt.ds, rc.principal.id);
          if (!user) throw IdentityErrors.SESSION_INVALID();
          const sessionId = sessionIdOf(rc);
          const session = sessionId ? await sessionById(rt.ds, sessionId) : null;
          const current = await rt.host.jurisdictions.find(rc.jurisdiction);
          return {
            user: publicUser(user),
            jurisdiction: current ? { code: current.code, name: current.name, level: current.level } : { code: rc.jurisdiction },
            roles: (await grantsOf(ctx.broker, user.id)) ?? [],
            permissions: (await permissionsOf(ctx.broker, user.id, rc.jurisdiction)) ?? [],
            mustChangePassword: user.mustChangePassword,
            mustEnrollTotp: session ? restrictionOf(user, session) === "totp" : false,
            recoveryCodesLeft: user.totpSecret ? await recoveryCodesLeft(rt, user.id) : null,
            session: session
              ? { idleTimeoutSeconds: rt.config.session.idleMinutes * 60, expiresAt: session.expiresAt.toISOString(), createdAt: session.createdAt.toISOString() }
              : null,
          };
        },
      }),

      password: selfAudited({
        params: object({ currentPassword: password, newPassword: password }, ["currentPassword", "newPassword"]),
        async handler(ctx: Context<{ currentPassword: string; newPassword: string }>) {
          const rt = rtOf(ctx);
          const rc = requireUser(ctx);
          const base = { action: IdentityAuditActions.password, userId: rc.principal.id, jurisdiction: rc.jurisdiction, object: `user:${rc.principal.id}` };
          try {
            const outcome = await changePassword(rt, rc.principal.id, ctx.params.currentPassword, ctx.params.newPassword, sessionIdOf(rc),
              (until) => audit(ctx, { ...base, action: IdentityAuditActions.lock, result: "success", detail: { until: until.toISOString(), via: "password-change" } }));
            await audit(ctx, { ...base, result: "success", detail: { otherSessionsEnded: outcome.sessionsEnded } });
            return { changed: true, otherSessionsEnded: outcome.sessionsEnded };
          } catch (err) {
            const code = (err as { type?: string }).type;
            await audit(ctx, { ...base, result: "failure", detail: { reason: code, failed: (err as { data?: { failed?: unknown } }).data?.failed } });
            throw err;
          }
        },
      }),

      switchJurisdiction: selfAudited({
        params: object({ jurisdiction }, ["jurisdiction"]),
        async handler(ctx: Context<{ jurisdiction: string }>) {
          const rt = rtOf(ctx);
          const rc = requireUser(ctx);
          const sessionId = sessionIdOf(rc);
          const target = await rt.host.jurisdictions.find(ctx.params.jurisdiction);
          const user = await userById(rt.ds, rc.principal.id);
          if (!sessionId || !user) throw IdentityErrors.SESSION_INVALID();
          const home = user.homeJurisdiction ? await jurisdictionPath(rt.ds, user.homeJurisdiction) : null;
          const grants = (await grantsOf(ctx.broker, user.id)) ?? [];
          const allowed = !!target && ((home !== null && target.path.startsWith(home)) || grants.some((g) => target.path.includes(`/${g.jurisdiction}/`)));
          if (!allowed) {
            await audit(ctx, { action: IdentityAuditActions.session, result: "denied", detail: { switchTo: ctx.params.jurisdiction } });
            throw IdentityErrors.JURISDICTION_NOT_ALLOWED({ code: ctx.params.jurisdiction });
          }
          await setSessionJurisdiction(rt.ds, sessionId, target.code);
          await audit(ctx, { action: IdentityAuditActions.session, result: "success", detail: { switchedTo: target.code } });
          return { jurisdiction: { code: target.code, name: target.name, level: target.level } };
        },
      }),

      totpEnroll: selfAudited({
        params: object({}),
        async handler(ctx: Context) {
          const rt = rtOf(ctx);
          const rc = requireUser(ctx);
          const user = await userById(rt.ds, rc.principal.id);
          if (!user) throw IdentityErrors.SESSION_INVALID();
          return enrollTotp(rt, user);
        },
      }),

      totpConfirm: selfAudited({
        params: object({ code: otp }, ["code"]),
        async handler(ctx: Context<{ code: string }>) {
          const rt = rtOf(ctx);
          const rc = requireUser(ctx);
          const user = await userById(rt.ds, rc.principal.id);
          if (!user) throw IdentityErrors.SESSION_INVALID();
          const result = await confirmTotp(rt, user, ctx.params.code);
          await audit(ctx, { action: IdentityAuditActions.totpEnrol, result: "success", userId: user.id, jurisdiction: rc.jurisdiction, object: `user:${user.id}` });
          return result;
        },
      }),

      createApiKey: selfAudited({
        params: object({ name: text(100), expiresInDays: { type: "integer", minimum: 1, maximum: 3650 } }, ["name"]),
        async handler(ctx: Context<{ name: string; expiresInDays?: number }>) {
          const rt = rtOf(ctx);
          const rc = requireUser(ctx);
          const key = await createApiKey(rt, rc.principal.id, ctx.params.name.normalize("NFC").trim(), ctx.params.expiresInDays);
          await audit(ctx, { action: IdentityAuditActions.apiKeyCreate, result: "success", userId: rc.principal.id, jurisdiction: rc.jurisdiction, object: `apikey:${key.id}` });
          return key;
        },
      }),

      listApiKeys: selfAudited({
        params: object({}),
        async handler(ctx: Context) {
          const rc = requireUser(ctx);
          return listApiKeys(rtOf(ctx).ds, rc.principal.id);
        },
      }),

      revokeApiKey: selfAudited({
        params: object({ id: uuid }, ["id"]),
        async handler(ctx: Context<{ id: string }>) {
          const rt = rtOf(ctx);
          const rc = requireUser(ctx);
          await revokeApiKey(rt.ds, rc.principal.id, ctx.params.id, rc.principal.id, rt.now());
          await audit(ctx, { action: IdentityAuditActions.apiKeyRevoke, result: "success", userId: rc.principal.id, jurisdiction: rc.jurisdiction, object: `apikey:${ctx.params.id}` });
          return { revoked: ctx.params.id };
        },
      }),
    },
  };
}
