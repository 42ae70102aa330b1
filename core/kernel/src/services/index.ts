import type { ServiceSchema } from "moleculer";
import { jurisdictionsService } from "./jurisdictions.service.js";
import { pluginsService } from "./plugins.service.js";

export function hostServices(): ServiceSchema[] {
  return [jurisdictionsService, pluginsService];
}
