/**
 * T3 (§二(二)三): residents must not be forced to use biometrics. An access point whose every
 * allowed credential is biometric (today: face recognition) leaves a resident no other way in.
 * A recheck compares the registry with the open findings of a jurisdiction and opens, keeps or
 * resolves findings so the list matches the registry; it runs on every read of the list, on
 * demand and nightly (the community plugin emits no change events to listen to).
 */
import type { ServiceBroker } from "moleculer";
import { dbTimestamp, tenantRepository, withTenantScope } from "@anju/data";
import { hostOf } from "@anju/kernel";
import { CommunityActions, readAll, type AccessPoint, type CommunityRow, type CredentialType } from "@anju/plugin-community";
import { FindingEntity, type FindingRow } from "./entities/index.js";
import { execute, isUniqueViolation } from "./db.js";

export const T3 = "T3";
const BIOMETRIC: readonly CredentialType[] = ["face"];

export function forcesBiometrics(credentials: readonly CredentialType[]): boolean {
  return credentials.length > 0 && credentials.every((c) => BIOMETRIC.includes(c));
}

const openKeyOf = (accessPointId: number) => `${T3}:${accessPointId}`;

export interface RecheckResult { opened: number; resolved: number; open: number }

export async function recheckT3(broker: ServiceBroker, jurisdiction: string, now: Date): Promise<RecheckResult> {
  const [accessPoints, communities] = await Promise.all([
    readAll<AccessPoint>(broker, jurisdiction, CommunityActions.accessPoints.list),
    readAll<CommunityRow>(broker, jurisdiction, CommunityActions.communities.list),
  ]);
  const names = new Map(communities.map((c) => [c.id, c.name]));
  const current = new Map(accessPoints.map((a) => [a.id, a]));
  const offending = accessPoints.filter((a) => forcesBiometrics(a.credentials));
  const repo = tenantRepository(hostOf(broker).ds, FindingEntity, { jurisdiction });
  const open = await repo.find({ where: { status: "open", rule: T3 } });
  const openByAp = new Map(open.map((f) => [f.accessPointId, f]));
  let opened = 0;
  let resolved = 0;
  for (const ap of offending) {
    if (openByAp.has(ap.id)) continue;
    try {
      await repo.insert({
        jurisdictionCode: ap.jurisdictionCode, rule: T3, communityId: ap.communityId, communityName: names.get(ap.communityId) ?? "",
        accessPointId: ap.id, accessPointName: ap.name, credentials: ap.credentials.join(","), status: "open", openKey: openKeyOf(ap.id),
        detectedAt: now, resolvedAt: null, resolution: null,
      } as FindingRow);
      opened += 1;
    } catch (err) {
      // A concurrent recheck opened it first: one open finding per access point.
      if (!isUniqueViolation(err)) throw err;
    }
  }
  for (const finding of open) {
    const ap = current.get(finding.accessPointId);
    if (ap && forcesBiometrics(ap.credentials)) continue;
    const resolution = ap ? `credentials: ${ap.credentials.join(",")}` : "access point removed";
    const done = await resolveOpen(broker, finding, now, resolution);
    if (done) resolved += 1;
  }
  return { opened, resolved, open: open.length + opened - resolved };
}

/** Conditioned on still being open: two rechecks at once resolve a finding once. */
async function resolveOpen(broker: ServiceBroker, finding: FindingRow, now: Date, resolution: string): Promise<boolean> {
  const ds = hostOf(broker).ds;
  const changed = await withTenantScope(finding.jurisdictionCode, () => execute(ds,
    "UPDATE `tongling_finding` SET status = 'resolved', open_key = NULL, resolved_at = ?, resolution = ? WHERE id = ? AND jurisdiction_code = ? AND status = 'open'",
    [dbTimestamp(now), resolution, finding.id, finding.jurisdictionCode]));
  return changed === 1;
}
