/**
 * The Tongling plugin's vocabularies and defaults (铜公通〔2021〕123号). Each list here is the
 * single source for params schemas, the manifest's settings schema and the locale files; the
 * manifest test checks they agree.
 */
import type { CommunityClass } from "@anju/plugin-community";

export const PLUGIN_ID = "tongling-reporting";

/** The default monthly-report form this plugin ships (forms/monthly-report.json). */
export const REPORT_FORM_KEY = "tongling-reporting.monthly-report";

/**
 * T2's required facilities, as checklist items. `people-vehicle-separation` is what §二(二)
 * asks for with "争取" (strive for), so it is the one item a city may drop for new communities.
 */
export const CHECKLIST_ITEMS = [
  "perimeter",
  "entrance-control",
  "people-vehicle-separation",
  "auto-authentication",
  "camera-coverage",
  "unit-door",
  "monitoring-centre",
  "sharp-eyes-link",
] as const;
export type ChecklistItem = (typeof CHECKLIST_ITEMS)[number];

/** T2 items every new community needs (the settings schema refuses a new-class list without them). */
export const MANDATORY_NEW_ITEMS: readonly ChecklistItem[] = CHECKLIST_ITEMS.filter((i) => i !== "people-vehicle-separation");

/** Where an item's status comes from: the registry, an attestation, or both. */
export type ItemStatus = "done" | "missing" | "attestation-required";

/** A report's life (T4): draft → submitted → accepted, or returned → (edited) → submitted again. */
export const REPORT_STATUSES = ["draft", "submitted", "accepted", "returned"] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const TIMELINESS = ["on-time", "late"] as const;
export type Timeliness = (typeof TIMELINESS)[number];

/** A county's standing for a month on the city board. `pending`: not filed, deadline not yet passed. */
export const BOARD_STATUSES = ["on-time", "late", "missing", "returned", "pending"] as const;
export type BoardStatus = (typeof BOARD_STATUSES)[number];

export const FINDING_STATUSES = ["open", "resolved"] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

export const NOTIFICATION_KINDS = ["reminder", "overdue"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Who a notification is for at its jurisdiction: the county's reporters or the city's reviewers. */
export const AUDIENCES = ["reporter", "reviewer"] as const;
export type Audience = (typeof AUDIENCES)[number];

export const Permissions = {
  reportRead: "tongling-reporting.report:read",
  reportSubmit: "tongling-reporting.report:submit",
  reportReview: "tongling-reporting.report:review",
  progressRead: "tongling-reporting.progress:read",
  attest: "tongling-reporting.progress:attest",
  findingRead: "tongling-reporting.finding:read",
  boardRead: "tongling-reporting.board:read",
  notificationRead: "tongling-reporting.notification:read",
} as const;

const P = Permissions;
const READ_ONLY = [P.reportRead, P.progressRead, P.findingRead, P.boardRead];

/**
 * Roles → permissions for a host without an RBAC module (this plugin's tests): the manifest's
 * roles, plus the host's interim roles. With RBAC, the manifest's grants alone decide.
 */
export const ROLE_PERMISSIONS: Record<string, string[]> = {
  "tongling-county-reporter": [P.reportRead, P.reportSubmit, P.progressRead, P.attest, P.findingRead, P.notificationRead],
  "tongling-city-reviewer": [P.reportRead, P.reportReview, P.progressRead, P.findingRead, P.boardRead, P.notificationRead],
  // T5: housing and civil affairs share the work and read along.
  "tongling-housing-viewer": READ_ONLY,
  "tongling-civil-affairs-viewer": READ_ONLY,
  "system-admin": Object.values(P),
  "jurisdiction-admin": READ_ONLY,
  viewer: READ_ONLY,
};

export interface TonglingSettings {
  /** T4: the first month a report is due (`YYYY-MM`, not before 2021-05). */
  startMonth: string;
  /** T4: reports are due before 00:00 (Asia/Shanghai) on this day; at most 25. */
  dueDay: number;
  /** Days before the deadline on which county reporters are reminded. */
  reminderDays: number[];
  /** Outbound gateway for SMS/mail; empty: in-app only. */
  webhookUrl: string;
  /** T1/T2: required checklist items per community class. */
  checklist: Record<CommunityClass, ChecklistItem[]>;
}

/** Mirrored in package.json `anju.settings.schema` (the manifest test compares them). */
export const SETTINGS_DEFAULTS: TonglingSettings = {
  startMonth: "2021-05",
  dueDay: 25,
  reminderDays: [3, 1],
  webhookUrl: "",
  checklist: {
    // §二(一): old communities build perimeter protection, video surveillance and residents' protection.
    old: ["perimeter", "camera-coverage", "unit-door"],
    // §二(一): non-old communities gradually complete perimeter sensing and the other protections.
    "non-old": ["perimeter", "entrance-control", "auto-authentication", "camera-coverage", "unit-door", "monitoring-centre"],
    // §二(二): the full list for new communities.
    new: [...CHECKLIST_ITEMS],
  },
};

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
/** How many months a trend covers at most. */
export const MAX_TREND_MONTHS = 24;
