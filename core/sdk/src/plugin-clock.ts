/**
 * A plugin's server clock. Server time decides deadlines and validity, never the client; tests
 * and the demo fix the clock of one node. Each plugin gets its own clock (`pluginClock(id)`),
 * hung on the broker under the global symbol `anju.<id>.clock`, so every copy of the plugin's
 * module (the host's dynamic import and a test's static one) sees the same clock, and fixing
 * one plugin's clock leaves the others on theirs.
 */
import type { ServiceBroker } from "moleculer";

/** China has kept UTC+08:00 without daylight saving since 1991: a fixed offset is exact. */
export const CHINA_OFFSET_MS = 8 * 3600_000;

/** The Beijing calendar date of an instant, `YYYY-MM-DD`. */
export function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

export type Clock = () => Date;

export interface PluginClock {
  /** Fix this node's clock for the plugin (`null` returns it to the system clock). */
  setClock(broker: ServiceBroker, clock: Clock | null): void;
  /** The plugin's current time on this node. */
  nowOf(broker: ServiceBroker): Date;
  /** The fixed clock, or `null` on the system clock. */
  clockOf(broker: ServiceBroker): Clock | null;
  /** True when the node follows the system clock (a scheduler then ticks on a timer; on a fixed clock whoever fixed it ticks it). */
  usesSystemClock(broker: ServiceBroker): boolean;
}

export function pluginClock(pluginId: string): PluginClock {
  const key = Symbol.for(`anju.${pluginId}.clock`);
  type WithClock = ServiceBroker & { [k: symbol]: Clock | undefined };
  return {
    setClock(broker, clock) {
      const b = broker as WithClock;
      if (clock) b[key] = clock;
      else delete b[key];
    },
    nowOf: (broker) => (broker as WithClock)[key]?.() ?? new Date(),
    clockOf: (broker) => (broker as WithClock)[key] ?? null,
    usesSystemClock: (broker) => !(broker as WithClock)[key],
  };
}
