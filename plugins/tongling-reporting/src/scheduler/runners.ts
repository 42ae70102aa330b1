/**
 * What each job does when it runs. Reminders and overdue notices look at the report as it is
 * at run time: a county that has filed gets no reminder, and nothing is sent for a deadline
 * already passed (a reminder planned late is stale). The nightly job rechecks T3.
 */
import type { ServiceBroker } from "moleculer";
import { tenantRepository } from "@anju/data";
import { hostOf, type Jurisdiction } from "@anju/kernel";
import { recheckT3 } from "../compliance.js";
import { ReportEntity } from "../entities/index.js";
import { chinaDate, deadlineOf } from "../period.js";
import { settingsAt } from "../settings.js";
import type { JobRow } from "./jobs.js";
import { notify } from "./notify.js";

const FILED = new Set(["submitted", "accepted"]);
const DOC = "铜公通〔2021〕123号";

async function filed(broker: ServiceBroker, county: string, period: string): Promise<boolean> {
  const report = await tenantRepository(hostOf(broker).ds, ReportEntity, { jurisdiction: county }).findOneBy({ period });
  return !!report && FILED.has(report.status);
}

async function cityOf(broker: ServiceBroker, county: Jurisdiction): Promise<Jurisdiction | null> {
  const store = hostOf(broker).jurisdictions;
  for (let code = county.parentCode; code; ) {
    const node = await store.find(code);
    if (!node) return null;
    if (node.level === "city") return node;
    code = node.parentCode;
  }
  return null;
}

/** The last day to file, as people say it ("before the 25th" → the 24th). */
function lastDay(period: string, dueDay: number): string {
  return chinaDate(new Date(deadlineOf(period, dueDay).getTime() - 1));
}

async function reminder(broker: ServiceBroker, job: JobRow, now: Date): Promise<string> {
  const { dueDay } = await settingsAt(broker, job.jurisdiction);
  if (now >= deadlineOf(job.period, dueDay)) return "stale: deadline passed";
  if (await filed(broker, job.jurisdiction, job.period)) return "filed: no reminder";
  const county = await hostOf(broker).jurisdictions.get(job.jurisdiction);
  const day = lastDay(job.period, dueDay);
  const created = await notify(broker, {
    jurisdiction: county.code, audience: "reporter", kind: "reminder", period: job.period, countyCode: county.code, dedupeKey: `${job.key}:reporter`,
    title: { "zh-CN": `${job.period} 月度报告将于 ${day} 截止`, en: `The ${job.period} monthly report is due by ${day}` },
    body: {
      "zh-CN": `请${county.name}公安局于 ${day}（含）前向市公安局书面报告智慧安防小区建设进展（${DOC}，T4）。`,
      en: `${county.name} police bureau: report the progress of smart-safe community construction to the city bureau by ${day} (${DOC}, T4).`,
    },
  }, now);
  return created ? "reminded" : "already reminded";
}

async function overdue(broker: ServiceBroker, job: JobRow, now: Date): Promise<string> {
  const { dueDay } = await settingsAt(broker, job.jurisdiction);
  if (now < deadlineOf(job.period, dueDay)) return "not due";
  if (await filed(broker, job.jurisdiction, job.period)) return "filed";
  const county = await hostOf(broker).jurisdictions.get(job.jurisdiction);
  const day = lastDay(job.period, dueDay);
  const title = { "zh-CN": `${county.name} ${job.period} 月度报告逾期未报`, en: `${county.name}: the ${job.period} monthly report is overdue` };
  const body = {
    "zh-CN": `${county.name}公安局未在 ${day}（含）前报送 ${job.period} 智慧安防小区建设进展（${DOC}，T4）。`,
    en: `${county.name} police bureau did not file the ${job.period} progress report by ${day} (${DOC}, T4).`,
  };
  const base = { kind: "overdue" as const, period: job.period, countyCode: county.code, title, body };
  await notify(broker, { ...base, jurisdiction: county.code, audience: "reporter", dedupeKey: `${job.key}:reporter` }, now);
  const city = await cityOf(broker, county);
  if (city) await notify(broker, { ...base, jurisdiction: city.code, audience: "reviewer", dedupeKey: `${job.key}:reviewer` }, now);
  return city ? "overdue: county and city notified" : "overdue: county notified";
}

async function compliance(broker: ServiceBroker, job: JobRow, now: Date): Promise<string> {
  const r = await recheckT3(broker, job.jurisdiction, now);
  return `T3 opened ${r.opened}, resolved ${r.resolved}, open ${r.open}`;
}

export const RUNNERS: Record<JobRow["kind"], (broker: ServiceBroker, job: JobRow, now: Date) => Promise<string>> = { reminder, overdue, compliance };
