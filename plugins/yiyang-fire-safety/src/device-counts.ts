/**
 * Registered devices counted by category (Y3/Y4), from the device platform's
 * `devices.registry.countByCategory`: one figure per community node and category, read as the
 * system inside the caller's jurisdiction (the platform limits it to that subtree).
 *
 * A node without the device platform (a management host, or a county node that only receives)
 * has no such action: the checklist then rests on declarations alone, and says so.
 */
import type { ServiceBroker } from "moleculer";
import { hostOf, systemContext } from "@anju/kernel";

/** The device platform's action (core/devices contract); by name, the plugin runs without importing its service. */
export const COUNT_BY_CATEGORY = "devices.registry.countByCategory";

export interface CategoryCount { total: number; online: number }

/** node code → category → count; null when this node has no device platform. */
export type DeviceCounts = Map<string, Map<string, CategoryCount>> | null;

interface CountRow { jurisdictionCode: string; category: string; total: number; online: number }

function isMissingAction(err: unknown): boolean {
  const e = err as { type?: string; code?: number; name?: string };
  return e.type === "SERVICE_NOT_FOUND" || e.type === "SERVICE_NOT_AVAILABLE" || e.name === "ServiceNotFoundError" || e.name === "ServiceNotAvailableError";
}

export async function deviceCounts(broker: ServiceBroker, jurisdiction: string): Promise<DeviceCounts> {
  let rows: CountRow[];
  try {
    rows = (await hostOf(broker).call<{ items: CountRow[] }>(COUNT_BY_CATEGORY, { jurisdiction }, systemContext(jurisdiction))).items;
  } catch (err) {
    if (isMissingAction(err)) return null;
    throw err;
  }
  const out = new Map<string, Map<string, CategoryCount>>();
  for (const r of rows) {
    const node = out.get(r.jurisdictionCode) ?? new Map<string, CategoryCount>();
    const had = node.get(r.category) ?? { total: 0, online: 0 };
    node.set(r.category, { total: had.total + Number(r.total), online: had.online + Number(r.online) });
    out.set(r.jurisdictionCode, node);
  }
  return out;
}
