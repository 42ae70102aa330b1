/**
 * Where plugins hand the county their `onRecords` projections. The county node's consumer is
 * started by the host (uplinkModule), not by a plugin, so a plugin registers what it wants of
 * the records — by kind — and the consumer calls every registration inside the inbox's
 * transaction: a failing projection rolls the batch back and it is delivered again.
 *
 *   const off = registerUplinkHandler(hostOf(broker), ["alarm-raised"], project);  // service started()
 *   off();                                                                          // service stopped()
 */
import type { EntityManager } from "typeorm";
import type { StoredRecord } from "./inbox.js";

export type UplinkHandler = (tx: EntityManager, records: StoredRecord[]) => Promise<void>;

interface Registration { kinds: Set<string> | null; handler: UplinkHandler }

const registry = new WeakMap<object, Registration[]>();

/**
 * Register `handler` for records of `kinds` (`"*"` for all) on this host. Returns the function
 * that removes it (a plugin disabled or reloaded must not leave its projection behind).
 */
export function registerUplinkHandler(host: object, kinds: string | string[], handler: UplinkHandler): () => void {
  const list = registry.get(host) ?? [];
  registry.set(host, list);
  const wanted = [kinds].flat();
  const reg: Registration = { kinds: wanted.includes("*") ? null : new Set(wanted), handler };
  list.push(reg);
  return () => {
    const at = list.indexOf(reg);
    if (at >= 0) list.splice(at, 1);
  };
}

/** The `onRecords` the host's consumer uses: each registration gets the records of its kinds, in order. */
export function dispatchTo(host: object): UplinkHandler {
  return async (tx, records) => {
    for (const reg of [...(registry.get(host) ?? [])]) {
      const mine = reg.kinds ? records.filter((r) => reg.kinds!.has(r.kind)) : records;
      if (mine.length) await reg.handler(tx, mine);
    }
  };
}

/** How many handlers a host has (the status route shows it: a county without any stores but projects nothing). */
export function handlerCount(host: object): number {
  return registry.get(host)?.length ?? 0;
}
