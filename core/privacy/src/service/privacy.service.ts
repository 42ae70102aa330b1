/**
 * The `privacy` service: consent records, breach records and notices, revealing a declared
 * field, and key management. Every action declares its permission (enforced by the RBAC slot)
 * and checks it again itself, so a node without RBAC fails closed. Changes are audited.
 */
import type { ActionSchema, Context, Service, ServiceSchema } from "moleculer";
import type { Locale } from "@anju/errors";
import { dataSourceOf, hostOf, requireRequestContext, type RequestContext } from "@anju/kernel";
import { recordAudit } from "../access/audit.js";
import { PrivacyPermissions as P, requirePermission } from "../access/permissions.js";
import { PrivacyAuditActions as A, revealField } from "../access/unmask.js";
import { renderNotice, type NoticeAudience } from "../breach/notice.js";
import { BreachStore, type BreachFields } from "../breach/store.js";
import { ConsentStore } from "../consent/store.js";
import { retireKey, rotateKeys, valuesUsingKey } from "../crypto/rotation.js";
import { codecOf, installPrivacy, type PrivacyOptions } from "../install.js";
import type { PiKind } from "../kinds.js";
import { CONSENT_WITHDRAWN_EVENT } from "./actions.js";
import { PARAMS } from "./schemas.js";

type Rc = Readonly<RequestContext>;
const consents = (ctx: Context, rc: Rc) => new ConsentStore(dataSourceOf(ctx), rc.jurisdiction);
const breaches = (ctx: Context, rc: Rc) => new BreachStore(dataSourceOf(ctx), rc.jurisdiction);
const date = (s: string | undefined | null) => (s === undefined ? undefined : s === null ? null : new Date(s));

interface ConsentParams { subjectId: string; purpose: string; purposeText?: string; kinds: PiKind[]; evidence?: string; grantedAt?: string; jurisdiction?: string }
type BreachParams = Omit<BreachFields, "occurredAt" | "discoveredAt"> & { occurredAt?: string; discoveredAt: string; jurisdiction?: string };

function breachFields<T extends Partial<BreachParams>>(p: T): Partial<BreachFields> & { jurisdiction?: string } {
  const { occurredAt, discoveredAt, ...rest } = p as Partial<BreachParams> & { id?: string };
  delete (rest as { id?: string }).id;
  return { ...rest, ...(occurredAt !== undefined ? { occurredAt: date(occurredAt) } : {}), ...(discoveredAt !== undefined ? { discoveredAt: date(discoveredAt)! } : {}) };
}

/**
 * An action that declares its permission (for the RBAC slot) and checks it before the handler
 * runs. `selfChecked`: the handler checks at the right moment itself (reveal: before lookup).
 *
 * Changing and revealing actions record their own audit events, with details only the handler
 * knows (erased rows, key ids), so they opt out of the audit slot's generic record
 * (`audit: false`) and record a failure themselves; denials are recorded where they happen.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each handler names its own params type
function action<C extends Context<any>>(permission: string, params: object, handler: (ctx: C, rc: Rc) => Promise<unknown>, options: { selfChecked?: boolean; cache?: false } = {}): ActionSchema {
  const { selfChecked, ...extra } = options;
  const recordsItself = /:(manage|unmask)$/.test(permission);
  return {
    params, permission, ...extra, ...(recordsItself ? { audit: false } : {}),
    async handler(ctx: C) {
      const rc = selfChecked ? requireRequestContext(ctx) : await requirePermission(ctx, permission);
      if (!recordsItself) return handler(ctx, rc);
      try {
        return await handler(ctx, rc);
      } catch (err) {
        const status = (err as { code?: unknown }).code;
        if (status !== 401 && status !== 403) {
          await recordAudit(ctx, { action: ctx.action?.name ?? permission, object: objectOf(ctx.params), result: "failure", detail: { code: (err as { type?: string }).type ?? "INTERNAL" } });
        }
        throw err;
      }
    },
  } as unknown as ActionSchema;
}

function objectOf(params: unknown): string | undefined {
  const p = (params ?? {}) as Record<string, unknown>;
  for (const k of ["id", "keyId", "subjectId"]) if (typeof p[k] === "string" || typeof p[k] === "number") return String(p[k]);
  return undefined;
}

export interface PrivacyServiceOptions extends PrivacyOptions {
  /**
   * Install (keys, entities, migrations) in the service's `started` hook (default true). Set
   * false when the node installs packages itself in a fixed order: on SQLite, migrations of
   * services starting side by side share one connection and must not interleave.
   */
  install?: boolean;
  /** Services whose start must finish before this one's (Moleculer `dependencies`), e.g. ["audit"]. */
  dependencies?: string[];
}

