/**
 * Bringing privacy up on a node: load the keyring (env or key file under the data folder),
 * make its codec the active one for transformers, register the privacy entities and the
 * blind-index subscriber with the DataSource, and run the "@privacy" migrations.
 * The privacy service does this in its `started` hook, before plugins load.
 */
import type { DataSource, EntitySchema } from "typeorm";
import { runMigrations } from "@anju/data";
import { activePiCodec, PiCodec, setActivePiCodec } from "./crypto/codec.js";
import { loadKeyring } from "./crypto/keyring.js";
import { PRIVACY_ENTITIES } from "./entities.js";
import { installPiSubscriber } from "./fields/subscriber.js";
import { PRIVACY_MIGRATIONS } from "./migrations.js";

export const PRIVACY_MIGRATION_OWNER = "@privacy";

export interface PrivacyOptions {
  /** Key file path (default `<dataDir>/pi-keys.json`). */
  keyFile?: string;
  /** Environment for ANJU_PI_KEY / ANJU_PI_INDEX_KEY (default process.env). */
  env?: Record<string, string | undefined>;
}

export interface PrivacyHost { ds: DataSource; config: { dataDir: string } }

const codecs = new WeakMap<DataSource, PiCodec>();

/**
 * Add entity schemas to a live DataSource, as the kernel does for plugin entities (TypeORM's
 * own `buildMetadatas` step; schema changes come from migrations, never synchronize).
 */
async function addEntities(ds: DataSource, entities: EntitySchema[]): Promise<void> {
  const current = (ds.options.entities ?? []) as EntitySchema[];
  if (entities.every((e) => current.includes(e))) return;
  const names = new Set(entities.map((e) => e.options.name));
  (ds.options as { entities: unknown[] }).entities = [...current.filter((e) => !names.has(e.options.name)), ...entities];
  await (ds as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
}

export async function installPrivacy(host: PrivacyHost, options: PrivacyOptions = {}): Promise<PiCodec> {
  const codec = new PiCodec(loadKeyring({ dataDir: host.config.dataDir, keyFile: options.keyFile, env: options.env }));
  setActivePiCodec(codec);
  codecs.set(host.ds, codec);
  await addEntities(host.ds, PRIVACY_ENTITIES as EntitySchema[]);
  installPiSubscriber(host.ds);
  await runMigrations(host.ds, PRIVACY_MIGRATION_OWNER, PRIVACY_MIGRATIONS);
  return codec;
}

/** The codec loaded for this DataSource (falls back to the process's active one). */
export function codecOf(ds: DataSource): PiCodec {
  return codecs.get(ds) ?? activePiCodec();
}
