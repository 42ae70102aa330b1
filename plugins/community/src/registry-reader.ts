/**
 * Reading the community registry from another plugin, through this plugin's own actions. The
 * caller's permission for *its* plugin's action has been checked; the registry is then read as
 * the system principal **inside the caller's jurisdiction** — this plugin's scoping still limits
 * every row to that subtree, and another jurisdiction's community or unit answers 404. (A plugin
 * role cannot carry another plugin's permission, and a nested call always carries the caller's
 * context.)
 */
import type { ServiceBroker } from "moleculer";
import { hostOf, systemContext } from "@anju/kernel";
import { CommunityActions } from "./actions.js";
import type { CommunityRow, DeviceRow, FacilityRow, UnitRow } from "./entities/index.js";
import type { AccessPoint } from "./services/access-points.service.js";
import type { Page } from "./services/helpers.js";

const PAGE = 100;

/** The registry of a jurisdiction's subtree (or of one community). */
export interface Registry {
  communities: CommunityRow[];
  facilities: FacilityRow[];
  devices: DeviceRow[];
  accessPoints: AccessPoint[];
}

function call<T>(broker: ServiceBroker, jurisdiction: string, action: string, params: Record<string, unknown>): Promise<T> {
  return hostOf(broker).call<T>(action, params, systemContext(jurisdiction));
}

/** Every row of a community list action in the jurisdiction, page by page. */
export async function readAll<T>(broker: ServiceBroker, jurisdiction: string, action: string, filter: Record<string, unknown> = {}): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1; ; page++) {
    const got = await call<Page<T>>(broker, jurisdiction, action, { ...filter, page, pageSize: PAGE });
    out.push(...got.items);
    if (got.items.length < PAGE || out.length >= got.total) return out;
  }
}

/** One community by id, or COMMUNITY_NOT_FOUND (404) when it is outside the jurisdiction. */
export function communityById(broker: ServiceBroker, jurisdiction: string, id: number): Promise<CommunityRow> {
  return call<CommunityRow>(broker, jurisdiction, CommunityActions.communities.get, { id });
}

/** One unit by id, or 404 outside the jurisdiction. */
export function unitById(broker: ServiceBroker, jurisdiction: string, id: number): Promise<UnitRow> {
  return call<UnitRow>(broker, jurisdiction, CommunityActions.units.get, { id });
}

/**
 * The registry of a jurisdiction's subtree, or of one community in it (`communityId`): that
 * community is read first, so one outside the jurisdiction answers its 404 before anything else.
 */
export async function readRegistry(broker: ServiceBroker, jurisdiction: string, communityId?: number): Promise<Registry> {
  const byCommunity = communityId === undefined ? {} : { communityId };
  const one = communityId === undefined ? undefined : await communityById(broker, jurisdiction, communityId);
  const [communities, facilities, devices, accessPoints] = await Promise.all([
    one ? [one] : readAll<CommunityRow>(broker, jurisdiction, CommunityActions.communities.list),
    readAll<FacilityRow>(broker, jurisdiction, CommunityActions.facilities.list, byCommunity),
    readAll<DeviceRow>(broker, jurisdiction, CommunityActions.devices.list, byCommunity),
    readAll<AccessPoint>(broker, jurisdiction, CommunityActions.accessPoints.list, byCommunity),
  ]);
  return { communities, facilities, devices, accessPoints };
}
