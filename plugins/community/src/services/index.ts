import type { ServiceSchema } from "moleculer";
import { accessPointsService } from "./access-points.service.js";
import { buildingsService } from "./buildings.service.js";
import { communitiesService } from "./communities.service.js";
import { devicesService } from "./devices.service.js";
import { facilitiesService } from "./facilities.service.js";
import { summaryService } from "./summary.service.js";
import { unitsService } from "./units.service.js";

export const COMMUNITY_SERVICES: ServiceSchema[] = [
  summaryService, communitiesService, buildingsService, unitsService, facilitiesService, devicesService, accessPointsService,
];
