/** The plugin's effective settings at a jurisdiction (schema defaults, then overrides from the root down). */
import type { ServiceBroker } from "moleculer";
import { hostOf } from "@anju/kernel";
import { PLUGIN_ID, SETTINGS_DEFAULTS, type TonglingSettings } from "./constants.js";

export async function settingsAt(broker: ServiceBroker, jurisdiction: string): Promise<TonglingSettings> {
  const { effective } = await hostOf(broker).plugins.settings(PLUGIN_ID, jurisdiction);
  const merged = { ...SETTINGS_DEFAULTS, ...effective } as TonglingSettings;
  return { ...merged, checklist: { ...SETTINGS_DEFAULTS.checklist, ...merged.checklist } };
}

/** Settings per jurisdiction, read once per call (a rollup asks for many communities of few streets). */
export function settingsCache(broker: ServiceBroker): (jurisdiction: string) => Promise<TonglingSettings> {
  const seen = new Map<string, Promise<TonglingSettings>>();
  return (code) => {
    let found = seen.get(code);
    if (!found) { found = settingsAt(broker, code); seen.set(code, found); }
    return found;
  };
}
