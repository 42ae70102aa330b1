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

/** Permission codes this plugin declares (manifest `permissions`). */
export const CommunityPermissions = {
  read: "community:read",
  manage: "community:manage",
} as const;

/**
 * Roles mapped to permissions for a host without an RBAC module (this plugin's own unit tests):
 * the manifest's roles, plus the host's interim roles. With RBAC, the manifest alone decides.
 */
export const ROLE_PERMISSIONS: Record<string, string[]> = {
  "system-admin": [CommunityPermissions.read, CommunityPermissions.manage],
  "jurisdiction-admin": [CommunityPermissions.read, CommunityPermissions.manage],
  viewer: [CommunityPermissions.read],
  "property-operator": [CommunityPermissions.read, CommunityPermissions.manage],
  "community-police": [CommunityPermissions.read],
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
