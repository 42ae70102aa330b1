import type { ServiceSchema } from "moleculer";
import { accessEventsService } from "./access-events.service.js";
import { accessPointsService } from "./access-points.service.js";
import { authorisationsService } from "./authorisations.service.js";
import { buildingsService } from "./buildings.service.js";
import { communitiesService } from "./communities.service.js";
import { devicesService } from "./devices.service.js";
import { facilitiesService } from "./facilities.service.js";
import { placementsService } from "./placements.service.js";
import { summaryService } from "./summary.service.js";
import { unitsService } from "./units.service.js";

export const COMMUNITY_SERVICES: ServiceSchema[] = [
  summaryService, communitiesService, buildingsService, unitsService, facilitiesService, devicesService, accessPointsService,
  placementsService, authorisationsService, accessEventsService,
];
