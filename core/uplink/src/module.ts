/**
 * The upward link as a host module. Every node migrates the outbox and the inbox at set-up, so
 * plugins can enqueue (and a county's projections find their tables) whatever the role; the
 * role from the `uplink` config section decides what runs once plugins are loaded: the relay
 * on a community node, the durable consumer on a county node, nothing when off. Stopped first
 * thing at shutdown with the work in hand finished. `GET /api/uplink/status` serves the
 * counters to holders of `uplink:status`.
 *   createHost({ modules: [...securityModules(), uplinkModule()] })
 */
import type { Context, ServiceSchema } from "moleculer";
import { asSystem } from "@anju/data";
import { authorize, defineActions, hostOf, type AnjuHost, type HostModule, type PluginRoute } from "@anju/kernel";
import { migrateInbox, migrateOutbox } from "./migrations.js";
import { resolveSettings, UplinkNode, type UplinkSettings, type UplinkTuning } from "./node.js";
import { installUplinkSeal } from "./seal.js";

export const UplinkActions = { status: "uplink.status" } as const;

/**
 * Reading the link's counters: a code of its own (not host.plugin:manage, which also installs
 * plugins). The built-in system administrator and jurisdiction administrator carry it (@anju/rbac).
 */
export const UplinkPermissions = { status: "uplink:status" } as const;

export const UPLINK_ROUTES: PluginRoute[] = [{ method: "GET", path: "/uplink/status", action: UplinkActions.status }];

export interface UplinkModuleOptions extends UplinkTuning {
  /** Overrides of the host's `uplink` config (tests). */
  settings?: Partial<UplinkSettings>;
  /**
   * false: migrate and answer the status but run no relay or consumer — a management host (CLI
   * command) beside the running node would otherwise be a second relay on the same outbox.
   */
  run?: boolean;
}

const nodes = new WeakMap<AnjuHost, UplinkNode>();

/** This host's link (set up by uplinkModule). */
export function uplinkOf(host: AnjuHost): UplinkNode {
  const node = nodes.get(host);
  if (!node) throw new Error("uplink module not set up on this host");
  return node;
}

function uplinkService(): ServiceSchema {
  return {
    name: "uplink",
    actions: defineActions({
      status: {
        permission: UplinkPermissions.status,
        audit: false,
        async handler(ctx: Context) {
          await authorize(ctx, UplinkPermissions.status);
          const node = uplinkOf(hostOf(ctx.broker));
          return asSystem("uplink: status", () => node.status());
        },
      },
    }),
  };
}

export function uplinkModule(options: UplinkModuleOptions = {}): HostModule {
  const { settings, run = true, ...tuning } = options;
  return {
    name: "uplink",
    services: [uplinkService()],
    routes: UPLINK_ROUTES,
    async setup(host) {
      const resolved = resolveSettings({ ...host.config.uplink, ...settings });
      // Sealed records (personal information) are encrypted at rest with this node's own key,
      // derived from its host secret: the outbox on a community, the inbox on a county.
      installUplinkSeal(host.ds, host.tokenSecret());
      await asSystem("uplink: migrate", async () => {
        await migrateOutbox(host.ds);
        await migrateInbox(host.ds);
      });
      nodes.set(host, new UplinkNode(host, host.ds, resolved, host.logger, tuning));
    },
    async started(host) {
      if (run) uplinkOf(host).start();
    },
    async stopping(host) {
      await uplinkOf(host).stop();
    },
  };
}
