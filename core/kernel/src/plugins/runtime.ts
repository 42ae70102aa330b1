/**
 * Running plugin code on this node: one Moleculer service per plugin service schema, tagged
 * with the plugin id for the gate, plus the plugin's entities registered with the DataSource.
 * Enabling for a jurisdiction never touches this: it is a row the gate reads.
 */
import type { Service, ServiceBroker, ServiceSchema } from "moleculer";
import type { DataSource, EntitySchema } from "typeorm";
import { PLUGIN_METADATA_KEY, type InFlight } from "./gate.js";
import type { PluginPackage } from "./manifest.js";
import type { PluginDefinition } from "./types.js";

export interface LoadedPlugin {
  pkg: PluginPackage;
  def: PluginDefinition;
  services: Service[];
}

/**
 * Add entity schemas to a live DataSource (rebuilds its metadata; tables come from migrations).
 * A schema with the name of one already registered replaces it: an upgrade's entity may have
 * new columns, and TypeORM finds a schema's metadata by name, so the old one must go.
 */
export async function registerEntities(ds: DataSource, entities: EntitySchema[]): Promise<void> {
  const current = (ds.options.entities ?? []) as EntitySchema[];
  const incoming = new Set(entities.map((e) => e.options.name));
  if (entities.every((e) => current.includes(e))) return;
  (ds.options as { entities: unknown[] }).entities = [...current.filter((e) => !incoming.has(e.options.name)), ...entities];
  // buildMetadatas is TypeORM's own (protected) step of initialize(); re-running it is how a
  // DataSource learns entities after start.
  await (ds as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
}

function tagged(schema: ServiceSchema, pluginId: string, version: string): ServiceSchema {
  return { ...schema, metadata: { ...(schema.metadata ?? {}), [PLUGIN_METADATA_KEY]: pluginId, anjuPluginVersion: version } };
}

export async function startPluginServices(broker: ServiceBroker, pkg: PluginPackage, def: PluginDefinition, timeoutMs: number): Promise<Service[]> {
  // Driver code runs in its own process (see loadPluginModule); a definition handed in from
  // elsewhere must not bring it onto the host's broker either.
  if (pkg.manifest.kind === "driver") return [];
  const services = (def.services ?? []).map((schema) => broker.createService(tagged(schema, pkg.manifest.id, pkg.manifest.version)));
  if (services.length && broker.started) {
    await broker.waitForServices(services.map((s) => s.name), timeoutMs, 10);
  }
  return services;
}

/** Stop a plugin's services after its in-flight calls finish (destroyService does not drain). */
export async function stopPluginServices(broker: ServiceBroker, loaded: LoadedPlugin, inflight: InFlight, drainMs: number): Promise<void> {
  await inflight.drain(loaded.pkg.manifest.id, drainMs);
  for (const svc of loaded.services) await broker.destroyService(svc);
}
