/**
 * `yiyang-fire-safety.readings.*`: Y2 readings summaries (数据汇总).
 *
 * Community side: every five minutes, each complete hour's readings are summarised per device
 * and enqueued for the county once (alarms/readings.ts), for the jurisdictions where the plugin
 * is enabled, by the plugin's clock.
 *
 * County side: the projection of received summaries (alarms/county-readings.ts) and their list
 * for the caller's subtree, by community, device and period.
 */
import type { Context, ServiceBroker, ServiceSchema } from "moleculer";
import { hostOf, requireJurisdiction } from "@anju/kernel";
import { YiyangServices } from "../actions.js";
import { action } from "../access.js";
import { nowOf } from "../clock.js";
import { PLUGIN_ID, Permissions as P } from "../constants.js";
import { YiyangErrors } from "../errors.js";
import { code, instant, object, paging, text } from "../schema.js";
import { systemTransaction } from "../alarms/db.js";
import { registerCountyReadingsProjection, toCountySummary } from "../alarms/county-readings.js";
import { sweepReadings, type ReadingsSweepResult } from "../alarms/readings.js";
import { sweepLifecycle } from "./sweep-lifecycle.js";

const SWEEP_MS = 5 * 60_000;

function enabledAt(broker: ServiceBroker, jurisdiction: string): boolean {
  try {
    return hostOf(broker).plugins.cache.isEnabled(PLUGIN_ID, jurisdiction);
  } catch {
    return false;
  }
}

/** Y2: summarise the complete hours not done yet (48 hours back at most) and enqueue each device-hour once. */
export function sweepReadingSummaries(broker: ServiceBroker): Promise<ReadingsSweepResult> {
  return sweepReadings(hostOf(broker).ds, (j) => enabledAt(broker, j), nowOf(broker).getTime());
}

interface CountyParams { page: number; pageSize: number; communityCode?: string; deviceCode?: string; from?: string; to?: string }

export const readingsService: ServiceSchema = {
  name: YiyangServices.readings,
  actions: {
    /** County node: hourly readings summaries the communities sent (Y2), newest hour first; `from`/`to` bound the hour's start. */
    county: action(P.alarmRead, {
      params: object({ ...paging, communityCode: code, deviceCode: text(64), from: instant, to: instant }),
      async handler(ctx: Context<CountyParams>) {
        const { page, pageSize, communityCode, deviceCode } = ctx.params;
        const from = ctx.params.from === undefined ? undefined : Date.parse(ctx.params.from);
        const to = ctx.params.to === undefined ? undefined : Date.parse(ctx.params.to);
        if (from !== undefined && to !== undefined && to < from) throw YiyangErrors.YIYANG_RANGE_INVALID({ from: ctx.params.from, to: ctx.params.to });
        const node = await hostOf(ctx.broker).jurisdictions.get(requireJurisdiction(ctx));
        const filters: Array<[string, unknown]> = [["community_code = ?", communityCode], ["device_code = ?", deviceCode], ["hour_start >= ?", from], ["hour_start <= ?", to]];
        const present = filters.filter(([, v]) => v !== undefined);
        const where = ["jurisdiction_code IN (SELECT code FROM anju_jurisdiction WHERE path LIKE ?)", ...present.map(([c]) => c)].join(" AND ");
        const params = [`${node.path}%`, ...present.map(([, v]) => v)];
        const ds = hostOf(ctx.broker).ds;
        const [count, rows] = await systemTransaction(ds, "yiyang: county readings", async (qr) => [
          (await qr.query(`SELECT COUNT(*) AS n FROM \`yiyang_county_reading_summary\` WHERE ${where}`, params)) as Array<{ n: unknown }>,
          (await qr.query(`SELECT * FROM \`yiyang_county_reading_summary\` WHERE ${where} ORDER BY hour_start DESC, device_code, resource, id
            LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`, params)) as Array<Record<string, unknown>>,
        ] as const);
        return { items: rows.map(toCountySummary), total: Number(count[0]?.n ?? 0), page, pageSize };
      },
    }),
  },
  // Y2: hourly readings summaries; the county side projects them into yiyang_county_reading_summary.
  ...sweepLifecycle("readings summary", SWEEP_MS, sweepReadingSummaries, registerCountyReadingsProjection),
};
