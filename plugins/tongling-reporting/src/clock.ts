/**
 * Server time decides deadlines (T4), never the client. Tests and the demo fix the clock of one
 * node. The clock hangs on the broker under a global symbol, so every copy of this module (the
 * host's dynamic import and a test's static one) sees the same clock. A node on a fixed clock
 * does not run its scheduler on a timer: whoever fixed the clock ticks it.
 */
import type { ServiceBroker } from "moleculer";

const CLOCK = Symbol.for("anju.tongling-reporting.clock");

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

/** True when the node follows the system clock (its scheduler then ticks on a timer). */
export function usesSystemClock(broker: ServiceBroker): boolean {
  return !(broker as WithClock)[CLOCK];
}
