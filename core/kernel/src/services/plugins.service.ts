/**
 * Plugin management actions (the console's plugin manager and the REST API). Enable, disable
 * and settings act on the caller's jurisdiction or a node inside it; install, upgrade and
 * uninstall are host-wide and need the plugin-manage permission.
 */
import type { Context, ServiceSchema } from "moleculer";
import { KernelErrors } from "../errors/catalogue.js";
import { hostOf } from "../host.js";
import { CODE_PATTERN } from "../jurisdictions/store.js";
import { PLUGIN_ID_PATTERN } from "../plugins/manifest-schema.js";
import { HostPermissions } from "./actions.js";
import { defineActions } from "./define.js";
import { actorOf, authorize } from "./authorize.js";

const id = { type: "string", pattern: PLUGIN_ID_PATTERN };
const jurisdiction = { type: "string", pattern: CODE_PATTERN };

/** The jurisdiction acted on: the given one if it lies inside the caller's, else the caller's own. */
async function targetJurisdiction(ctx: Context<{ jurisdiction?: string }>, permission: string): Promise<{ target: string; actor: { userId: string; ip: string | null } }> {
  const rc = await authorize(ctx, permission);
  const host = hostOf(ctx.broker);
  const target = ctx.params.jurisdiction ?? rc.jurisdiction;
  if (!target) throw KernelErrors.BAD_REQUEST({ reason: "需要 jurisdiction / jurisdiction is required" });
  if (rc.jurisdiction !== null && !(await host.jurisdictions.isWithin(target, rc.jurisdiction))) {
    throw KernelErrors.JURISDICTION_NOT_FOUND({ code: target });
  }
  await host.jurisdictions.get(target);
  // Checked again for the target node: a grant may cover the caller's node but not this one.
  if (rc.principal.kind !== "system" && host.authorizer && !(await host.authorizer.can(rc, permission, target))) {
    throw KernelErrors.FORBIDDEN({ permission });
  }
  return { target, actor: actorOf(rc) };
}

export const pluginsService: ServiceSchema = {
  name: "plugins",
  actions: defineActions({
    list: {
      permission: HostPermissions.pluginRead,
      // Lifecycle and settings changes are recorded by the plugin manager itself.
      audit: false,
      params: { type: "object", properties: {}, additionalProperties: true },
      async handler(ctx: Context) {
        await authorize(ctx, HostPermissions.pluginRead);
        const pm = hostOf(ctx.broker).plugins;
        return { plugins: await pm.list(), problems: pm.discoveryProblems() };
      },
    },
    install: {
      permission: HostPermissions.pluginManage,
      // Lifecycle and settings changes are recorded by the plugin manager itself.
      audit: false,
      params: { type: "object", required: ["id"], properties: { id }, additionalProperties: false },
      async handler(ctx: Context<{ id: string }>) {
        const rc = await authorize(ctx, HostPermissions.pluginManage);
        return hostOf(ctx.broker).plugins.install(ctx.params.id, actorOf(rc));
      },
    },
    enable: {
      permission: HostPermissions.pluginManage,
      // Lifecycle and settings changes are recorded by the plugin manager itself.
      audit: false,
      params: { type: "object", required: ["id"], properties: { id, jurisdiction }, additionalProperties: false },
      async handler(ctx: Context<{ id: string; jurisdiction?: string }>) {
        const { target, actor } = await targetJurisdiction(ctx, HostPermissions.pluginManage);
        return hostOf(ctx.broker).plugins.enable(ctx.params.id, target, actor);
      },
    },
    disable: {
      permission: HostPermissions.pluginManage,
      // Lifecycle and settings changes are recorded by the plugin manager itself.
      audit: false,
      params: { type: "object", required: ["id"], properties: { id, jurisdiction }, additionalProperties: false },
      async handler(ctx: Context<{ id: string; jurisdiction?: string }>) {
        const { target, actor } = await targetJurisdiction(ctx, HostPermissions.pluginManage);
        return hostOf(ctx.broker).plugins.disable(ctx.params.id, target, actor);
      },
    },
    settings: {
      permission: HostPermissions.pluginRead,
      // Lifecycle and settings changes are recorded by the plugin manager itself.
      audit: false,
      params: { type: "object", required: ["id"], properties: { id, jurisdiction }, additionalProperties: false },
      async handler(ctx: Context<{ id: string; jurisdiction?: string }>) {
        const { target } = await targetJurisdiction(ctx, HostPermissions.pluginRead);
        return hostOf(ctx.broker).plugins.settings(ctx.params.id, target);
      },
    },
    configure: {
      permission: HostPermissions.pluginManage,
      // Lifecycle and settings changes are recorded by the plugin manager itself.
      audit: false,
      params: {
        type: "object", required: ["id", "settings"], additionalProperties: false,
        properties: { id, jurisdiction, settings: { type: "object" }, replace: { type: "boolean" } },
      },
      async handler(ctx: Context<{ id: string; jurisdiction?: string; settings: Record<string, unknown>; replace?: boolean }>) {
        const { target, actor } = await targetJurisdiction(ctx, HostPermissions.pluginManage);
        const effective = await hostOf(ctx.broker).plugins.configure(ctx.params.id, target, ctx.params.settings, { replace: ctx.params.replace }, actor);
        return { jurisdiction: target, effective };
      },
    },
    upgrade: {
      permission: HostPermissions.pluginManage,
      // Lifecycle and settings changes are recorded by the plugin manager itself.
      audit: false,
      params: { type: "object", required: ["id"], properties: { id }, additionalProperties: false },
      async handler(ctx: Context<{ id: string }>) {
        const rc = await authorize(ctx, HostPermissions.pluginManage);
        return hostOf(ctx.broker).plugins.upgrade(ctx.params.id, undefined, actorOf(rc));
      },
    },
    uninstall: {
      permission: HostPermissions.pluginManage,
      // Lifecycle and settings changes are recorded by the plugin manager itself.
      audit: false,
      params: { type: "object", required: ["id"], properties: { id, purge: { type: "boolean" } }, additionalProperties: false },
      async handler(ctx: Context<{ id: string; purge?: boolean }>) {
        const rc = await authorize(ctx, HostPermissions.pluginManage);
        return hostOf(ctx.broker).plugins.uninstall(ctx.params.id, { purge: ctx.params.purge }, actorOf(rc));
      },
    },
  }),
};
