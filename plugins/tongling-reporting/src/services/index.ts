import type { ServiceSchema } from "moleculer";
import { attestationsService } from "./attestations.service.js";
import { boardService } from "./board.service.js";
import { findingsService } from "./findings.service.js";
import { notificationsService } from "./notifications.service.js";
import { progressService } from "./progress.service.js";
import { reportsService } from "./reports.service.js";
import { schedulerService } from "./scheduler.service.js";

export const TONGLING_SERVICES: ServiceSchema[] = [
  reportsService, progressService, attestationsService, findingsService, boardService, notificationsService, schedulerService,
];
