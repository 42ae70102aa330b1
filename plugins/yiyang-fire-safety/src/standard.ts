/**
 * Yiyang's standard as pure functions (Y3/Y4): the status of each item in one community, from
 * the community registry (facilities, devices, access points) and from declarations where the
 * registry cannot tell, then the level the community is built to.
 *
 * The registry has no fire-safety facility type and its devices carry no kind, so the Y3 items
 * and the elevator terminals are declared (count and evidence) by the property company or the
 * community police. When the device platform's profiles (#7) count smoke detectors, electricity
 * monitors and the rest, those items move to the registry side here.
 */
import type { AccessPoint, AccessPointKind, CommunityRow, DeviceRow, FacilityRow, FacilityType } from "@anju/plugin-community";
import { STANDARD_ITEMS, type BuiltLevel, type RequiredLevel, type StandardItem, type YiyangSettings } from "./constants.js";
import type { DeclarationRow } from "./entities/index.js";

/** Facility states that count as built: `pending` is not accepted yet, `stopped` is not working. */
const BUILT = new Set(["normal", "fault", "repairing"]);
/** Y4 四(一)三: smart access at main entrances (closed communities) or unit doors (open ones). */
const ACCESS_KINDS: readonly AccessPointKind[] = ["pedestrian-gate", "vehicle-barrier", "unit-door"];
/** Y4 四(一): face and plate capture at the community's main entrances. */
const CAPTURE_KINDS: readonly AccessPointKind[] = ["pedestrian-gate", "vehicle-barrier", "garage"];

export interface CommunityRecords {
  community: CommunityRow;
  facilities: FacilityRow[];
  devices: DeviceRow[];
  accessPoints: AccessPoint[];
  /** Active (not revoked) declarations, newest first. */
  declarations: DeclarationRow[];
}

interface RegistryCheck { ok: boolean; evidence: string[] }

export interface ItemDefinition {
  item: StandardItem;
  rule: "Y3" | "Y4";
  /** The registry's part (absent: the declaration alone decides). */
  registry?: (r: CommunityRecords) => RegistryCheck;
  /** What a declaration states beyond the registry (absent: the registry decides alone). */
  declaration?: { "zh-CN": string; en: string };
}

const built = (r: CommunityRecords, ...types: FacilityType[]) => r.facilities.filter((f) => types.includes(f.type) && BUILT.has(f.status));
const facilities = (r: CommunityRecords, ...types: FacilityType[]): RegistryCheck => {
  const rows = built(r, ...types);
  return { ok: rows.length > 0, evidence: rows.map((f) => `facility:${f.id}`) };
};

const declared = (zh: string, en: string) => ({ "zh-CN": zh, en });

export const ITEM_DEFINITIONS: Record<StandardItem, ItemDefinition> = {
  // A physical fence or a video fence (perimeter-electronic covers video fences).
  perimeter: { item: "perimeter", rule: "Y4", registry: (r) => facilities(r, "physical-protection", "perimeter-electronic") },
  "video-coverage": {
    item: "video-coverage",
    rule: "Y4",
    registry: (r) => {
      const video = built(r, "video-surveillance");
      const ids = new Set(video.map((f) => f.id));
      const cameras = r.devices.filter((d) => d.facilityId !== null && ids.has(d.facilityId));
      return { ok: video.length > 0 && cameras.length > 0, evidence: [...video.map((f) => `facility:${f.id}`), ...cameras.map((d) => `device:${d.id}`)] };
    },
    // Which places the cameras see is not in the registry.
    declaration: declared("视频监控覆盖小区出入口、主要道路、广场和公共区域，无盲区", "Cameras cover the entrances, main roads, squares and public areas, without blind spots"),
  },
  "access-control": {
    item: "access-control",
    rule: "Y4",
    registry: (r) => {
      const points = r.accessPoints.filter((a) => ACCESS_KINDS.includes(a.kind));
      return { ok: points.length > 0, evidence: points.map((a) => `accessPoint:${a.id}`) };
    },
  },
  "entrance-capture": {
    item: "entrance-capture",
    rule: "Y4",
    // An entrance point that reads faces or plates is where the captures come from.
    registry: (r) => {
      const points = r.accessPoints.filter((a) => CAPTURE_KINDS.includes(a.kind) && a.credentials.some((c) => c === "face" || c === "plate"));
      return { ok: points.length > 0, evidence: points.map((a) => `accessPoint:${a.id}`) };
    },
  },
  "household-alarm": { item: "household-alarm", rule: "Y4", registry: (r) => facilities(r, "household-alarm") },
  "smoke-detectors": { item: "smoke-detectors", rule: "Y3", declaration: declared("居民户和沿街店铺安装独立式智能感烟探测器", "Independent smart smoke detectors in homes and street shops") },
  "electricity-monitors": { item: "electricity-monitors", rule: "Y3", declaration: declared("居民户和沿街店铺安装智慧用电装置", "Smart electricity monitors in homes and street shops") },
  "water-pressure-sensors": { item: "water-pressure-sensors", rule: "Y3", declaration: declared("已有消防设施安装智能水压监测装置", "Smart water-pressure sensors on the existing fire facilities") },
  "transmission-device": { item: "transmission-device", rule: "Y3", declaration: declared("已有消防设施安装用户信息传输装置", "A user information transmission device on the existing fire facilities") },
  "elevator-terminals": { item: "elevator-terminals", rule: "Y4", declaration: declared("电梯安装物联网远程监控终端", "IoT remote-monitoring terminals in the elevators") },
};

