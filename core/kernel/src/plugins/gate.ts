/**
 * The plugin gate: an action of a plugin's service runs only if that plugin is enabled for the
 * caller's jurisdiction. Host services (no `anjuPlugin` metadata) pass untouched — the
 * middleware hands back the original handler, so they pay nothing. It also counts in-flight
 * calls per plugin so an upgrade or uninstall can drain before replacing services.
 */
import type { Context, Middleware } from "moleculer";
import { KernelErrors } from "../errors/catalogue.js";
import { getRequestContext } from "../context/request-context.js";
import type { PluginStateCache } from "./state-cache.js";

export const PLUGIN_METADATA_KEY = "anjuPlugin";

interface ActionDef { service?: { metadata?: Record<string, unknown>; schema?: { metadata?: Record<string, unknown> } } }

export function pluginOfAction(action: ActionDef): string | undefined {
  const meta = action.service?.metadata ?? action.service?.schema?.metadata;
  const id = meta?.[PLUGIN_METADATA_KEY];
  return typeof id === "string" ? id : undefined;
}

export class InFlight {
  private readonly counts = new Map<string, number>();
  private readonly waiters = new Map<string, Array<() => void>>();

  enter(id: string): void { this.counts.set(id, (this.counts.get(id) ?? 0) + 1); }

  leave(id: string): void {
    const n = (this.counts.get(id) ?? 1) - 1;
    this.counts.set(id, n);
    if (n === 0) for (const w of this.waiters.get(id)?.splice(0) ?? []) w();
  }

  count(id: string): number { return this.counts.get(id) ?? 0; }

  /** Resolves when no call of the plugin runs, or after `timeoutMs`. */
  drain(id: string, timeoutMs: number): Promise<boolean> {
    if (this.count(id) === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      const list = this.waiters.get(id) ?? [];
      list.push(() => { clearTimeout(timer); resolve(true); });
      this.waiters.set(id, list);
    });
  }
}

export interface GateState { cache: PluginStateCache; inflight: InFlight }

/** `state` is read per call: the broker (and its middlewares) exist before the database does. */
export function pluginGateMiddleware(state: () => GateState): Middleware {
  return {
    name: "AnjuPluginGate",
    localAction(next: (ctx: Context) => Promise<unknown>, action: ActionDef) {
      const pluginId = pluginOfAction(action);
      if (!pluginId) return next;
      // Not `async` (one promise layer less per call); refusals still come back as rejected
      // promises, never as a synchronous throw out of `broker.call`.
      return function pluginGate(ctx: Context) {
        let inflight: InFlight;
        try {
          const s = state();
          inflight = s.inflight;
          const rc = getRequestContext(ctx);
          if (!rc) throw KernelErrors.UNAUTHENTICATED();
          // The system principal acting for no jurisdiction (CLI, migrations, demo seeding) passes.
          if (rc.jurisdiction !== null && !s.cache.isEnabled(pluginId, rc.jurisdiction)) {
            throw KernelErrors.PLUGIN_NOT_ENABLED({ id: pluginId, jurisdiction: rc.jurisdiction });
          }
        } catch (err) {
          return Promise.reject(err);
        }
        inflight.enter(pluginId);
        let result: Promise<unknown>;
        try {
          result = next(ctx);
        } catch (err) {
          inflight.leave(pluginId);
          return Promise.reject(err);
        }
        return Promise.resolve(result).then(
          (value) => { inflight.leave(pluginId); return value; },
          (err: unknown) => { inflight.leave(pluginId); throw err; },
        );
      };
    },
  } as unknown as Middleware;
}
