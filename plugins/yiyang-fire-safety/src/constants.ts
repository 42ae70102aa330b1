/**
 * The Yiyang plugin's vocabularies and defaults (弋阳县 七府办字[2021]63号). Each list here is the
 * single source for params schemas, the manifest's settings schema and the locale files; the
 * manifest test checks they agree.
 */

export const PLUGIN_ID = "yiyang-fire-safety";

/**
 * What a community must have, item by item (Y3 smart fire safety, Y4 technical protection).
 * The document names the items but defers their detail to 《上饶市平安智慧小区建设指导标准》,
 * so which items make "standard" and which "enhanced" is a setting (see SETTINGS_DEFAULTS).
 */
export const STANDARD_ITEMS = [
  // Y4: perimeter by a physical or a video fence (四(一)一).
  "perimeter",
  // Y4: video covers entrances, main roads, squares and public areas (四(一)一).
  "video-coverage",
  // Y4: smart access control — main entrances (closed) or unit doors (open) (四(一)三).
  "access-control",
  // Y4: face and licence-plate capture at the main entrances (四(一), and what Y2 aggregates).
  "entrance-capture",
  // Y4: household and public-area alarms (四(一)四).
  "household-alarm",
  // Y3: independent smart smoke detectors in homes and street shops (四(一)五).
  "smoke-detectors",
  // Y3: smart electricity monitors in homes and street shops (四(一)五).
  "electricity-monitors",
  // Y3: smart water-pressure sensors on existing fire facilities (四(一)五).
  "water-pressure-sensors",
  // Y3: user information transmission device (用户信息传输装置) on existing fire facilities (四(一)五).
  "transmission-device",
  // Y4: elevator IoT remote-monitoring terminals (四(一)四).
  "elevator-terminals",
] as const;
export type StandardItem = (typeof STANDARD_ITEMS)[number];

/** A community's standing: built to the enhanced standard, to the standard, or neither. */
export const BUILT_LEVELS = ["enhanced", "standard", "none"] as const;
export type BuiltLevel = (typeof BUILT_LEVELS)[number];

/** What a community must reach: new communities the enhanced standard (四(二)), the others the standard. */
export const REQUIRED_LEVELS = ["enhanced", "standard"] as const;
export type RequiredLevel = (typeof REQUIRED_LEVELS)[number];

/**
 * A share against its targets on a date. `not-due`: no target date has passed and the next is
 * not met yet; `on-target`: every passed target (and, if none passed, the next) is met;
 * `off-target`: a target date has passed and the share is below it — the console shows it red.
 */
export const TARGET_STATUSES = ["on-target", "not-due", "off-target"] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];

/** A community's row on the dashboard: `overdue` once the last target date (100%) has passed without it. */
export const COMMUNITY_STATUSES = ["built", "pending", "overdue"] as const;
export type CommunityStatus = (typeof COMMUNITY_STATUSES)[number];

/** Y7 fire early-warning notices. */
export const NOTICE_LEVELS = ["info", "warning", "urgent"] as const;
export type NoticeLevel = (typeof NOTICE_LEVELS)[number];
export const NOTICE_STATUSES = ["active", "expired", "withdrawn"] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

/**
 * Y3 alarm handling (早发现、早研判、早处置): an alarm is acknowledged, someone is dispatched,
 * the on-site result is recorded, then it is closed — in this order, each step once.
 */
export const HANDLING_STAGES = ["new", "acknowledged", "dispatched", "resolved", "closed"] as const;
export type HandlingStage = (typeof HANDLING_STAGES)[number];
export const HANDLING_STEPS = ["acknowledge", "dispatch", "result", "close"] as const;
export type HandlingStep = (typeof HANDLING_STEPS)[number];
/** The stage a step starts from. */
export const STEP_FROM: Record<HandlingStep, HandlingStage> = { acknowledge: "new", dispatch: "acknowledged", result: "dispatched", close: "resolved" };
export const STEP_TO: Record<HandlingStep, HandlingStage> = { acknowledge: "acknowledged", dispatch: "dispatched", result: "resolved", close: "closed" };
/** What the people on site found. */
export const VERDICTS = ["real", "false-alarm"] as const;
export type Verdict = (typeof VERDICTS)[number];
export const SEVERITIES = ["info", "minor", "major", "critical"] as const;
/** The device platform's own status of the alarm (open until acknowledged or closed there). */
export const DEVICE_ALARM_STATUSES = ["open", "acknowledged", "escalated", "closed"] as const;

