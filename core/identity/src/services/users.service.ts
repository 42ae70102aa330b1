/**
 * `users`: account administration within the caller's jurisdiction subtree — list, create,
 * disable/enable, reset a password or second factor, offboard (H10), personal API keys, and
 * the pledge and training records. Each action declares its `permission` (RBAC's middleware
 * enforces it) and checks it again itself (guard.ts).
 */
import type { ActionSchema, Context, ServiceSchema } from "moleculer";
import { KernelErrors, type RequestContext } from "@anju/kernel";
import { createUser, listUsers, resetPassword, setDisabled } from "../accounts.js";
import { IdentityAuditActions, IdentityPermissions } from "../actions.js";
import { listApiKeys, revokeApiKey } from "../api-keys.js";
import { audit, type AuditEvent } from "../bridge.js";
import { requirePermission } from "../guard.js";
import { offboard, recordPledge, recordTraining, staffRecords, H10 } from "../staff.js";
import { publicUser } from "../store/users.js";
import { resetTotp } from "../totp-enrolment.js";
import { IdentityErrors } from "../errors.js";
import { callerPath, reachableUser, rtOf } from "./context.js";
import { byId, date, displayName, jurisdiction, keyList, newUsername, note, object, paging, password, text, uuid } from "./schema.js";

type Handler<P> = (ctx: Context<P>, rc: Readonly<RequestContext>) => Promise<unknown>;

/**
 * An action that declares its permission and checks it before the handler runs. `audit: false`
 * tells the audit slot not to record the call generically: each action records its own event,
 * with counts instead of raw params (returned key names, passwords never reach the trail).
 */
function guarded<P>(permission: string, params: object, handler: Handler<P>): ActionSchema {
  return {
    params,
    permission,
    audit: false,
    async handler(ctx: Context<P>) {
      const rc = await requirePermission(ctx, permission);
      return handler(ctx, rc);
    },
  } as ActionSchema;
}

function notSelf(rc: Readonly<RequestContext>, userId: string, operation: string): void {
  if (rc.principal.id === userId) throw IdentityErrors.CANNOT_CHANGE_SELF({ operation });
}

function event(rc: Readonly<RequestContext>, action: string, targetId: string, detail?: Record<string, unknown>): AuditEvent {
  return { action, result: "success", userId: rc.principal.kind === "user" ? rc.principal.id : null, jurisdiction: rc.jurisdiction, object: `user:${targetId}`, detail };
}

function by(rc: Readonly<RequestContext>): string {
  return rc.principal.kind === "user" ? rc.principal.id : rc.principal.kind;
}

interface CreateParams { username: string; displayName?: string; jurisdiction?: string; password?: string }
interface OffboardParams { id: string; returnedKeys: string[]; usbKeys: string[]; pledgeSigned: boolean; note?: string }