export function createPrivacyService(options: PrivacyServiceOptions = {}): ServiceSchema {
  const { install = true, dependencies, ...privacy } = options;
  return {
    name: "privacy",
    ...(dependencies?.length ? { dependencies } : {}),
    async started(this: Service) {
      if (install) await installPrivacy(hostOf(this.broker), privacy);
    },
    actions: {
      "consents.record": action(P.consentManage, PARAMS.consentsRecord, async (ctx: Context<ConsentParams>, rc) => {
        const c = await consents(ctx, rc).record({ ...ctx.params, grantedAt: date(ctx.params.grantedAt) ?? undefined }, rc.principal.id);
        await recordAudit(ctx, { action: A.consentRecord, object: `consent:${c.id}`, result: "success", detail: { subjectId: c.subjectId, purpose: c.purpose, kinds: c.kinds } });
        return c;
      }),
      "consents.list": action(P.consentRead, PARAMS.consentsList, async (ctx: Context<{ subjectId?: string; purpose?: string; active?: boolean; page?: number; pageSize?: number }>, rc) => {
        return consents(ctx, rc).list(ctx.params);
      }),
      "consents.get": action(P.consentRead, PARAMS.consentsGet, async (ctx: Context<{ id: string }>, rc) => {
        return consents(ctx, rc).get(ctx.params.id);
      }),
      "consents.check": action(P.consentRead, PARAMS.consentsCheck, async (ctx: Context<{ subjectId: string; purpose: string; kinds: PiKind[] }>, rc) => {
        return consents(ctx, rc).check(ctx.params.subjectId, ctx.params.purpose, ctx.params.kinds);
      }),
      "consents.withdraw": action(P.consentManage, PARAMS.consentsWithdraw, async (ctx: Context<{ id: string }>, rc) => {
        const result = await consents(ctx, rc).withdraw(ctx.params.id, rc.principal.id);
        const { consent, erasedKinds, erasedRows } = result;
        await recordAudit(ctx, { action: A.consentWithdraw, object: `consent:${consent.id}`, result: "success", detail: { subjectId: consent.subjectId, purpose: consent.purpose, erasedKinds, erasedRows } });
        ctx.broadcast(CONSENT_WITHDRAWN_EVENT, { consentId: consent.id, subjectId: consent.subjectId, jurisdiction: consent.jurisdiction, kinds: erasedKinds });
        return result;
      }),

      "breaches.record": action(P.breachManage, PARAMS.breachesRecord, async (ctx: Context<BreachParams>, rc) => {
        const b = await breaches(ctx, rc).record(breachFields(ctx.params) as BreachFields & { jurisdiction?: string }, rc.principal.id);
        await recordAudit(ctx, { action: A.breachRecord, object: `breach:${b.id}`, result: "success", detail: { dataKinds: b.dataKinds, scale: b.scale } });
        return b;
      }),
      "breaches.list": action(P.breachRead, PARAMS.breachesList, async (ctx: Context<{ state?: "open" | "notified" | "closed"; page?: number; pageSize?: number }>, rc) => {
        return breaches(ctx, rc).list(ctx.params);
      }),
      "breaches.get": action(P.breachRead, PARAMS.breachesGet, async (ctx: Context<{ id: string }>, rc) => {
        return breaches(ctx, rc).get(ctx.params.id);
      }),
      "breaches.update": action(P.breachManage, PARAMS.breachesUpdate, async (ctx: Context<Partial<BreachParams> & { id: string }>, rc) => {
        const b = await breaches(ctx, rc).update(ctx.params.id, breachFields(ctx.params));
        await recordAudit(ctx, { action: A.breachUpdate, object: `breach:${b.id}`, result: "success", detail: { fields: Object.keys(ctx.params).filter((k) => k !== "id") } });
        return b;
      }),
      "breaches.addSubjects": action(P.breachManage, PARAMS.breachesAddSubjects, async (ctx: Context<{ id: string; subjects: Array<{ subjectId: string; kinds?: PiKind[] }> }>, rc) => {
        const r = await breaches(ctx, rc).addSubjects(ctx.params.id, ctx.params.subjects);
        await recordAudit(ctx, { action: A.breachSubjects, object: `breach:${ctx.params.id}`, result: "success", detail: r });
        return r;
      }),
      "breaches.subjects": action(P.breachRead, PARAMS.breachesSubjects, async (ctx: Context<{ id: string; page?: number; pageSize?: number }>, rc) => {
        return breaches(ctx, rc).listSubjects(ctx.params.id, ctx.params);
      }),
      "breaches.notify": action(P.breachManage, PARAMS.breachesNotify, async (ctx: Context<{ id: string }>, rc) => {
        const b = await breaches(ctx, rc).markNotified(ctx.params.id);
        await recordAudit(ctx, { action: A.breachNotify, object: `breach:${b.id}`, result: "success", detail: { identified: b.identified } });
        return b;
      }),
      "breaches.close": action(P.breachManage, PARAMS.breachesClose, async (ctx: Context<{ id: string; note?: string }>, rc) => {
        const b = await breaches(ctx, rc).close(ctx.params.id, ctx.params.note);
        await recordAudit(ctx, { action: A.breachClose, object: `breach:${b.id}`, result: "success" });
        return b;
      }),
      "breaches.notice": action(P.breachRead, PARAMS.breachesNotice, async (ctx: Context<{ id: string; audience: NoticeAudience; locale?: Locale; subjectId?: string }>, rc) => {
        const store = breaches(ctx, rc);
        const breach = await store.get(ctx.params.id);
        const subject = ctx.params.subjectId ? await store.subject(breach.id, ctx.params.subjectId) : null;
        return renderNotice(breach, {
          audience: ctx.params.audience, locale: ctx.params.locale ?? "zh-CN",
          jurisdictionName: await store.jurisdictionName(breach.jurisdiction), kinds: subject?.kinds,
        });
      }),

      reveal: action(P.unmask, PARAMS.reveal, async (ctx: Context<{ entity: string; field: string; id: string | number }>) => {
        const value = await revealField(ctx, ctx.params);
        return { entity: ctx.params.entity, field: ctx.params.field, id: ctx.params.id, value };
      }, { selfChecked: true, cache: false }),

      "keys.status": action(P.keysManage, PARAMS.keysStatus, async (ctx: Context) => {
        const ds = dataSourceOf(ctx);
        const ring = codecOf(ds).keyring;
        const keys = [];
        for (const id of ring.keys.keys()) keys.push({ id, current: id === ring.current, values: await valuesUsingKey(ds, id) });
        return { source: ring.source, current: ring.current, keys };
      }),
      "keys.rotate": action(P.keysManage, PARAMS.keysRotate, async (ctx: Context) => {
        const ds = dataSourceOf(ctx);
        const codec = codecOf(ds);
        // Env keyrings change by redeploying (new key first); rotating then means re-encrypting.
        const report = await rotateKeys(ds, codec, { newKey: codec.keyring.source === "file" });
        await recordAudit(ctx, { action: A.keysRotate, object: `pi-key:${report.keyId}`, result: "success", detail: { previousKeyId: report.previousKeyId, keyId: report.keyId, total: report.total } });
        return report;
      }),
      "keys.retire": action(P.keysManage, PARAMS.keysRetire, async (ctx: Context<{ keyId: string }>) => {
        const ds = dataSourceOf(ctx);
        const r = await retireKey(ds, codecOf(ds), ctx.params.keyId);
        await recordAudit(ctx, { action: A.keysRetire, object: `pi-key:${r.retired}`, result: "success" });
        return r;
      }),
    },
  };
}
