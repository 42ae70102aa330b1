/**
 * The `started`/`stopped` pair the Yiyang services share: a periodic sweep (one run at a time
 * per service; a node with several hosts, as in tests, keeps one timer per service) and the
 * county projection registered on the host's uplink consumer while the service runs.
 */
import type { ServiceBroker } from "moleculer";
import { hostOf, type AnjuHost } from "@anju/kernel";

interface SweepState { sweepTimer?: NodeJS.Timeout; unregisterCounty?: () => void }

export function sweepLifecycle(what: string, everyMs: number, sweep: (broker: ServiceBroker) => Promise<unknown>, registerProjection: (host: AnjuHost) => () => void) {
  return {
    started(this: { broker: ServiceBroker }) {
      const broker = this.broker;
      let running = false;
      const run = () => {
        if (running) return;
        running = true;
        sweep(broker).catch((err: Error) => broker.logger.warn(`yiyang: ${what} failed: ${err.message}`)).finally(() => { running = false; });
      };
      const self = this as unknown as SweepState;
      self.sweepTimer = setInterval(run, everyMs);
      self.sweepTimer.unref();
      self.unregisterCounty = registerProjection(hostOf(broker));
    },
    stopped(this: unknown) {
      const self = this as SweepState;
      self.unregisterCounty?.();
      if (self.sweepTimer) clearInterval(self.sweepTimer);
      self.sweepTimer = undefined;
    },
  };
}
