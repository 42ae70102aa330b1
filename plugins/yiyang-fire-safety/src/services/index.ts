import type { ServiceSchema } from "moleculer";
import { accessService } from "./access.service.js";
import { alarmsService } from "./alarms.service.js";
import { declarationsService } from "./declarations.service.js";
import { noticesService } from "./notices.service.js";
import { progressService } from "./progress.service.js";
import { readingsService } from "./readings.service.js";
import { rentalsService } from "./rentals.service.js";

export const YIYANG_SERVICES: ServiceSchema[] = [progressService, declarationsService, noticesService, rentalsService, alarmsService, accessService, readingsService];
