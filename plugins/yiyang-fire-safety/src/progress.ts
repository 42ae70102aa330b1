/**
 * The county dashboard's figures (Y5/Y6): every community of the caller's subtree evaluated
 * against Yiyang's standard (standard.ts), and per street and for the whole subtree the share
 * built now against the target in force on today's date (targets.ts). The targets and the item
 * lists are the settings in force at the caller's jurisdiction — the county sets them once for
 * all its streets.
 *
 * Y6 counts a community as built when it reaches the level it must (new communities: the
 * enhanced standard, 四(二)). Y5 counts old communities (the registry's class "old" is "built by
 * end of 2000 and in the renovation plan") built to the enhanced standard.
 */
import type { ServiceBroker } from "moleculer";
import { tenantRepository } from "@anju/data";
import { hostOf, type Jurisdiction } from "@anju/kernel";
import { readRegistry, type CommunityClass } from "@anju/plugin-community";
import { chinaDate, treeAround, type JurisdictionTree as Tree } from "@anju/sdk";
import { nowOf } from "./clock.js";
import { TARGET_STATUSES, type CommunityStatus, type TargetStatus, type YiyangSettings } from "./constants.js";
import { DeclarationEntity, type DeclarationRow } from "./entities/index.js";
import { deviceCounts } from "./device-counts.js";
import { settingsAt } from "./settings.js";
import { evaluateCommunity, type CommunityStanding } from "./standard.js";
import { finalDate, standingOf, type TargetStanding } from "./targets.js";

function groupBy<T>(rows: T[], key: (row: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const row of rows) {
    const k = key(row);
    if (!out.has(k)) out.set(k, []);
    out.get(k)!.push(row);
  }
  return out;
}

/** Active declarations in the subtree, newest first. */
async function activeDeclarations(broker: ServiceBroker, jurisdiction: string): Promise<DeclarationRow[]> {
  const repo = tenantRepository(hostOf(broker).ds, DeclarationEntity, { jurisdiction });
  const rows = await repo.find({ order: { declaredAt: "DESC", id: "DESC" } as never });
  return rows.filter((d) => d.revokedAt === null);
}

export interface Progress {
  /** Today's Beijing date: which targets are in force. */
  today: string;
  settings: YiyangSettings;
  tree: Tree;
  communities: CommunityStanding[];
}

export async function progressOf(broker: ServiceBroker, node: Jurisdiction): Promise<Progress> {
  const [registry, declarations, tree, settings, counts] = await Promise.all([
    readRegistry(broker, node.code), activeDeclarations(broker, node.code), treeAround(broker, node.code), settingsAt(broker, node.code),
    deviceCounts(broker, node.code),
  ]);
  const facilities = groupBy(registry.facilities, (f) => f.communityId);
  const devices = groupBy(registry.devices, (d) => d.communityId);
  const accessPoints = groupBy(registry.accessPoints, (a) => a.communityId);
  const declared = groupBy(declarations, (d) => d.communityId);
  const communities = registry.communities.map((community) => evaluateCommunity({
    community,
    facilities: facilities.get(community.id) ?? [],
    devices: devices.get(community.id) ?? [],
    accessPoints: accessPoints.get(community.id) ?? [],
    declarations: declared.get(community.id) ?? [],
    // Devices are registered at the community's own node (Y3/Y4 counted items).
    deviceCounts: counts === null ? null : counts.get(community.jurisdictionCode) ?? new Map(),
  }, settings));
  return { today: chinaDate(nowOf(broker)), settings, tree, communities };
}

/** A community's dashboard row: `overdue` once the last target date has passed without it built. */
export function communityRow(p: Progress, c: CommunityStanding) {
  const last = finalDate(p.settings.milestones);
  const status: CommunityStatus = c.built ? "built" : last && last < p.today ? "overdue" : "pending";
  return {
    communityId: c.communityId, name: c.name, streetCode: c.streetCode, streetName: p.tree.get(c.streetCode)?.name ?? c.streetCode,
    communityClass: c.communityClass, requiredLevel: c.requiredLevel, level: c.level, built: c.built, enhanced: c.enhanced,
    status, missing: c.missing, missingForEnhanced: c.missingForEnhanced, counted: c.counted, declared: c.declared, items: c.items,
  };
}

export interface AreaStanding {
  code: string;
  name: string;
  /** Y6: communities built to the level they must reach. */
  built: TargetStanding;
  /** Y5: old communities built to the enhanced standard. */
  enhancedOld: TargetStanding;
  byClass: Record<CommunityClass, number>;
}

export function areaStanding(p: Progress, code: string, name: string, communities: CommunityStanding[]): AreaStanding {
  const old = communities.filter((c) => c.communityClass === "old");
  const byClass: Record<CommunityClass, number> = { old: 0, "non-old": 0, new: 0 };
  for (const c of communities) byClass[c.communityClass] += 1;
  return {
    code, name, byClass,
    built: standingOf(communities.filter((c) => c.built).length, communities.length, p.settings.milestones, p.today),
    enhancedOld: standingOf(old.filter((c) => c.enhanced).length, old.length, [{ date: p.settings.enhancedOldDue, share: p.settings.enhancedOldShare }], p.today),
  };
}

/** One standing per street of the subtree that has communities (or the caller's own street). */
export function streetStandings(p: Progress, root: string): AreaStanding[] {
  const streets = p.tree.nodesAt(root, "street");
  const nodes = streets.length ? streets : [p.tree.ancestorAt(root, "street")].filter((s): s is Jurisdiction => !!s);
  return nodes
    .map((s) => areaStanding(p, s.code, s.name, p.communities.filter((c) => c.streetCode === s.code)))
    .filter((a) => a.built.whole > 0);
}

/** The street table's flat row (the console's table shows scalar columns). */
export function streetRow(a: AreaStanding) {
  return {
    streetCode: a.code, streetName: a.name, total: a.built.whole, built: a.built.part, builtPercent: a.built.percent,
    targetPercent: a.built.targetPercent, targetDate: a.built.targetDate, nextTargetPercent: a.built.nextTargetPercent,
    nextTargetDate: a.built.nextTargetDate, status: a.built.status,
    oldTotal: a.enhancedOld.whole, enhancedOld: a.enhancedOld.part, enhancedOldPercent: a.enhancedOld.percent,
    enhancedOldTargetPercent: a.enhancedOld.nextTargetPercent ?? a.enhancedOld.targetPercent, enhancedOldStatus: a.enhancedOld.status,
  };
}

export function countStatuses(statuses: TargetStatus[]): Record<TargetStatus, number> {
  const out = Object.fromEntries(TARGET_STATUSES.map((s) => [s, 0])) as Record<TargetStatus, number>;
  for (const s of statuses) out[s] += 1;
  return out;
}
