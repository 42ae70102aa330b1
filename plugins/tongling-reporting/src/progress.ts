/**
 * Construction progress of a jurisdiction's communities (T1/T2): the registry read once, each
 * community evaluated against its class's checklist (the settings in force at its street), and
 * completion rolled up per street, county and city with the change since last month.
 *
 * History comes from the dates the registry keeps (see checklist.ts): "complete by the end of a
 * month" means complete now with the last dated item satisfied before that month ended (no
 * dated item: complete in every month, never "completed this month"). A community counts from
 * its build year on. A facility that was built and has since been stopped is not complete in
 * any month — the registry keeps no history of states, and a report must not claim what is no
 * longer there.
 */
import type { ServiceBroker } from "moleculer";
import { tenantRepository } from "@anju/data";
import { hostOf, type Jurisdiction, type Level } from "@anju/kernel";
import { readRegistry, type CommunityClass } from "@anju/plugin-community";
import { treeAround, type JurisdictionTree as Tree } from "@anju/sdk";
import { evaluateCommunity, type CommunityProgress } from "./checklist.js";
import { AttestationEntity, type AttestationRow } from "./entities/index.js";
import { addMonths, monthEnd, monthStart } from "./period.js";
import { settingsCache } from "./settings.js";

/** Active attestations in the jurisdiction's subtree, newest first. */
async function activeAttestations(broker: ServiceBroker, jurisdiction: string, communityId?: number): Promise<AttestationRow[]> {
  const repo = tenantRepository(hostOf(broker).ds, AttestationEntity, { jurisdiction });
  const rows = await repo.find({ where: communityId === undefined ? {} : { communityId }, order: { attestedAt: "DESC", id: "DESC" } as never });
  return rows.filter((a) => a.revokedAt === null);
}

function groupBy<T>(rows: T[], key: (row: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const row of rows) {
    const k = key(row);
    if (!out.has(k)) out.set(k, []);
    out.get(k)!.push(row);
  }
  return out;
}

export interface ProgressResult { tree: Tree; communities: CommunityProgress[] }

/** Every community of the subtree (or one), evaluated. */
export async function progressOf(broker: ServiceBroker, jurisdiction: string, communityId?: number): Promise<ProgressResult> {
  const [registry, attestations, tree] = await Promise.all([
    readRegistry(broker, jurisdiction, communityId),
    activeAttestations(broker, jurisdiction, communityId),
    treeAround(broker, jurisdiction),
  ]);
  const facilities = groupBy(registry.facilities, (f) => f.communityId);
  const devices = groupBy(registry.devices, (d) => d.communityId);
  const accessPoints = groupBy(registry.accessPoints, (a) => a.communityId);
  const attested = groupBy(attestations, (a) => a.communityId);
  const settings = settingsCache(broker);
  const communities: CommunityProgress[] = [];
  for (const community of registry.communities) {
    const { checklist } = await settings(community.streetCode);
    communities.push(evaluateCommunity({
      community,
      facilities: facilities.get(community.id) ?? [],
      devices: devices.get(community.id) ?? [],
      accessPoints: accessPoints.get(community.id) ?? [],
      attestations: attested.get(community.id) ?? [],
    }, checklist));
  }
  return { tree, communities };
}

/** Existed in the month (built that year or earlier) / complete by the month's end / completed within it. */
export const existedBy = (c: CommunityProgress, period: string) => c.buildYear === null || c.buildYear <= Number(period.slice(0, 4));
export const completeBy = (c: CommunityProgress, period: string) => c.complete && (!c.completedAt || c.completedAt < monthEnd(period));
export const completedIn = (c: CommunityProgress, period: string) => completeBy(c, period) && !!c.completedAt && c.completedAt >= monthStart(period);

export const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10);

export interface Completion {
  total: number;
  complete: number;
  percent: number;
  builtThisMonth: number;
  previousPercent: number;
  /** Percentage points since the end of the previous month. */
  change: number;
  byClass: Record<CommunityClass, number>;
}

export function completionOf(communities: CommunityProgress[], period: string): Completion {
  const previous = addMonths(period, -1);
  const now = communities.filter((c) => existedBy(c, period));
  const before = communities.filter((c) => existedBy(c, previous));
  const complete = now.filter((c) => completeBy(c, period)).length;
  const p = percent(complete, now.length);
  const previousPercent = percent(before.filter((c) => completeBy(c, previous)).length, before.length);
  const byClass: Record<CommunityClass, number> = { old: 0, "non-old": 0, new: 0 };
  for (const c of now) byClass[c.communityClass] += 1;
  return {
    total: now.length, complete, percent: p, builtThisMonth: now.filter((c) => completedIn(c, period)).length,
    previousPercent, change: Math.round((p - previousPercent) * 10) / 10, byClass,
  };
}

export interface AreaCompletion extends Completion { code: string; name: string; level: Level }

/** Completion per node of `level` in the subtree (street, county or city), from the communities under each. */
export function rollup(result: ProgressResult, root: string, level: Level, period: string): AreaCompletion[] {
  const areas: Jurisdiction[] = result.tree.nodesAt(root, level);
  const fallback = result.tree.ancestorAt(root, level);
  // A caller below the level (a county asking for its city) gets the one area it sits in, limited to its own data.
  const nodes = areas.length ? areas : fallback ? [fallback] : [];
  return nodes.map((area) => {
    const under = result.communities.filter((c) => (result.tree.get(c.jurisdictionCode)?.path ?? "").startsWith(area.path));
    return { code: area.code, name: area.name, level: area.level, ...completionOf(under, period) };
  });
}
