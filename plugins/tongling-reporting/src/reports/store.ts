/**
 * Reading and changing reports. Every change is a conditional update on `lock_version` (and the
 * statuses it may leave), so two concurrent transitions cannot both succeed; every change
 * appends a history row; every transition is written to the host's audit trail, refusals too.
 */
import type { Context } from "moleculer";
import { tenantRepository, withTenantScope } from "@anju/data";
import { hostOf, requireRequestContext, scopedRepository } from "@anju/kernel";
import type { ReportStatus } from "../constants.js";
import { ReportEntity, ReportEventEntity, type ReportEventAction, type ReportEventRow, type ReportRow } from "../entities/index.js";
import { TonglingErrors } from "../errors.js";

export function reports(ctx: Context) {
  return scopedRepository(ctx, ReportEntity);
}

/** Apply `patch` if the report is still as read (same lock version, status among `from`). */
export async function transition(ctx: Context, report: ReportRow, from: readonly ReportStatus[], patch: Partial<ReportRow>): Promise<ReportRow> {
  const ds = hostOf(ctx.broker).ds;
  const result = await withTenantScope(report.jurisdictionCode, () => ds.createQueryBuilder()
    .update(ReportEntity)
    .set({ ...patch, lockVersion: report.lockVersion + 1 } as never)
    .where("id = :id AND jurisdiction_code = :j AND lock_version = :v AND status IN (:...from)", { id: report.id, j: report.jurisdictionCode, v: report.lockVersion, from })
    .execute());
  if (result.affected !== 1) throw TonglingErrors.TONGLING_REPORT_CHANGED_CONCURRENTLY();
  return tenantRepository(ds, ReportEntity, { jurisdiction: report.jurisdictionCode }).getBy({ id: report.id });
}

export async function appendEvent(ctx: Context, report: ReportRow, event: {
  action: ReportEventAction; from: ReportStatus | null; to: ReportStatus; at: Date; comment?: string | null; submissionId?: string | null; snapshot?: unknown;
}): Promise<void> {
  const rc = requireRequestContext(ctx);
  await tenantRepository(hostOf(ctx.broker).ds, ReportEventEntity, { jurisdiction: report.jurisdictionCode }).insert({
    jurisdictionCode: report.jurisdictionCode, reportId: report.id, action: event.action, fromStatus: event.from, toStatus: event.to,
    actor: rc.principal.id, at: event.at, comment: event.comment ?? null, submissionId: event.submissionId ?? null,
    snapshot: event.snapshot === undefined ? null : JSON.stringify(event.snapshot),
  } as ReportEventRow);
}

export async function eventsOf(ctx: Context, report: ReportRow): Promise<ReportEventRow[]> {
  return tenantRepository(hostOf(ctx.broker).ds, ReportEventEntity, { jurisdiction: report.jurisdictionCode })
    .find({ where: { reportId: report.id }, order: { id: "ASC" } as never });
}

/**
 * Run a transition and record it in the audit trail, success or failure (with the error code).
 * The report's county is the audit record's jurisdiction once known, else the caller's.
 */
export async function audited<T extends { id?: number; jurisdictionCode?: string; status?: string; period?: string; revision?: number }>(
  ctx: Context, action: string, object: number | null, detail: Record<string, unknown>, work: () => Promise<T>,
  /** The action recorded on success when it depends on the outcome (a resubmission). */
  actionOf?: (value: T) => string,
): Promise<T> {
  const rc = requireRequestContext(ctx);
  const host = hostOf(ctx.broker);
  const record = (result: "success" | "failure" | "denied", jurisdiction: string | null, obj: number | null, extra: Record<string, unknown> = {}, name = action) =>
    host.audit({ action: name, object: obj === null ? null : String(obj), result, userId: rc.principal.id, ip: rc.ip ?? null, jurisdiction, detail: { ...detail, ...extra } });
  let value: T;
  try {
    value = await work();
  } catch (err) {
    const e = err as { type?: string; code?: number };
    // A refusal of who may act is "denied"; anything else that stopped the transition is "failure".
    const result = e.code === 401 || e.code === 403 ? "denied" : "failure";
    await record(result, rc.jurisdiction, object, { error: e.type ?? "INTERNAL" }).catch(() => undefined);
    throw err;
  }
  await record("success", value.jurisdictionCode ?? rc.jurisdiction, value.id ?? object, { status: value.status, period: value.period, revision: value.revision }, actionOf?.(value) ?? action);
  return value;
}
