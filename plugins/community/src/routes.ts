/**
 * REST routes, served by the gateway under `/api/community`. Path parameters arrive as params
 * (`:communityId` → `communityId`), coerced to integers by the params schema.
 */
import type { PluginRoute } from "@anju/kernel";
import { CommunityActions as A } from "./actions.js";

type Crud = { list: string; get: string; create: string; update: string; remove: string };

/** list/create on the collection, get/update/remove on `/:id`. */
function resource(path: string, actions: Crud): PluginRoute[] {
  return [
    { method: "GET", path, action: actions.list },
    { method: "POST", path, action: actions.create },
    { method: "GET", path: `${path}/:id`, action: actions.get },
    { method: "PATCH", path: `${path}/:id`, action: actions.update },
    { method: "DELETE", path: `${path}/:id`, action: actions.remove },
  ];
}

export const COMMUNITY_ROUTES: PluginRoute[] = [
  { method: "GET", path: "/stats", action: A.stats },
  ...resource("/communities", A.communities),
  ...resource("/buildings", A.buildings),
  ...resource("/units", A.units),
  ...resource("/facilities", A.facilities),
  ...resource("/devices", A.devices),
  ...resource("/access-points", A.accessPoints),
  { method: "PUT", path: "/access-points/:id/credentials", action: A.accessPoints.setCredentials },
  // Device placements (building / unit of a registered device).
  { method: "GET", path: "/placements", action: A.placements.list },
  { method: "POST", path: "/placements", action: A.placements.set },
  { method: "PUT", path: "/placements/:deviceCode", action: A.placements.set },
  { method: "DELETE", path: "/placements/:deviceCode", action: A.placements.remove },
  // Resident authorisations.
  { method: "GET", path: "/authorisations", action: A.authorisations.list },
  { method: "POST", path: "/authorisations", action: A.authorisations.grant },
  { method: "GET", path: "/authorisations/:id", action: A.authorisations.get },
  { method: "PATCH", path: "/authorisations/:id", action: A.authorisations.update },
  { method: "POST", path: "/authorisations/:id/revoke", action: A.authorisations.revoke },
  // Access events: the platform posts batches; fixed paths before `/:id`.
  { method: "GET", path: "/access-events", action: A.accessEvents.list },
  { method: "POST", path: "/access-events", action: A.accessEvents.record },
  { method: "GET", path: "/access-events/since", action: A.accessEvents.since },
  { method: "GET", path: "/access-events/:id", action: A.accessEvents.get },
  // Nested views of one community / building for the console's detail pages.
  { method: "GET", path: "/communities/:communityId/stats", action: A.stats },
  { method: "GET", path: "/communities/:communityId/buildings", action: A.buildings.list },
  { method: "POST", path: "/communities/:communityId/buildings", action: A.buildings.create },
  { method: "GET", path: "/communities/:communityId/facilities", action: A.facilities.list },
  { method: "GET", path: "/communities/:communityId/devices", action: A.devices.list },
  { method: "GET", path: "/communities/:communityId/access-points", action: A.accessPoints.list },
  { method: "GET", path: "/communities/:communityId/placements", action: A.placements.list },
  { method: "GET", path: "/communities/:communityId/authorisations", action: A.authorisations.list },
  { method: "GET", path: "/communities/:communityId/access-events", action: A.accessEvents.list },
  { method: "GET", path: "/buildings/:buildingId/units", action: A.units.list },
  { method: "POST", path: "/buildings/:buildingId/units", action: A.units.create },
];
