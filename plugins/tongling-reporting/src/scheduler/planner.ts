/**
 * Which jobs exist for the current moment: for each county where the plugin is enabled, the
 * reminders and the overdue check of this month's report (and the overdue check of last month's,
 * in case the node was down at that deadline); for each reporting city, tonight's T3 recheck.
 * Planning is idempotent, so every node plans on every tick.
 */
import type { ServiceBroker } from "moleculer";
import { hostOf, type Jurisdiction } from "@anju/kernel";
import { PLUGIN_ID } from "../constants.js";
import { addMonths, chinaDate, CHINA_OFFSET_MS, deadlineOf, periodOf } from "../period.js";
import { settingsCache } from "../settings.js";
import type { PlannedJob } from "./jobs.js";

const DAY_MS = 24 * 3600_000;
/** The nightly T3 recheck runs at 02:00 Beijing time. */
const NIGHTLY_HOUR = 2;

export async function jobsFor(broker: ServiceBroker, now: Date): Promise<PlannedJob[]> {
  const host = hostOf(broker);
  const all = await host.jurisdictions.list();
  const byCode = new Map(all.map((j) => [j.code, j]));
  const enabled = (j: Jurisdiction) => host.plugins.cache.isEnabled(PLUGIN_ID, j.code);
  const counties = all.filter((j) => j.level === "county" && enabled(j));
  const settings = settingsCache(broker);
  const current = periodOf(now);
  const jobs: PlannedJob[] = [];
  const roots = new Set<string>();
  for (const county of counties) {
    const { startMonth, dueDay, reminderDays } = await settings(county.code);
    for (const period of [addMonths(current, -1), current]) {
      if (period < startMonth) continue;
      const deadline = deadlineOf(period, dueDay);
      jobs.push({ key: `overdue:${county.code}:${period}`, kind: "overdue", jurisdiction: county.code, period, dueAt: deadline });
      if (period !== current) continue;
      for (const days of reminderDays) {
        jobs.push({ key: `reminder:${county.code}:${period}:${days}`, kind: "reminder", jurisdiction: county.code, period, dueAt: new Date(deadline.getTime() - days * DAY_MS) });
      }
    }
    // T3 is checked per city (or per county where only the county uses the plugin).
    const city = county.parentCode ? byCode.get(county.parentCode) : undefined;
    roots.add(city && city.level === "city" && enabled(city) ? city.code : county.code);
  }
  const today = chinaDate(now);
  const nightly = new Date(Date.parse(`${today}T00:00:00Z`) - CHINA_OFFSET_MS + NIGHTLY_HOUR * 3600_000);
  for (const root of roots) jobs.push({ key: `compliance:${root}:${today}`, kind: "compliance", jurisdiction: root, period: today, dueAt: nightly });
  return jobs;
}
