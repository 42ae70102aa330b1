import { defineTenantEntity } from "@anju/data";
import type { HandlingStage, Verdict } from "../constants.js";
import { idColumn, varchar } from "./columns.js";

/**
 * Y3: how one device alarm was handled here — acknowledged, who was sent, what they found,
 * closed — each with its time and user. Its jurisdiction is the alarm's (the device's community
 * node), so another community's record is "not found". Times are epoch ms (the device platform's
 * alarm times are, and the statistics subtract them).
 */
export interface HandlingRow {
  id: number;
  jurisdictionCode: string;
  alarmId: string;
  deviceCode: string;
  ruleId: string;
  severity: string;
  titleZh: string;
  titleEn: string;
  /** The device platform's status of the alarm (open/acknowledged/escalated/closed). */
  alarmStatus: string;
  stage: HandlingStage;
  raisedAt: number;
  clearedAt: number | null;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  dispatchedAt: number | null;
  dispatchedBy: string | null;
  dispatchedTo: string | null;
  resultAt: number | null;
  resultBy: string | null;
  resultText: string | null;
  verdict: Verdict | null;
  hazardRemoved: boolean | null;
  closedAt: number | null;
  closedBy: string | null;
}

const ms = (name: string, nullable = true) => ({ name, type: "bigint", nullable }) as const;

export const HandlingEntity = defineTenantEntity<HandlingRow>({
  name: "YiyangAlarmHandling",
  tableName: "yiyang_alarm_handling",
  columns: {
    id: idColumn,
    alarmId: varchar(64, "alarm_id"),
    deviceCode: varchar(64, "device_code"),
    ruleId: varchar(64, "rule_id"),
    severity: varchar(16),
    titleZh: varchar(200, "title_zh"),
    titleEn: varchar(200, "title_en"),
    alarmStatus: varchar(16, "alarm_status"),
    stage: varchar(16),
    raisedAt: ms("raised_at", false),
    clearedAt: ms("cleared_at"),
    acknowledgedAt: ms("acknowledged_at"),
    acknowledgedBy: varchar(64, "acknowledged_by", true),
    dispatchedAt: ms("dispatched_at"),
    dispatchedBy: varchar(64, "dispatched_by", true),
    dispatchedTo: varchar(200, "dispatched_to", true),
    resultAt: ms("result_at"),
    resultBy: varchar(64, "result_by", true),
    resultText: varchar(500, "result_text", true),
    verdict: varchar(16, undefined, true),
    hazardRemoved: { name: "hazard_removed", type: "boolean", nullable: true },
    closedAt: ms("closed_at"),
    closedBy: varchar(64, "closed_by", true),
  },
});
