/**
 * Yiyang's standard as pure functions (Y3/Y4): the status of each item in one community, from
 * the community registry (facilities, devices, access points) and from declarations where the
 * registry cannot tell, then the level the community is built to.
 *
 * The fire-safety devices (Y3) and the elevator terminals are **counted** from the device
 * platform's registered devices by category (ITEM_CATEGORIES; a device's category comes from its
 * driver profile). Where none is registered — or the node has no device platform — a declaration
 * (count and evidence, by the property company or the community police) stands in, and the item
 * says which it rests on (`basis`: counted or declared). Perimeter sensors, access controllers,
 * household alarms and cameras registered on the platform count for their items too, beside the
 * community registry's facilities and access points.
 */
import type { AccessPoint, AccessPointKind, CommunityRow, DeviceRow, FacilityRow, FacilityType } from "@anju/plugin-community";
import { STANDARD_ITEMS, type BuiltLevel, type RequiredLevel, type StandardItem, type YiyangSettings } from "./constants.js";
import type { DeclarationRow } from "./entities/index.js";
import type { DeviceCategory } from "@anju/sdk";
import type { CategoryCount } from "./device-counts.js";

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
  /** Registered devices at the community's node by category; null: no device platform on this node. */
  deviceCounts?: ReadonlyMap<string, CategoryCount> | null;
}

/**
 * Which device categories (the device platform's DEVICE_CATEGORIES) count for an item. For the
 * items marked `counted` in ITEM_DEFINITIONS a registered device replaces the declaration; for
 * the others it is one more way to meet the registry's part.
 */
export const ITEM_CATEGORIES: Readonly<Partial<Record<StandardItem, readonly DeviceCategory[]>>> = {
  perimeter: ["perimeter-sensor"],
  "video-coverage": ["camera"],
  "access-control": ["access-controller"],
  "household-alarm": ["household-alarm"],
  "smoke-detectors": ["smoke-detector"],
  "electricity-monitors": ["electricity-monitor"],
  "water-pressure-sensors": ["water-pressure"],
  "transmission-device": ["transmission-device"],
  "elevator-terminals": ["elevator-terminal"],
};

/** Registered devices of an item's categories at the community's node (null: none counted here). */
export function countedDevices(item: StandardItem, r: Pick<CommunityRecords, "deviceCounts">): CategoryCount | null {
  const categories = ITEM_CATEGORIES[item];
  if (!categories || !r.deviceCounts) return null;
  const out = { total: 0, online: 0 };
  for (const c of categories) {
    const n = r.deviceCounts.get(c);
    if (n) { out.total += n.total; out.online += n.online; }
  }
  return out;
}

interface RegistryCheck { ok: boolean; evidence: string[] }

export interface ItemDefinition {
  item: StandardItem;
  rule: "Y3" | "Y4";
  /** The registry's part (absent: the declaration alone decides). */
  registry?: (r: CommunityRecords) => RegistryCheck;
  /** What a declaration states beyond the registry (absent: the registry decides alone). */
  declaration?: { "zh-CN": string; en: string };
  /** Registered devices of the item's categories make the item; the declaration is the fallback. */
  counted?: boolean;
}

const built = (r: CommunityRecords, ...types: FacilityType[]) => r.facilities.filter((f) => types.includes(f.type) && BUILT.has(f.status));
const deviceEvidence = (item: StandardItem, n: CategoryCount | null) => (n && n.total > 0 ? [`devices:${ITEM_CATEGORIES[item]!.join("+")}:${n.total}`] : []);
/** Built facilities of the types, or registered devices of the item's categories. */
const facilities = (item: StandardItem, r: CommunityRecords, ...types: FacilityType[]): RegistryCheck => {
  const rows = built(r, ...types);
  const n = countedDevices(item, r);
  return { ok: rows.length > 0 || (n?.total ?? 0) > 0, evidence: [...rows.map((f) => `facility:${f.id}`), ...deviceEvidence(item, n)] };
};

const declared = (zh: string, en: string) => ({ "zh-CN": zh, en });

