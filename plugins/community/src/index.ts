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
import { COMMUNITY_ROUTES } from "./routes.js";
import { COMMUNITY_SERVICES } from "./services/index.js";

export default definePlugin({
  services: COMMUNITY_SERVICES,
  entities: COMMUNITY_ENTITIES,
  migrations: [createRegistry, encryptContactPhones],
  routes: COMMUNITY_ROUTES,
  demo: seedDemo,
});

// What other plugins import: action names, vocabularies, error codes, row types.
export { CommunityActions, CommunityServices } from "./actions.js";
export {
  ACCESS_POINT_KINDS, COMMUNITY_CLASSES, CREDENTIAL_TYPES, FACILITY_STATUSES, FACILITY_TYPES, ONLINE_STATES,
  CommunityPermissions, PLUGIN_ID, SETTINGS_DEFAULTS,
} from "./constants.js";
export type { AccessPointKind, CommunityClass, CommunitySettings, CredentialType, FacilityStatus, FacilityType, OnlineState } from "./constants.js";
export { CommunityErrors } from "./errors.js";
export type { CommunityErrorCode } from "./errors.js";
export type { AccessPointRow, BuildingRow, CommunityRow, DeviceRow, FacilityRow, UnitRow } from "./entities/index.js";
export type { AccessPoint } from "./services/access-points.service.js";
export type { Page } from "./services/helpers.js";
