/** The plugin's effective settings at a jurisdiction (schema defaults, then overrides from the root down). */
import type { ServiceBroker } from "moleculer";
import { hostOf } from "@anju/kernel";
import { PLUGIN_ID, SETTINGS_DEFAULTS, type YiyangSettings } from "./constants.js";

export async function settingsAt(broker: ServiceBroker, jurisdiction: string): Promise<YiyangSettings> {
  const { effective } = await hostOf(broker).plugins.settings(PLUGIN_ID, jurisdiction);
  return { ...SETTINGS_DEFAULTS, ...effective } as YiyangSettings;
}
