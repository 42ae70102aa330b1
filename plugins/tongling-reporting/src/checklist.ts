/**
 * T1/T2 as pure functions: which items a community's class requires, and the status of each
 * item from the registry (facilities, devices, access points) and from attestations where the
 * registry cannot tell (who staffs the centre, which areas the cameras cover, the Sharp Eyes
 * link). Each satisfied item carries `since`: the date it became satisfied as far as the
 * registry records (installation date, creation date, attestation date), which is what
 * month-by-month completion is computed from.
 *
 * Only dates that say when something was *built* date an item: a facility's installation date
 * and an attestation's date. Access points and devices carry no installation date in the
 * registry (their creation time is when they were registered, which may be years later), so
 * they are undated: they decide whether an item holds, not since when.
 */
import type { AccessPoint, CommunityRow, CredentialType, DeviceRow, FacilityRow, FacilityType } from "@anju/plugin-community";
import type { ChecklistItem, ItemStatus, TonglingSettings } from "./constants.js";
import type { AttestationRow } from "./entities/index.js";
import { instantOf } from "./period.js";

/**
 * Facility states that count as built. `pending` is not accepted yet (K5); `stopped` is not
 * working (H3 forbids it) and does not count either. A fault under repair is still built.
 */
const BUILT = new Set(["normal", "fault", "repairing"]);
const ENTRANCES = new Set(["pedestrian-gate", "vehicle-barrier", "garage"]);
/** T2: automatic authentication at entrances by access card, ID card or licence plate. */
const AUTO_AUTH: readonly CredentialType[] = ["card", "id-card", "plate"];
/** T2: unit doors accept at least one of face, card or ID card. */
const UNIT_DOOR_CREDENTIALS: readonly CredentialType[] = ["face", "card", "id-card"];

/** What the registry shows for one community. */
export interface CommunityRecords {
  community: CommunityRow;
  facilities: FacilityRow[];
  devices: DeviceRow[];
  accessPoints: AccessPoint[];
  /** Active (not revoked) attestations, newest first. */
  attestations: AttestationRow[];
}

interface RegistryCheck { ok: boolean; since: Date | null; evidence: string[] }

export interface ItemDefinition {
  item: ChecklistItem;
  /** The registry's part (absent: attestation alone). */
  registry?: (r: CommunityRecords) => RegistryCheck;
  /** What a person must attest beyond the registry (absent: the registry decides alone). */
  attestation?: { "zh-CN": string; en: string };
}

const latest = (dates: Array<Date | null>): Date | null =>
  dates.reduce<Date | null>((a, d) => (d && (!a || d > a) ? d : a), null);
const earliest = (dates: Array<Date | null>): Date | null =>
  dates.reduce<Date | null>((a, d) => (d && (!a || d < a) ? d : a), null);

const built = (r: CommunityRecords, ...types: FacilityType[]) => r.facilities.filter((f) => types.includes(f.type) && BUILT.has(f.status));
const facilitySince = (f: FacilityRow) => instantOf(f.installedOn);
const undated = () => null;

/** Satisfied when any of `rows` exists; since the earliest of them. */
function any<T>(rows: T[], since: (row: T) => Date | null, label: (row: T) => string): RegistryCheck {
  return { ok: rows.length > 0, since: earliest(rows.map(since)), evidence: rows.map(label) };
}

function both(a: RegistryCheck, b: RegistryCheck): RegistryCheck {
  return { ok: a.ok && b.ok, since: latest([a.since, b.since]), evidence: [...a.evidence, ...b.evidence] };
}

const facilities = (r: CommunityRecords, ...types: FacilityType[]) => any(built(r, ...types), facilitySince, (f) => `facility:${f.id}`);
const accessPoints = (r: CommunityRecords, keep: (a: AccessPoint) => boolean) => any(r.accessPoints.filter(keep), undated, (a) => `accessPoint:${a.id}`);