export function usersService(): ServiceSchema {
  const P = IdentityPermissions;
  return {
    name: "users",
    actions: {
      list: guarded<{ q?: string; includeDisabled?: boolean; page: number; pageSize: number }>(P.userRead,
        object({ q: { type: "string", maxLength: 64, pattern: "^[^\\u0000-\\u001f]*$" }, includeDisabled: { type: "boolean" }, ...paging }),
        async (ctx, rc) => {
          const rt = rtOf(ctx);
          const { page, pageSize } = ctx.params;
          const found = await listUsers(rt.ds, {
            underPath: await callerPath(rt, rc), q: ctx.params.q?.normalize("NFC").trim() || undefined,
            includeDisabled: ctx.params.includeDisabled, offset: (page - 1) * pageSize, limit: pageSize,
          });
          return { items: found.rows.map(publicUser), total: found.total, page, pageSize };
        }),

      get: guarded<{ id: string }>(P.userRead, byId, async (ctx, rc) => publicUser(await reachableUser(rtOf(ctx), rc, ctx.params.id))),

      create: guarded<CreateParams>(P.userManage,
        object({ username: newUsername, displayName, jurisdiction, password }, ["username"]),
        async (ctx, rc) => {
          const rt = rtOf(ctx);
          const home = ctx.params.jurisdiction ?? rc.jurisdiction;
          if (!home) throw KernelErrors.VALIDATION_FAILED({ summary: "jurisdiction is required", fields: [{ field: "jurisdiction", reason: "is required", keyword: "required" }] });
          const target = await rt.host.jurisdictions.find(home);
          const under = await callerPath(rt, rc);
          if (!target || (under !== null && !target.path.startsWith(under))) throw KernelErrors.JURISDICTION_NOT_FOUND({ code: home });
          const made = await createUser(rt, { username: ctx.params.username, displayName: ctx.params.displayName, homeJurisdiction: target.code, password: ctx.params.password });
          await audit(ctx, event(rc, IdentityAuditActions.userCreate, made.user.id, { username: made.user.username, home: target.code, generated: !!made.generatedPassword }));
          return { user: publicUser(made.user), ...(made.generatedPassword ? { password: made.generatedPassword } : {}) };
        }),

      disable: guarded<{ id: string }>(P.userManage, byId, async (ctx, rc) => {
        const rt = rtOf(ctx);
        const user = await reachableUser(rt, rc, ctx.params.id);
        notSelf(rc, user.id, "disable");
        const { sessionsEnded } = await setDisabled(rt.ds, user.id, true, rt.now());
        await audit(ctx, event(rc, IdentityAuditActions.userDisable, user.id, { sessionsEnded }));
        return { user: publicUser({ ...user, disabled: true }), sessionsEnded };
      }),

      enable: guarded<{ id: string }>(P.userManage, byId, async (ctx, rc) => {
        const rt = rtOf(ctx);
        const user = await reachableUser(rt, rc, ctx.params.id);
        await setDisabled(rt.ds, user.id, false, rt.now());
        await audit(ctx, event(rc, IdentityAuditActions.userEnable, user.id));
        return { user: publicUser({ ...user, disabled: false }) };
      }),

      resetPassword: guarded<{ id: string }>(P.userManage, byId, async (ctx, rc) => {
        const rt = rtOf(ctx);
        const user = await reachableUser(rt, rc, ctx.params.id);
        notSelf(rc, user.id, "resetPassword");
        const { password: generated, sessionsEnded } = await resetPassword(rt, user.id);
        await audit(ctx, event(rc, IdentityAuditActions.passwordReset, user.id, { sessionsEnded }));
        return { password: generated, mustChangePassword: true, sessionsEnded };
      }),

      resetTotp: guarded<{ id: string }>(P.totpReset, byId, async (ctx, rc) => {
        const rt = rtOf(ctx);
        const user = await reachableUser(rt, rc, ctx.params.id);
        notSelf(rc, user.id, "resetTotp");
        const { sessionsEnded } = await resetTotp(rt, user.id);
        await audit(ctx, event(rc, IdentityAuditActions.totpReset, user.id, { sessionsEnded, hadTotp: !!user.totpSecret }));
        return { reset: true, sessionsEnded };
      }),

      offboard: guarded<OffboardParams>(P.offboard,
        object({ id: uuid, returnedKeys: keyList, usbKeys: keyList, pledgeSigned: { type: "boolean" }, note }, ["id", "returnedKeys", "usbKeys", "pledgeSigned"]),
        async (ctx, rc) => {
          const rt = rtOf(ctx);
          const user = await reachableUser(rt, rc, ctx.params.id);
          notSelf(rc, user.id, "offboard");
          const record = await offboard(rt, ctx.broker, {
            userId: user.id, returnedKeys: ctx.params.returnedKeys, usbKeys: ctx.params.usbKeys, pledgeSigned: ctx.params.pledgeSigned,
            note: ctx.params.note || null, by: by(rc),
          });
          await audit(ctx, event(rc, IdentityAuditActions.offboard, user.id, {
            rule: H10, returnedKeys: record.returnedKeys.length, usbKeys: record.usbKeys.length, pledgeSigned: record.pledgeSigned,
            apiKeysRevoked: record.apiKeysRevoked, sessionsEnded: record.sessionsEnded, rolesRevoked: record.rolesRevoked,
          }));
          return record;
        }),

      listApiKeys: guarded<{ id: string }>(P.userManage, byId, async (ctx, rc) => {
        const rt = rtOf(ctx);
        const user = await reachableUser(rt, rc, ctx.params.id);
        return listApiKeys(rt.ds, user.id);
      }),

      revokeApiKey: guarded<{ id: string; keyId: string }>(P.userManage, object({ id: uuid, keyId: uuid }, ["id", "keyId"]), async (ctx, rc) => {
        const rt = rtOf(ctx);
        const user = await reachableUser(rt, rc, ctx.params.id);
        await revokeApiKey(rt.ds, user.id, ctx.params.keyId, by(rc), rt.now());
        await audit(ctx, { ...event(rc, IdentityAuditActions.apiKeyRevoke, user.id), object: `apikey:${ctx.params.keyId}` });
        return { revoked: ctx.params.keyId };
      }),

      recordPledge: guarded<{ id: string; kind?: string; signedOn: string; documentRef?: string; note?: string }>(P.userManage,
        object({ id: uuid, kind: { enum: ["confidentiality", "security-responsibility", "other"], default: "confidentiality" }, signedOn: date, documentRef: text(200), note }, ["id", "signedOn"]),
        async (ctx, rc) => {
          const rt = rtOf(ctx);
          const user = await reachableUser(rt, rc, ctx.params.id);
          const out = await recordPledge(rt, { userId: user.id, kind: ctx.params.kind ?? "confidentiality", signedOn: ctx.params.signedOn, documentRef: ctx.params.documentRef, note: ctx.params.note || null, by: by(rc) });
          await audit(ctx, event(rc, IdentityAuditActions.pledge, user.id, { rule: H10, kind: ctx.params.kind ?? "confidentiality", signedOn: ctx.params.signedOn }));
          return out;
        }),

      recordTraining: guarded<{ id: string; course: string; completedOn: string; assessment: "passed" | "failed" | "none"; score?: number; note?: string }>(P.userManage,
        object({
          id: uuid, course: text(200), completedOn: date, assessment: { enum: ["passed", "failed", "none"] },
          score: { type: "integer", minimum: 0, maximum: 100 }, note,
        }, ["id", "course", "completedOn", "assessment"]),
        async (ctx, rc) => {
          const rt = rtOf(ctx);
          const user = await reachableUser(rt, rc, ctx.params.id);
          const out = await recordTraining(rt, { userId: user.id, course: ctx.params.course.normalize("NFC").trim(), completedOn: ctx.params.completedOn, assessment: ctx.params.assessment, score: ctx.params.score, note: ctx.params.note || null, by: by(rc) });
          await audit(ctx, event(rc, IdentityAuditActions.training, user.id, { rule: H10, assessment: ctx.params.assessment }));
          return out;
        }),

      staffRecords: guarded<{ id: string }>(P.userRead, byId, async (ctx, rc) => {
        const rt = rtOf(ctx);
        const user = await reachableUser(rt, rc, ctx.params.id);
        return { user: publicUser(user), ...(await staffRecords(rt, user.id)) };
      }),
    },
  };
}
