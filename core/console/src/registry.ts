/**
 * What the broker's registry knows about an action: the permission it declares (read by the
 * RBAC slot) and its params schema. The nav uses both to hide pages the caller cannot use and
 * to tell the console which filters and paging the action accepts.
 */
import type { ServiceBroker } from "moleculer";
import { isJsonSchema } from "@anju/kernel";

export interface ActionInfo {
  permission: string | null;
  params: Record<string, unknown> | null;
}

interface Listed { name: string; action?: { permission?: unknown; params?: unknown } }

export function actionIndex(broker: ServiceBroker): Map<string, ActionInfo> {
  const list = broker.registry.getActionList({ onlyLocal: false, skipInternal: true, withEndpoints: false }) as Listed[];
  const out = new Map<string, ActionInfo>();
  for (const item of list) {
    const permission = item.action?.permission;
    const params = item.action?.params;
    out.set(item.name, {
      permission: typeof permission === "string" && permission ? permission : null,
      params: isJsonSchema(params) ? (params as Record<string, unknown>) : null,
    });
  }
  return out;
}