/** Items a declaration can (or must) support. */
export const DECLARABLE_ITEMS: readonly StandardItem[] = STANDARD_ITEMS.filter((i) => ITEM_DEFINITIONS[i].declaration);

export interface ItemResult {
  item: StandardItem;
  done: boolean;
  evidence: string[];
  declarationId: number | null;
  quantity: number | null;
}

export function evaluateItem(item: StandardItem, r: CommunityRecords): ItemResult {
  const def = ITEM_DEFINITIONS[item];
  const reg = def.registry?.(r) ?? { ok: true, evidence: [] };
  const none = { item, evidence: reg.evidence, declarationId: null, quantity: null };
  if (!reg.ok) return { ...none, done: false };
  if (!def.declaration) return { ...none, done: true };
  const d = r.declarations.find((x) => x.item === item);
  if (!d || d.quantity < 1) return { ...none, done: false };
  return { item, done: true, evidence: [...reg.evidence, `declaration:${d.id}`], declarationId: d.id, quantity: d.quantity };
}

/** 四(二): new communities are designed and built to the enhanced standard; the others to the standard. */
export function requiredLevelOf(community: Pick<CommunityRow, "communityClass">): RequiredLevel {
  return community.communityClass === "new" ? "enhanced" : "standard";
}

export interface CommunityStanding {
  communityId: number;
  name: string;
  jurisdictionCode: string;
  streetCode: string;
  communityClass: CommunityRow["communityClass"];
  items: ItemResult[];
  level: BuiltLevel;
  requiredLevel: RequiredLevel;
  /** Built to the level it must reach. */
  built: boolean;
  enhanced: boolean;
  /** Items still missing for the required level. */
  missing: StandardItem[];
  /** Items still missing for the enhanced standard. */
  missingForEnhanced: StandardItem[];
}

export function evaluateCommunity(r: CommunityRecords, settings: Pick<YiyangSettings, "standard" | "enhanced">): CommunityStanding {
  const standardItems = [...new Set(settings.standard)];
  const enhancedItems = [...new Set([...settings.standard, ...settings.enhanced])];
  const items = STANDARD_ITEMS.filter((i) => enhancedItems.includes(i)).map((i) => evaluateItem(i, r));
  const missingOf = (list: StandardItem[]) => items.filter((i) => list.includes(i.item) && !i.done).map((i) => i.item);
  const missingStandard = missingOf(standardItems);
  const missingForEnhanced = missingOf(enhancedItems);
  const level: BuiltLevel = missingForEnhanced.length === 0 ? "enhanced" : missingStandard.length === 0 ? "standard" : "none";
  const requiredLevel = requiredLevelOf(r.community);
  const missing = requiredLevel === "enhanced" ? missingForEnhanced : missingStandard;
  return {
    communityId: r.community.id,
    name: r.community.name,
    jurisdictionCode: r.community.jurisdictionCode,
    streetCode: r.community.streetCode,
    communityClass: r.community.communityClass,
    items,
    level,
    requiredLevel,
    built: missing.length === 0,
    enhanced: level === "enhanced",
    missing,
    missingForEnhanced,
  };
}
