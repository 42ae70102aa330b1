/**
 * The community registry's vocabularies. Each list is the single source for the params
 * schemas, the settings schema in package.json and the locale files (a test checks all three
 * agree), so adding a value is one edit here plus its labels.
 */

export const PLUGIN_ID = "community";

/** T1 (Tongling §二): old = built by end of 2000 and in the renovation plan; non-old = 2001 on; new. */
export const COMMUNITY_CLASSES = ["old", "non-old", "new"] as const;
export type CommunityClass = (typeof COMMUNITY_CLASSES)[number];

/** K1 (Yingkou art. 7): the nine facility systems of a residential area. */
export const FACILITY_TYPES = [
  "physical-protection",
  "perimeter-electronic",
  "video-surveillance",
  "electronic-patrol",
  "parking-management",
  "entrance-control",
  "building-intercom",
  "household-alarm",
  "monitoring-centre",
] as const;
export type FacilityType = (typeof FACILITY_TYPES)[number];

/**
 * A facility's life: `pending` until accepted (K5: nothing is used before acceptance), then
 * in service, faulty, under repair, or stopped (H3 forbids stopping; the O&M plugin alarms on it).
 */
export const FACILITY_STATUSES = ["pending", "normal", "fault", "repairing", "stopped"] as const;
export type FacilityStatus = (typeof FACILITY_STATUSES)[number];

/** What an access point may accept. T3: face alone is not enough (residents must have a choice). */
export const CREDENTIAL_TYPES = ["face", "card", "id-card", "qr", "password", "plate"] as const;
export type CredentialType = (typeof CREDENTIAL_TYPES)[number];

/** Where an access point sits; T2 names gates/barriers at entrances and unit-entrance doors. */
export const ACCESS_POINT_KINDS = ["pedestrian-gate", "vehicle-barrier", "unit-door", "garage", "other"] as const;
export type AccessPointKind = (typeof ACCESS_POINT_KINDS)[number];

/** A device's link state as last reported (drivers update it; H3 alarms on offline). */
export const ONLINE_STATES = ["online", "offline", "unknown"] as const;
export type OnlineState = (typeof ONLINE_STATES)[number];

/** Who an authorisation (住户授权) is for, and its state; revoked is final. */
export const AUTHORISATION_SUBJECTS = ["person", "vehicle"] as const;
export type AuthorisationSubject = (typeof AUTHORISATION_SUBJECTS)[number];
export const AUTHORISATION_STATUSES = ["active", "revoked"] as const;
export type AuthorisationStatus = (typeof AUTHORISATION_STATUSES)[number];

/** An access event (通行记录): a passage through a gate, or a capture (snapshot) without one. */
export const ACCESS_EVENT_KINDS = ["passage", "capture"] as const;
export type AccessEventKind = (typeof ACCESS_EVENT_KINDS)[number];
export const ACCESS_DIRECTIONS = ["in", "out"] as const;
export type AccessDirection = (typeof ACCESS_DIRECTIONS)[number];
/** How the gate was opened: a credential, remotely from the guard room, or not at all. */
export const ACCESS_METHODS = [...CREDENTIAL_TYPES, "remote", "none"] as const;
export type AccessMethod = (typeof ACCESS_METHODS)[number];
/** granted/denied by the controller, opened by hand (manual), or forced open (Y4 intrusion). */
export const ACCESS_OUTCOMES = ["granted", "denied", "manual", "forced"] as const;
export type AccessOutcome = (typeof ACCESS_OUTCOMES)[number];

/** One ingestion call carries at most this many events (one transaction). */
export const MAX_ACCESS_BATCH = 500;
/** `accessEvents.since` answers at most this many rows. */
export const MAX_SINCE_LIMIT = 1000;

/** Permission codes this plugin declares (manifest `permissions`). */
export const CommunityPermissions = {
  read: "community:read",
  manage: "community:manage",
  /** The access-control platform's integration account posts access events. */
  accessRecord: "community:access-record",
  /** Read access events (通行记录). */
  accessRead: "community:access-read",
  /** Read resident authorisations (masked). */
  authorisationRead: "community:authorisation-read",
  /** Grant, change and revoke resident authorisations (the property company). */
  authorisationManage: "community:authorisation-manage",
} as const;
const P = CommunityPermissions;

/**
 * Roles mapped to permissions for a host without an RBAC module (this plugin's own unit tests):
 * the manifest's roles, plus the host's interim roles. With RBAC, the manifest alone decides.
 */
export const ROLE_PERMISSIONS: Record<string, string[]> = {
  "system-admin": [P.read, P.manage, P.accessRecord, P.accessRead, P.authorisationRead, P.authorisationManage],
  "jurisdiction-admin": [P.read, P.manage, P.accessRead, P.authorisationRead],
  viewer: [P.read],
  "property-operator": [P.read, P.manage, P.accessRead, P.authorisationRead, P.authorisationManage],
  "community-police": [P.read, P.accessRead, P.authorisationRead],
  "access-platform": [P.accessRecord],
};

/** Defaults of the plugin settings (mirrored in package.json `anju.settings.schema`). */
export const SETTINGS_DEFAULTS = {
  /** T1: a community built before this year is "old" (built by end of 2000 → 2001). */
  oldBuiltBefore: 2001,
  /** H1: a named custodian and maintainer are required. */
  requireCustodian: true,
  /** K1: facility types this jurisdiction registers. */
  facilityTypes: [...FACILITY_TYPES] as FacilityType[],
};
export type CommunitySettings = typeof SETTINGS_DEFAULTS;

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
