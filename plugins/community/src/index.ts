/**
 * @anju/plugin-community — the base registry every other plugin builds on: communities (each a
 * community-level jurisdiction node), buildings and units, K1 facilities, devices, access points
 * and the credentials they accept.
 */
import { definePlugin } from "@anju/kernel";
import { seedDemo } from "./demo.js";
import { COMMUNITY_ENTITIES } from "./entities/index.js";
import { createRegistry } from "./migrations/20261122180000-create-registry.js";
import { encryptContactPhones } from "./migrations/20261122210000-encrypt-contact-phones.js";
import { accessControl } from "./migrations/20261210090000-access-control.js";
import { COMMUNITY_ROUTES } from "./routes.js";
import { COMMUNITY_SERVICES } from "./services/index.js";

export default definePlugin({
  services: COMMUNITY_SERVICES,
  entities: COMMUNITY_ENTITIES,
  migrations: [createRegistry, encryptContactPhones, accessControl],
  routes: COMMUNITY_ROUTES,
  demo: seedDemo,
});

// What other plugins import: action names, vocabularies, error codes, row types.
export { CommunityActions, CommunityAudit, CommunityEvents, CommunityServices } from "./actions.js";
export type { AccessRecordedEvent, AuthorisationChangedEvent } from "./actions.js";
export {
  ACCESS_DIRECTIONS, ACCESS_EVENT_KINDS, ACCESS_METHODS, ACCESS_OUTCOMES, ACCESS_POINT_KINDS, AUTHORISATION_STATUSES, AUTHORISATION_SUBJECTS,
  COMMUNITY_CLASSES, CREDENTIAL_TYPES, FACILITY_STATUSES, FACILITY_TYPES, MAX_ACCESS_BATCH, MAX_SINCE_LIMIT, ONLINE_STATES,
  CommunityPermissions, PLUGIN_ID, SETTINGS_DEFAULTS,
} from "./constants.js";
export type {
  AccessDirection, AccessEventKind, AccessMethod, AccessOutcome, AccessPointKind, AuthorisationStatus, AuthorisationSubject,
  CommunityClass, CommunitySettings, CredentialType, FacilityStatus, FacilityType, OnlineState,
} from "./constants.js";
export { CommunityErrors } from "./errors.js";
export type { CommunityErrorCode } from "./errors.js";
export type { AccessEventRow, AccessPointRow, AuthorisationRow, BuildingRow, CommunityRow, DeviceRow, FacilityRow, PlacementRow, UnitRow } from "./entities/index.js";
export type { AccessPoint } from "./services/access-points.service.js";
export type { AccessEvent } from "./services/access-events.service.js";
export type { AccessEventInput, RecordResult, Rejection } from "./services/access-ingest.js";
export type { Authorisation } from "./services/authorisations.service.js";
export type { Placement } from "./services/placements.service.js";
export type { Page } from "./services/helpers.js";
// Reading the registry from another plugin (as the system, inside the caller's jurisdiction).
export { communityById, readAll, readRegistry, unitById } from "./registry-reader.js";
export type { Registry } from "./registry-reader.js";
