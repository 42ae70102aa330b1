/**
 * @anju/plugin-yiyang-fire-safety — 弋阳县 "平安智慧小区" (七府办字[2021]63号): construction
 * progress against Yiyang's standard and enhanced standard (Y3/Y4 items), the county's targets
 * of 50% by the end of 2021 and 100% by the end of 2022 (Y6) and at least 10% of old-community
 * renovations enhanced (Y5), and resident services (Y7): fire early-warning notices and
 * rental-housing registration. Builds on the community registry; the device profiles, alarm
 * handling (Y3) and the upward link (Y1/Y2) come with the device platform.
 */
import { definePlugin } from "@anju/kernel";
import { seedDemo } from "./demo.js";
import { YIYANG_ENTITIES } from "./entities/index.js";
import { createFireSafety } from "./migrations/20261205090000-create-fire-safety.js";
import { createAlarmHandling } from "./migrations/20261206090000-alarm-handling.js";
import { createAccessUplink } from "./migrations/20261207090000-access-uplink.js";
import { createReadingsSummary } from "./migrations/20261208090000-readings-summary.js";
import { YIYANG_ROUTES } from "./routes.js";
import { YIYANG_SERVICES } from "./services/index.js";

export default definePlugin({
  services: YIYANG_SERVICES,
  entities: YIYANG_ENTITIES,
  migrations: [createFireSafety, createAlarmHandling, createAccessUplink, createReadingsSummary],
  routes: YIYANG_ROUTES,
  demo: seedDemo,
});

export { YiyangActions, YiyangAudit, YiyangServices } from "./actions.js";
export {
  BUILT_LEVELS, COMMUNITY_STATUSES, NOTICE_LEVELS, NOTICE_STATUSES, PLUGIN_ID, Permissions, REQUIRED_LEVELS, SETTINGS_DEFAULTS,
  STANDARD_ITEMS, TARGET_STATUSES,
} from "./constants.js";
export type { BuiltLevel, Milestone, NoticeLevel, RequiredLevel, StandardItem, TargetStatus, YiyangSettings } from "./constants.js";
export { YiyangErrors } from "./errors.js";
export type { YiyangErrorCode } from "./errors.js";
/** Tests and the demo fix a node's clock: server time decides which target is in force. */
export { setClock } from "./clock.js";
/** Y2: enqueue for the county what has no uplink marker yet (runs every minute on its own). */
export { sweepUplink } from "./services/alarms.service.js";
/** Y2/Y4: access events after the cursor, pending intrusion raises and unsent authorisation revisions (every minute on its own). */
export { sweepAccess } from "./services/access.service.js";
/** Y2: hourly readings summaries per device for the county (every five minutes on its own). */
export { sweepReadingSummaries } from "./services/readings.service.js";
export { projectCountyReadings } from "./alarms/county-readings.js";
/** Y2 county side for authorisations and access events. */
export { projectCountyAccess } from "./alarms/county-access.js";
/** Y2 county side: `onRecords` for @anju/uplink's InboxConsumer, storing received alarms in yiyang_county_alarm. */
export { projectCountyAlarms } from "./alarms/county.js";
export { standingOf } from "./targets.js";
export { evaluateCommunity, DECLARABLE_ITEMS } from "./standard.js";