export const ITEM_DEFINITIONS: Record<StandardItem, ItemDefinition> = {
  // A physical fence or a video fence (perimeter-electronic covers video fences).
  perimeter: { item: "perimeter", rule: "Y4", registry: (r) => facilities("perimeter", r, "physical-protection", "perimeter-electronic") },
  "video-coverage": {
    item: "video-coverage",
    rule: "Y4",
    registry: (r) => {
      const video = built(r, "video-surveillance");
      const ids = new Set(video.map((f) => f.id));
      const cameras = r.devices.filter((d) => d.facilityId !== null && ids.has(d.facilityId));
      // Cameras in the community registry under the video system, or cameras registered on the device platform.
      const platform = countedDevices("video-coverage", r);
      return {
        ok: video.length > 0 && (cameras.length > 0 || (platform?.total ?? 0) > 0),
        evidence: [...video.map((f) => `facility:${f.id}`), ...cameras.map((d) => `device:${d.id}`), ...deviceEvidence("video-coverage", platform)],
      };
    },
    // Which places the cameras see is not in the registry.
    declaration: declared("视频监控覆盖小区出入口、主要道路、广场和公共区域，无盲区", "Cameras cover the entrances, main roads, squares and public areas, without blind spots"),
  },
  "access-control": {
    item: "access-control",
    rule: "Y4",
    registry: (r) => {
      const points = r.accessPoints.filter((a) => ACCESS_KINDS.includes(a.kind));
      const controllers = countedDevices("access-control", r);
      return { ok: points.length > 0 || (controllers?.total ?? 0) > 0, evidence: [...points.map((a) => `accessPoint:${a.id}`), ...deviceEvidence("access-control", controllers)] };
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
  "household-alarm": { item: "household-alarm", rule: "Y4", registry: (r) => facilities("household-alarm", r, "household-alarm") },
  "smoke-detectors": { item: "smoke-detectors", counted: true, rule: "Y3", declaration: declared("居民户和沿街店铺安装独立式智能感烟探测器", "Independent smart smoke detectors in homes and street shops") },
  "electricity-monitors": { item: "electricity-monitors", counted: true, rule: "Y3", declaration: declared("居民户和沿街店铺安装智慧用电装置", "Smart electricity monitors in homes and street shops") },
  "water-pressure-sensors": { item: "water-pressure-sensors", counted: true, rule: "Y3", declaration: declared("已有消防设施安装智能水压监测装置", "Smart water-pressure sensors on the existing fire facilities") },
  "transmission-device": { item: "transmission-device", counted: true, rule: "Y3", declaration: declared("已有消防设施安装用户信息传输装置", "A user information transmission device on the existing fire facilities") },
  "elevator-terminals": { item: "elevator-terminals", counted: true, rule: "Y4", declaration: declared("电梯安装物联网远程监控终端", "IoT remote-monitoring terminals in the elevators") },
};

/** Items a declaration can (or must) support. */
export const DECLARABLE_ITEMS: readonly StandardItem[] = STANDARD_ITEMS.filter((i) => ITEM_DEFINITIONS[i].declaration);

/**
 * What a done item rests on: `registry` (the community registry, with any registered devices
 * that count for it, and a declaration where the item also needs one), `counted` (registered
 * devices of its categories on the device platform) or `declared` (a declaration alone: no such
 * device is registered, or this node has no device platform).
 */
export const ITEM_BASES = ["registry", "counted", "declared"] as const;
export type ItemBasis = (typeof ITEM_BASES)[number];

export interface ItemResult {
  item: StandardItem;
  done: boolean;
  basis: ItemBasis | null;
  evidence: string[];
  declarationId: number | null;
  /** Counted devices, or else the declared quantity. */
  quantity: number | null;
  /** Registered devices of the item's categories (null: the item has none, or no device platform here). */
  devices: CategoryCount | null;
}

export function evaluateItem(item: StandardItem, r: CommunityRecords): ItemResult {
  const def = ITEM_DEFINITIONS[item];
  const devices = countedDevices(item, r);
  if (def.counted && devices && devices.total > 0) {
    return { item, done: true, basis: "counted", evidence: deviceEvidence(item, devices), declarationId: null, quantity: devices.total, devices };
  }
  const reg = def.registry?.(r) ?? { ok: true, evidence: [] };
  const none = { item, evidence: reg.evidence, declarationId: null, quantity: null, devices, basis: null };
  if (!reg.ok) return { ...none, done: false };
  if (!def.declaration) return { ...none, done: true, basis: "registry" };
  const d = r.declarations.find((x) => x.item === item);
  if (!d || d.quantity < 1) return { ...none, done: false };
  return {
    item, done: true, basis: def.registry ? "registry" : "declared", evidence: [...reg.evidence, `declaration:${d.id}`], declarationId: d.id, quantity: d.quantity, devices,
  };
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
  /** Done items counted from registered devices, and done items resting on a declaration alone. */
  counted: StandardItem[];
  declared: StandardItem[];
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
    counted: items.filter((i) => i.basis === "counted").map((i) => i.item),
    declared: items.filter((i) => i.basis === "declared").map((i) => i.item),
  };
}
