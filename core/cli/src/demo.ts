/**
 * Demo data for the embedded default's first start: a small piece of Anhui (安徽省) with Hefei
 * (合肥市) and Tongling (铜陵市), one district and one street in each, then whatever each
 * installed plugin seeds in its `demo` hook (the community plugin adds communities with
 * buildings, facilities and devices under the streets).
 *
 * Auto-installed plugins are enabled at the root jurisdictions when they are installed, but on
 * a fresh database no jurisdiction exists yet at that moment, so seeding enables them at the
 * demo root itself before the plugins' demo hooks run (the hooks call gated actions). City
 * plugins (DEMO_CITY_PLUGINS) are installed and enabled at their own city instead: Tongling's
 * reporting rules in 铜陵市, not across Anhui. On SQLite this adds about 2 s to the first start.
 */
import { systemContext, type AnjuHost } from "@anju/kernel";
import { DEMO_CITY_PLUGINS, DEMO_DRIVER_PLUGINS, DEMO_JURISDICTIONS, DEMO_ROOT } from "./demo-data.js";

export { DEMO_CITY_PLUGINS, DEMO_DRIVER_PLUGINS, DEMO_JURISDICTIONS, DEMO_ROOT };

export interface DemoReport {
  /** False when the database already had jurisdictions (demo data is for first starts only). */
  seeded: boolean;
  jurisdictions: string[];
  /** Plugins enabled at the demo root by the seeding. */
  enabled: string[];
  /** City plugins installed and enabled at their demo city (e.g. tongling-reporting at 340700). */
  cities: Array<{ plugin: string; city: string }>;
  /** Plugins whose demo hook ran. */
  plugins: string[];
  /** Sample driver plugins installed for the demo devices (DEMO_DRIVER_PLUGINS that the node offers). */
  drivers: string[];
}

/** Should this start seed demo data? Embedded profile, demo.seed on, and an empty tree. */
export async function wantsDemo(host: AnjuHost): Promise<boolean> {
  if (host.config.profile !== "embedded" || !host.config.demo.seed) return false;
  return (await host.jurisdictions.list()).length === 0;
}

export async function seedDemo(host: AnjuHost): Promise<DemoReport> {
  const jurisdictions: string[] = [];
  for (const j of DEMO_JURISDICTIONS) {
    await host.jurisdictions.add(j);
    jurisdictions.push(j.code);
  }
  const installed = new Set((await host.plugins.list()).filter((p) => p.state === "installed").map((p) => p.id));
  const enabled: string[] = [];
  for (const id of host.config.plugins.autoInstall) {
    if (!installed.has(id)) continue;
    const result = await host.plugins.enable(id, DEMO_ROOT);
    enabled.push(...result.enabled.filter((x) => !enabled.includes(x)));
  }
  const cities: DemoReport["cities"] = [];
  for (const { plugin, city } of DEMO_CITY_PLUGINS) {
    const entry = (await host.plugins.list()).find((p) => p.id === plugin);
    if (!entry || entry.state === "failed" || !jurisdictions.includes(city)) continue;
    if (entry.state !== "installed") await host.plugins.install(plugin);
    await host.plugins.enable(plugin, city);
    cities.push({ plugin, city });
  }
  // Drivers before the plugins' demo hooks, which register devices of their profiles.
  const drivers: string[] = [];
  for (const id of DEMO_DRIVER_PLUGINS) {
    const entry = (await host.plugins.list()).find((p) => p.id === id);
    if (!entry || entry.state === "failed") continue;
    if (entry.state !== "installed") await host.plugins.install(id);
    drivers.push(id);
  }
  const plugins = await host.plugins.runDemos((action, params, jurisdiction) => host.call(action, params, systemContext(jurisdiction)));
  return { seeded: true, jurisdictions, enabled, cities, plugins, drivers };
}
