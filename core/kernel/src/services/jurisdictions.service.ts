/**
 * REST-facing jurisdiction actions. A caller sees and changes only its own subtree; another
 * branch's node is "not found", exactly like a code that does not exist.
 */
import type { Context, ServiceSchema } from "moleculer";
import { KernelErrors } from "../errors/catalogue.js";
import { hostOf } from "../host.js";
import { CODE_PATTERN, LEVELS } from "../jurisdictions/store.js";
import { SAFE_NAME_PATTERN } from "../context/validation.js";
import { HostPermissions } from "./actions.js";
import { defineActions } from "./define.js";
import { actorOf, authorize } from "./authorize.js";

const code = { type: "string", pattern: CODE_PATTERN, maxLength: 32 };
const name = { type: "string", minLength: 1, maxLength: 100, pattern: SAFE_NAME_PATTERN };

async function inScope(ctx: Context, target: string): Promise<void> {
  const rc = await authorize(ctx, HostPermissions.jurisdictionRead);
  if (rc.jurisdiction === null) return;
  const store = hostOf(ctx.broker).jurisdictions;
  if (!(await store.isWithin(target, rc.jurisdiction))) throw KernelErrors.JURISDICTION_NOT_FOUND({ code: target });
}

export const jurisdictionsService: ServiceSchema = {
  name: "jurisdictions",
  actions: defineActions({
    list: {
      permission: HostPermissions.jurisdictionRead,
      // Changes are recorded by the store itself (also when the CLI makes them).
      audit: false,
      params: { type: "object", properties: { under: code }, additionalProperties: false },
      async handler(ctx: Context<{ under?: string }>) {
        const rc = await authorize(ctx, HostPermissions.jurisdictionRead);
        const under = ctx.params.under ?? rc.jurisdiction;
        if (under) await inScope(ctx, under);
        return hostOf(ctx.broker).jurisdictions.list(under);
      },
    },
    get: {
      permission: HostPermissions.jurisdictionRead,
      // Changes are recorded by the store itself (also when the CLI makes them).
      audit: false,
      params: { type: "object", required: ["code"], properties: { code }, additionalProperties: false },
      async handler(ctx: Context<{ code: string }>) {
        await inScope(ctx, ctx.params.code);
        return hostOf(ctx.broker).jurisdictions.get(ctx.params.code);
      },
    },
    create: {
      permission: HostPermissions.jurisdictionManage,
      // Changes are recorded by the store itself (also when the CLI makes them).
      audit: false,
      params: {
        type: "object", required: ["code", "name", "level"], additionalProperties: false,
        properties: { code, name, level: { enum: [...LEVELS] }, parentCode: code },
      },
      async handler(ctx: Context<{ code: string; name: string; level: (typeof LEVELS)[number]; parentCode?: string }>) {
        const rc = await authorize(ctx, HostPermissions.jurisdictionManage);
        // Only the system may create a root; everyone else creates inside their own subtree.
        if (!ctx.params.parentCode && rc.jurisdiction !== null) throw KernelErrors.FORBIDDEN();
        if (ctx.params.parentCode) await inScope(ctx, ctx.params.parentCode);
        return hostOf(ctx.broker).jurisdictions.add(ctx.params, actorOf(rc));
      },
    },
    update: {
      permission: HostPermissions.jurisdictionManage,
      // Changes are recorded by the store itself (also when the CLI makes them).
      audit: false,
      params: { type: "object", required: ["code", "name"], properties: { code, name }, additionalProperties: false },
      async handler(ctx: Context<{ code: string; name: string }>) {
        const rc = await authorize(ctx, HostPermissions.jurisdictionManage);
        await inScope(ctx, ctx.params.code);
        return hostOf(ctx.broker).jurisdictions.rename(ctx.params.code, ctx.params.name, actorOf(rc));
      },
    },
    move: {
      permission: HostPermissions.jurisdictionManage,
      // Changes are recorded by the store itself (also when the CLI makes them).
      audit: false,
      params: { type: "object", required: ["code", "parentCode"], properties: { code, parentCode: code }, additionalProperties: false },
      async handler(ctx: Context<{ code: string; parentCode: string }>) {
        const rc = await authorize(ctx, HostPermissions.jurisdictionManage);
        await inScope(ctx, ctx.params.code);
        await inScope(ctx, ctx.params.parentCode);
        if (rc.jurisdiction === ctx.params.code) throw KernelErrors.FORBIDDEN();
        return hostOf(ctx.broker).jurisdictions.move(ctx.params.code, ctx.params.parentCode, actorOf(rc));
      },
    },
    remove: {
      permission: HostPermissions.jurisdictionManage,
      // Changes are recorded by the store itself (also when the CLI makes them).
      audit: false,
      params: { type: "object", required: ["code"], properties: { code }, additionalProperties: false },
      async handler(ctx: Context<{ code: string }>) {
        const rc = await authorize(ctx, HostPermissions.jurisdictionManage);
        await inScope(ctx, ctx.params.code);
        if (rc.jurisdiction === ctx.params.code) throw KernelErrors.FORBIDDEN();
        await hostOf(ctx.broker).jurisdictions.remove(ctx.params.code, actorOf(rc));
        return { removed: ctx.params.code };
      },
    },
  }),
};