export const ITEM_DEFINITIONS: Record<ChecklistItem, ItemDefinition> = {
  // Physical and/or electronic perimeter; electronic is required only where there is no physical one.
  perimeter: { item: "perimeter", registry: (r) => facilities(r, "physical-protection", "perimeter-electronic") },
  "entrance-control": {
    item: "entrance-control",
    registry: (r) => both(facilities(r, "entrance-control"), accessPoints(r, (a) => a.kind === "pedestrian-gate" || a.kind === "vehicle-barrier")),
  },
  "people-vehicle-separation": {
    item: "people-vehicle-separation",
    registry: (r) => both(accessPoints(r, (a) => a.kind === "pedestrian-gate"), accessPoints(r, (a) => a.kind === "vehicle-barrier" || a.kind === "garage")),
  },
  "auto-authentication": {
    item: "auto-authentication",
    registry: (r) => accessPoints(r, (a) => ENTRANCES.has(a.kind) && a.credentials.some((c) => AUTO_AUTH.includes(c))),
  },
  "camera-coverage": {
    item: "camera-coverage",
    registry: (r) => {
      const video = built(r, "video-surveillance");
      const ids = new Set(video.map((f) => f.id));
      const cameras = r.devices.filter((d) => d.facilityId !== null && ids.has(d.facilityId));
      return both(any(video, facilitySince, (f) => `facility:${f.id}`), any(cameras, undated, (d) => `device:${d.id}`));
    },
    attestation: {
      "zh-CN": "主干道、广场及公共活动区域、电梯、地下车库、人防、设备用房均有监控覆盖",
      en: "Cameras cover main roads, squares and public areas, elevators, underground garages, civil air defence and plant rooms",
    },
  },
  "unit-door": {
    item: "unit-door",
    registry: (r) => {
      const doors = r.accessPoints.filter((a) => a.kind === "unit-door");
      const ok = doors.length > 0 && doors.every((d) => d.credentials.some((c) => UNIT_DOOR_CREDENTIALS.includes(c)));
      return { ok, since: null, evidence: doors.map((d) => `accessPoint:${d.id}`) };
    },
  },
  "monitoring-centre": {
    item: "monitoring-centre",
    registry: (r) => facilities(r, "monitoring-centre"),
    attestation: { "zh-CN": "监控中心配备人员值班", en: "The monitoring centre is staffed" },
  },
  "sharp-eyes-link": {
    item: "sharp-eyes-link",
    registry: (r) => facilities(r, "monitoring-centre"),
    attestation: { "zh-CN": "监控中心与公安机关“雪亮工程”实时对接", en: "The monitoring centre is linked in real time to the police Sharp Eyes network" },
  },
};

export interface ItemResult {
  item: ChecklistItem;
  status: ItemStatus;
  since: Date | null;
  evidence: string[];
  attestationId: number | null;
}

export function evaluateItem(item: ChecklistItem, r: CommunityRecords): ItemResult {
  const def = ITEM_DEFINITIONS[item];
  const reg = def.registry?.(r) ?? { ok: true, since: null, evidence: [] };
  if (!reg.ok) return { item, status: "missing", since: null, evidence: reg.evidence, attestationId: null };
  if (!def.attestation) return { item, status: "done", since: reg.since, evidence: reg.evidence, attestationId: null };
  const att = r.attestations.find((a) => a.item === item);
  if (!att) return { item, status: "attestation-required", since: null, evidence: reg.evidence, attestationId: null };
  return { item, status: "done", since: latest([reg.since, att.attestedAt]), evidence: [...reg.evidence, `attestation:${att.id}`], attestationId: att.id };
}

export interface CommunityProgress {
  communityId: number;
  name: string;
  jurisdictionCode: string;
  streetCode: string;
  communityClass: CommunityRow["communityClass"];
  buildYear: number | null;
  items: ItemResult[];
  required: number;
  done: number;
  complete: boolean;
  /** When the last dated item became satisfied (null while incomplete, or when no item is dated). */
  completedAt: Date | null;
  missing: ChecklistItem[];
}

/** T1 picks the list by class; T2 decides each item. */
export function evaluateCommunity(r: CommunityRecords, checklist: TonglingSettings["checklist"]): CommunityProgress {
  const items = checklist[r.community.communityClass].map((item) => evaluateItem(item, r));
  const done = items.filter((i) => i.status === "done");
  const complete = done.length === items.length;
  return {
    communityId: r.community.id,
    name: r.community.name,
    jurisdictionCode: r.community.jurisdictionCode,
    streetCode: r.community.streetCode,
    communityClass: r.community.communityClass,
    buildYear: r.community.buildYear,
    items,
    required: items.length,
    done: done.length,
    complete,
    completedAt: complete ? latest(items.map((i) => i.since)) : null,
    missing: items.filter((i) => i.status !== "done").map((i) => i.item),
  };
}