/** Kinds of what Yiyang sends to the county over the uplink (Y2). */
export const UplinkKinds = {
  alarmRaised: "yiyang-alarm-raised", alarmClosed: "yiyang-alarm-closed", device: "yiyang-device",
  authorisation: "yiyang-authorisation", accessEvent: "yiyang-access-event", readingsSummary: "yiyang-readings-summary",
} as const;

/**
 * Y4 intrusion rules raised from access events: a forced passage (major) and repeated denials of
 * unregistered credentials (minor — the contract's "warning"; the device platform's severities
 * are info/minor/major/critical).
 */
export const IntrusionRules = {
  intrusion: { ruleId: "intrusion", severity: "major", title: { "zh-CN": "非法闯入（强行通过）", en: "Intrusion (forced passage)" } },
  attempt: { ruleId: "intrusion-attempt", severity: "minor", title: { "zh-CN": "疑似外来人员/车辆闯入（未登记凭证多次被拒）", en: "Intrusion attempt (unregistered credential refused repeatedly)" } },
} as const;

export const Permissions = {
  progressRead: "yiyang-fire-safety.progress:read",
  declare: "yiyang-fire-safety.progress:declare",
  noticeRead: "yiyang-fire-safety.notice:read",
  noticePublish: "yiyang-fire-safety.notice:publish",
  rentalRead: "yiyang-fire-safety.rental:read",
  rentalManage: "yiyang-fire-safety.rental:manage",
  alarmRead: "yiyang-fire-safety.alarm:read",
  alarmHandle: "yiyang-fire-safety.alarm:handle",
  accessRead: "yiyang-fire-safety.access:read",
} as const;

const P = Permissions;

/**
 * Roles → permissions for a host without an RBAC module (this plugin's tests): the manifest's
 * roles, plus the host's interim roles. With RBAC, the manifest's grants alone decide.
 */
export const ROLE_PERMISSIONS: Record<string, string[]> = {
  "yiyang-county-official": [P.progressRead, P.noticeRead, P.rentalRead, P.alarmRead, P.accessRead],
  "yiyang-community-police": [P.progressRead, P.declare, P.noticeRead, P.noticePublish, P.rentalRead, P.rentalManage, P.alarmRead, P.alarmHandle, P.accessRead],
  "yiyang-property-operator": [P.progressRead, P.declare, P.noticeRead, P.noticePublish, P.rentalRead, P.rentalManage, P.alarmRead, P.alarmHandle],
  "yiyang-resident": [P.noticeRead],
  "system-admin": Object.values(P),
  "jurisdiction-admin": [P.progressRead, P.noticeRead, P.rentalRead, P.alarmRead, P.accessRead],
  viewer: [P.progressRead, P.noticeRead],
};

/** A target: at least `share` percent by the end of `date` (Beijing time). */
export interface Milestone { date: string; share: number }

export interface YiyangSettings {
  /** Y6: share of communities built to (their required) standard by each date. */
  milestones: Milestone[];
  /** Y5: at least this percent of old-community renovations are built to the enhanced standard… */
  enhancedOldShare: number;
  /** …by the end of this date (the two-year programme's end). */
  enhancedOldDue: string;
  /** Items that make "built to standard". */
  standard: StandardItem[];
  /** Items that make "enhanced" (the standard's items are required too). */
  enhanced: StandardItem[];
  /** Y4: this many denials of unregistered credentials at one access point… */
  intrusionAttempts: number;
  /** …within this many minutes raise an intrusion-attempt alarm. */
  intrusionWindowMinutes: number;
}

/** Mirrored in package.json `anju.settings.schema` (the manifest test compares them). */
export const SETTINGS_DEFAULTS: YiyangSettings = {
  // 五: 50% by the end of 2021, all by the end of 2022.
  milestones: [{ date: "2021-12-31", share: 50 }, { date: "2022-12-31", share: 100 }],
  // 四(一): 老旧小区改造建设中增强型小区建设比例不低于10%.
  enhancedOldShare: 10,
  enhancedOldDue: "2022-12-31",
  // 四(一) names fences, smart fire safety and entrance capture as what old communities build on.
  standard: ["perimeter", "video-coverage", "access-control", "smoke-detectors", "electricity-monitors"],
  // The rest of 四(一)'s list: alarms, fire-facility sensors and transmission, elevator terminals.
  enhanced: ["household-alarm", "water-pressure-sensors", "transmission-device", "elevator-terminals"],
  // 四(一)三 (outside vehicles and persons): three refusals of an unknown card, face or plate in five minutes.
  intrusionAttempts: 3,
  intrusionWindowMinutes: 5,
};

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
