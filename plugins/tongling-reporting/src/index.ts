/**
 * @anju/plugin-tongling-reporting — Tongling's smart-safe community rules (铜公通〔2021〕123号):
 * construction progress against the checklist of each community class (T1/T2), no forced face
 * recognition at access points (T3), and the county bureaus' monthly reports to the city bureau
 * before the 25th, with review, reminders and the city board (T4), read by housing and civil
 * affairs (T5). Builds on the community registry.
 */
import { definePlugin } from "@anju/kernel";
import { seedDemo } from "./demo.js";
import { TONGLING_ENTITIES } from "./entities/index.js";
import { createReporting } from "./migrations/20261201090000-create-reporting.js";
import { TONGLING_ROUTES } from "./routes.js";
import { TONGLING_SERVICES } from "./services/index.js";

export default definePlugin({
  services: TONGLING_SERVICES,
  entities: TONGLING_ENTITIES,
  migrations: [createReporting],
  routes: TONGLING_ROUTES,
  demo: seedDemo,
});

export { TonglingActions, TonglingAudit, TonglingServices } from "./actions.js";
export {
  AUDIENCES, BOARD_STATUSES, CHECKLIST_ITEMS, FINDING_STATUSES, MANDATORY_NEW_ITEMS, NOTIFICATION_KINDS, PLUGIN_ID, Permissions,
  REPORT_FORM_KEY, REPORT_STATUSES, SETTINGS_DEFAULTS, TIMELINESS,
} from "./constants.js";
export type { BoardStatus, ChecklistItem, ItemStatus, ReportStatus, Timeliness, TonglingSettings } from "./constants.js";
export { TonglingErrors } from "./errors.js";
export type { TonglingErrorCode } from "./errors.js";
/** Tests and the demo fix a node's clock: server time decides deadlines. */
export { setClock } from "./clock.js";
export { deadlineOf, isOnTime, periodOf } from "./period.js";
