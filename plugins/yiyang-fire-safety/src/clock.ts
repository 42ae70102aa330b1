/**
 * Server time decides which target is in force (Y5/Y6) and whether a notice is still valid
 * (Y7), never the client. Tests and the demo fix the clock of one node. The clock hangs on the
 * broker under a global symbol, so every copy of this module (the host's dynamic import and a
 * test's static one) sees the same clock.
 */
import type { ServiceBroker } from "moleculer";

const CLOCK = Symbol.for("anju.yiyang-fire-safety.clock");
/** China has kept UTC+08:00 without daylight saving since 1991: a fixed offset is exact. */
export const CHINA_OFFSET_MS = 8 * 3600_000;

type Clock = () => Date;
type WithClock = ServiceBroker & { [CLOCK]?: Clock };

/** Fix this node's clock (`null` returns it to the system clock). */
export function setClock(broker: ServiceBroker, clock: Clock | null): void {
  const b = broker as WithClock;
  if (clock) b[CLOCK] = clock;
  else delete b[CLOCK];
}

export function nowOf(broker: ServiceBroker): Date {
  return (broker as WithClock)[CLOCK]?.() ?? new Date();
}

export function clockOf(broker: ServiceBroker): Clock | null {
  return (broker as WithClock)[CLOCK] ?? null;
}

/** The Beijing calendar date of an instant, `YYYY-MM-DD`. */
export function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}
