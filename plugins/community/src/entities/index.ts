export { CommunityEntity, CommunityPi, type CommunityRow } from "./community.entity.js";
export { BuildingEntity, type BuildingRow } from "./building.entity.js";
export { UnitEntity, type UnitRow } from "./unit.entity.js";
export { FacilityEntity, type FacilityRow } from "./facility.entity.js";
export { DeviceEntity, type DeviceRow } from "./device.entity.js";
export { AccessPointEntity, type AccessPointRow } from "./access-point.entity.js";
export { PlacementEntity, type PlacementRow } from "./placement.entity.js";
export { AuthorisationEntity, AuthorisationPi, type AuthorisationRow } from "./authorisation.entity.js";
export { AccessEventEntity, AccessEventPi, type AccessEventRow } from "./access-event.entity.js";

import { CommunityEntity } from "./community.entity.js";
import { BuildingEntity } from "./building.entity.js";
import { UnitEntity } from "./unit.entity.js";
import { FacilityEntity } from "./facility.entity.js";
import { DeviceEntity } from "./device.entity.js";
import { AccessPointEntity } from "./access-point.entity.js";
import { PlacementEntity } from "./placement.entity.js";
import { AuthorisationEntity } from "./authorisation.entity.js";
import { AccessEventEntity } from "./access-event.entity.js";

export const COMMUNITY_ENTITIES = [
  CommunityEntity, BuildingEntity, UnitEntity, FacilityEntity, DeviceEntity, AccessPointEntity, PlacementEntity, AuthorisationEntity, AccessEventEntity,
];
