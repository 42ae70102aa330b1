/**
 * Reading the community registry through the community plugin's own actions. The caller's
 * permission for *this* plugin's action has been checked; the registry is then read as the
 * system principal **inside the caller's jurisdiction** — the community plugin's scoping still
 * limits every row to that subtree, and another jurisdiction's community answers 404.
 */
import type { ServiceBroker } from "moleculer";
import { hostOf, systemContext } from "@anju/kernel";
import { CommunityActions, type AccessPoint, type CommunityRow, type DeviceRow, type FacilityRow, type Page, type UnitRow } from "@anju/plugin-community";

const PAGE = 100;

export interface Registry {
  communities: CommunityRow[];
  facilities: FacilityRow[];
  devices: DeviceRow[];
  accessPoints: AccessPoint[];
}

function call<T>(broker: ServiceBroker, jurisdiction: string, action: string, params: Record<string, unknown>): Promise<T> {
  return hostOf(broker).call<T>(action, params, systemContext(jurisdiction));
}

export async function readAll<T>(broker: ServiceBroker, jurisdiction: string, action: string, filter: Record<string, unknown> = {}): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1; ; page++) {
    const got = await call<Page<T>>(broker, jurisdiction, action, { ...filter, page, pageSize: PAGE });
    out.push(...got.items);
    if (got.items.length < PAGE || out.length >= got.total) return out;
  }
}

/** One community by id, or the community plugin's 404 when it is outside the jurisdiction. */
export function communityById(broker: ServiceBroker, jurisdiction: string, id: number): Promise<CommunityRow> {
  return call<CommunityRow>(broker, jurisdiction, CommunityActions.communities.get, { id });
}

/** One unit by id, or 404 outside the jurisdiction. */
export function unitById(broker: ServiceBroker, jurisdiction: string, id: number): Promise<UnitRow> {
  return call<UnitRow>(broker, jurisdiction, CommunityActions.units.get, { id });
}

/** The registry of a jurisdiction's subtree. */
export async function readRegistry(broker: ServiceBroker, jurisdiction: string): Promise<Registry> {
  const [communities, facilities, devices, accessPoints] = await Promise.all([
    readAll<CommunityRow>(broker, jurisdiction, CommunityActions.communities.list),
    readAll<FacilityRow>(broker, jurisdiction, CommunityActions.facilities.list),
    readAll<DeviceRow>(broker, jurisdiction, CommunityActions.devices.list),
    readAll<AccessPoint>(broker, jurisdiction, CommunityActions.accessPoints.list),
  ]);
  return { communities, facilities, devices, accessPoints };
}
