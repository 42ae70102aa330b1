/**
 * The `console` service: answers the console's questions that no other service answers in one
 * call. Reads only, so nothing here is audited (the pages' own actions are).
 */
import type { Context, ServiceSchema } from "moleculer";
import { defineActions, HostPermissions, requireRequestContext } from "@anju/kernel";
import { buildCatalogue } from "./catalogue.js";
import { buildNav } from "./nav.js";
import { roleNames } from "./roles.js";
import { callerAccount, switchableJurisdictions } from "./switchable.js";

const noParams = { type: "object", properties: {}, additionalProperties: false };

export function consoleService(): ServiceSchema {
  return {
    name: "console",
    actions: defineActions({
      nav: {
        audit: false,
        params: noParams,
        async handler(ctx: Context) {
          const [nav, me] = await Promise.all([buildNav(ctx.broker, requireRequestContext(ctx)), callerAccount(ctx)]);
          return { ...nav, roles: await roleNames(ctx.broker, me?.roles.map((g) => g.role) ?? []) };
        },
      },
      jurisdictions: {
        audit: false,
        params: noParams,
        async handler(ctx: Context) {
          return switchableJurisdictions(ctx);
        },
      },
      plugins: {
        permission: HostPermissions.pluginRead,
        audit: false,
        params: noParams,
        async handler(ctx: Context) {
          return buildCatalogue(ctx.broker, requireRequestContext(ctx));
        },
      },
    }),
  };
}
