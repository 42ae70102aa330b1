/**
 * Keeps blind indexes in step with their values: before every insert and update of an entity
 * with PI fields, the index properties are recomputed from the plaintext being written, so a
 * plugin cannot forget them. Works for `save`, `insert` and query-builder updates (TypeORM
 * broadcasts the values object before it builds the SQL).
 */
import { EventSubscriber, type DataSource, type EntitySubscriberInterface, type InsertEvent, type UpdateEvent } from "typeorm";
import { piFieldSetOf } from "./pi-fields.js";

export class PiIndexSubscriber implements EntitySubscriberInterface {
  beforeInsert(event: InsertEvent<object>): void {
    const set = piFieldSetOf(event.metadata.name);
    if (set && event.entity) set.withIndexes(event.entity);
  }

  beforeUpdate(event: UpdateEvent<object>): void {
    const set = piFieldSetOf(event.metadata.name);
    if (set && event.entity) set.withIndexes(event.entity as object);
  }
}

// Registered by calling the decorator directly: esbuild does not compile decorator syntax here.
EventSubscriber()(PiIndexSubscriber);

/**
 * Attach the subscriber to a running DataSource. It goes into `options.subscribers` too:
 * loading a plugin rebuilds the DataSource's metadata, which re-creates subscribers from there.
 */
export function installPiSubscriber(ds: DataSource): void {
  const options = ds.options as { subscribers?: unknown[] };
  const listed = options.subscribers ?? [];
  if (!listed.includes(PiIndexSubscriber)) (ds.options as { subscribers?: unknown[] }).subscribers = [...listed, PiIndexSubscriber];
  if (!ds.subscribers.some((s) => s instanceof PiIndexSubscriber)) ds.subscribers.push(new PiIndexSubscriber());
}
