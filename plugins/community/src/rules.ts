/**
 * The regulation rules this plugin enforces itself, as pure functions (the services call them;
 * tests name the rule ids).
 */
import type { CommunityClass, CommunitySettings, CredentialType, FacilityType } from "./constants.js";
import { CREDENTIAL_TYPES } from "./constants.js";
import { CommunityErrors } from "./errors.js";

/**
 * T1: the class of a community. Given explicitly it is kept ("new" is only ever explicit: a
 * recently delivered community), except "old" for a community built at or after the threshold,
 * which contradicts the rule. Not given, it follows from the build year.
 */
export function communityClassOf(given: CommunityClass | undefined, buildYear: number | null | undefined, settings: Pick<CommunitySettings, "oldBuiltBefore">): CommunityClass {
  const threshold = settings.oldBuiltBefore;
  if (given) {
    if (given === "old" && buildYear != null && buildYear >= threshold) {
      throw CommunityErrors.COMMUNITY_CLASS_CONFLICT({ rule: "T1", buildYear, threshold });
    }
    return given;
  }
  if (buildYear == null) throw CommunityErrors.COMMUNITY_CLASS_REQUIRED({ rule: "T1" });
  return buildYear < threshold ? "old" : "non-old";
}

/** H1: a named custodian (管护单位) and maintainer (维护单位), when the jurisdiction requires them. */
export function checkCustodian(record: { custodian?: string | null; maintainer?: string | null }, settings: Pick<CommunitySettings, "requireCustodian">): void {
  if (!settings.requireCustodian) return;
  const missing = (["custodian", "maintainer"] as const).filter((f) => !record[f]);
  if (missing.length) throw CommunityErrors.COMMUNITY_CUSTODIAN_REQUIRED({ rule: "H1", missing });
}

/** K1: the facility type must be one this jurisdiction registers. */
export function checkFacilityType(type: FacilityType, settings: Pick<CommunitySettings, "facilityTypes">): void {
  if (!settings.facilityTypes.includes(type)) {
    throw CommunityErrors.COMMUNITY_FACILITY_TYPE_NOT_ALLOWED({ rule: "K1", type, allowed: settings.facilityTypes.join(", ") });
  }
}

/** Credentials in canonical order, stored as `face,card` (CREDENTIAL_TYPES order): equal sets compare equal (T3 queries). */
export function encodeCredentials(list: readonly CredentialType[]): string {
  return [...new Set(list)].sort((a, b) => CREDENTIAL_TYPES.indexOf(a) - CREDENTIAL_TYPES.indexOf(b)).join(",");
}

export function decodeCredentials(stored: string): CredentialType[] {
  return stored ? (stored.split(",") as CredentialType[]) : [];
}
