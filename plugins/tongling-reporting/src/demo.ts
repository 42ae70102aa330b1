/**
 * `demo(ctx)`: a couple of months of reports for 铜官区 340705 under 铜陵市 340700 (the CLI's demo
 * tree), through the plugin's own actions so the demo obeys the same rules as real use. The
 * month before last was filed on time and accepted; last month was filed, returned with
 * comments and filed again; this month has a draft. Each step runs on the node's clock set to
 * the day it would have happened (Beijing time), then the clock is given back. Idempotent: a
 * county that has reports is left alone. Without the forms module the reports stay drafts.
 */
import type { DemoContext } from "@anju/kernel";
import { hostOf } from "@anju/kernel";
import { TonglingActions as A } from "./actions.js";
import { clockOf, setClock } from "./clock.js";
import { PLUGIN_ID } from "./constants.js";
import { addMonths, CHINA_OFFSET_MS, periodOf } from "./period.js";
import { settingsAt } from "./settings.js";

export const DEMO_COUNTY = "340705";
export const DEMO_CITY = "340700";

const CONTACT = { name: "李军", phone: "0562-2682911" };

/** `day` of the month at `hour` o'clock, Beijing time. */
function at(period: string, day: number, hour: number): Date {
  return new Date(Date.parse(`${period}-${String(day).padStart(2, "0")}T${String(hour).padStart(2, "0")}:00:00Z`) - CHINA_OFFSET_MS);
}

export async function seedDemo(ctx: DemoContext): Promise<void> {
  const host = hostOf(ctx.broker);
  const county = await host.jurisdictions.find(DEMO_COUNTY);
  if (!county || !host.plugins.cache.isEnabled(PLUGIN_ID, DEMO_COUNTY)) return;
  const asCounty = <T = { id: number }>(action: string, params: Record<string, unknown>) => ctx.call<T>(action, params, DEMO_COUNTY);
  const asCity = (action: string, params: Record<string, unknown>) => ctx.call(action, params, DEMO_CITY);
  if ((await asCounty<{ total: number }>(A.reports.list, { pageSize: 1 })).total > 0) return;

  const previousClock = clockOf(ctx.broker);
  const realNow = previousClock?.() ?? new Date();
  const current = periodOf(realNow);
  const { startMonth } = await settingsAt(ctx.broker, DEMO_COUNTY);
  const on = async <T>(when: Date, step: () => Promise<T>): Promise<T> => {
    setClock(ctx.broker, () => when);
    try { return await step(); } finally { setClock(ctx.broker, previousClock); }
  };
  const tolerateNoForms = async (step: () => Promise<unknown>): Promise<boolean> => {
    try { await step(); return true; } catch (err) {
      if ((err as { type?: string }).type !== "TONGLING_FORMS_UNAVAILABLE") throw err;
      host.logger.warn("铜陵月报演示：表单服务不可用，报告保留为草稿 / Tongling demo: no forms service, reports stay drafts");
      return false;
    }
  };

  const older = addMonths(current, -2);
  if (older >= startMonth) {
    const r = await on(at(older, 18, 10), () => asCounty(A.reports.create, {
      period: older, problems: "部分老旧小区周界防护设施施工进度滞后。", nextSteps: "督促施工单位按期完成周界电子防护建设。", contact: CONTACT,
    }));
    if (await tolerateNoForms(() => on(at(older, 20, 16), () => asCounty(A.reports.submit, { id: r.id })))) {
      await on(at(older, 22, 9), () => asCity(A.reports.accept, { id: r.id, comment: "已阅。" }));
    }
  }
  const last = addMonths(current, -1);
  if (last >= startMonth) {
    const r = await on(at(last, 20, 10), () => asCounty(A.reports.create, {
      period: last, problems: "铜官山新村3号楼1单元门禁仅支持人脸识别。", nextSteps: "增加门禁卡、身份证开门方式。", contact: CONTACT,
    }));
    if (await tolerateNoForms(() => on(at(last, 23, 15), () => asCounty(A.reports.submit, { id: r.id })))) {
      await on(at(last, 24, 9), () => asCity(A.reports.return, { id: r.id, comment: "请补充老旧小区改造计划的完成时间。" }));
      await on(at(last, 24, 17), () => asCounty(A.reports.update, { id: r.id, nextSteps: "增加门禁卡、身份证开门方式；老旧小区改造计划于年底前完成。" }));
      await on(at(last, 24, 18), () => asCounty(A.reports.submit, { id: r.id }));
    }
  }
  if (current >= startMonth) {
    await asCounty(A.reports.create, { period: current, problems: "（草稿）", contact: CONTACT });
  }
}
