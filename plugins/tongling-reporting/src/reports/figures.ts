/**
 * The report's progress figures (T4 report content), filled by the server from the registry at
 * the county: communities by class, completed this month, completed in total, completion rate.
 * The author cannot type them: they are recomputed whenever the draft is saved and at the
 * moment of submission, so what the city reads is what the registry showed then.
 */
import type { ServiceBroker } from "moleculer";
import { completionOf, progressOf } from "../progress.js";

export interface ProgressFigures {
  communities: { total: number; old: number; nonOld: number; new: number };
  builtThisMonth: number;
  cumulative: number;
  completionPercent: number;
}

export async function progressFigures(broker: ServiceBroker, county: string, period: string): Promise<ProgressFigures> {
  const { communities } = await progressOf(broker, county);
  const c = completionOf(communities, period);
  return {
    communities: { total: c.total, old: c.byClass.old, nonOld: c.byClass["non-old"], new: c.byClass.new },
    builtThisMonth: c.builtThisMonth,
    cumulative: c.complete,
    completionPercent: c.percent,
  };
}
