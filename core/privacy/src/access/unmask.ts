/**
 * Unmasking: the only way plaintext PI leaves an API. It needs `pi:unmask`, is recorded in the
 * audit trail before the value is returned (refused if the audit service fails), and the
 * response carries `Cache-Control: no-store`. Nothing here remembers a value or a decision.
 */
import type { Context } from "moleculer";
import { asSystem, tenantRepository } from "@anju/data";
import { dataSourceOf, requireRequestContext } from "@anju/kernel";
import { PrivacyErrors } from "../errors.js";
import { piFieldSetOf } from "../fields/pi-fields.js";
import { recordAudit } from "./audit.js";
import { PrivacyPermissions, requirePermission } from "./permissions.js";

export const PrivacyAuditActions = {
  unmask: "privacy.unmask",
  consentRecord: "privacy.consent.record",
  consentWithdraw: "privacy.consent.withdraw",
  breachRecord: "privacy.breach.record",
  breachUpdate: "privacy.breach.update",
  breachSubjects: "privacy.breach.subjects",
  breachNotify: "privacy.breach.notify",
  breachClose: "privacy.breach.close",
  keysRotate: "privacy.keys.rotate",
  keysRetire: "privacy.keys.retire",
} as const;

export const NO_STORE_HEADERS = { "Cache-Control": "no-store", Pragma: "no-cache" } as const;

/** Mark the response uncacheable (moleculer-web copies `$responseHeaders` to the HTTP response). */
export function noStore(ctx: Context): void {
  const meta = ctx.meta as { $responseHeaders?: Record<string, string> };
  meta.$responseHeaders = { ...(meta.$responseHeaders ?? {}), ...NO_STORE_HEADERS };
}

export interface UnmaskTarget {
  entity: string;
  field: string;
  /** The record's id: goes to the audit trail, the value never does. */
  id: string | number;
}

function objectOf(t: UnmaskTarget): string {
  return `${t.entity}:${t.id}#${t.field}`;
}

/**
 * For a plugin action that has loaded a record: hand out one PI value unmasked.
 * `const phone = await unmask(ctx, { entity: "Resident", field: "phone", id: row.id }, row.phone)`.
 */
export async function unmask<V extends string | null | undefined>(ctx: Context, target: UnmaskTarget, value: V): Promise<V> {
  declaredField(target);
  await requirePermission(ctx, PrivacyPermissions.unmask, objectOf(target));
  await recordReveal(ctx, target);
  return value;
}

function declaredField(target: UnmaskTarget) {
  const field = piFieldSetOf(target.entity)?.fields.find((f) => f.property === target.field);
  if (!field) throw PrivacyErrors.PI_FIELD_NOT_FOUND({ entity: target.entity, field: target.field });
  return field;
}

async function recordReveal(ctx: Context, target: UnmaskTarget): Promise<void> {
  noStore(ctx);
  await recordAudit(ctx, {
    action: PrivacyAuditActions.unmask, object: objectOf(target), result: "success",
    detail: { entity: target.entity, field: target.field, kind: declaredField(target).kind, id: String(target.id) },
  }, { strict: true });
}

/**
 * Load one declared field of one record in the caller's jurisdiction subtree and unmask it
 * (the `privacy.reveal` action: the console's "show" button for any declared field).
 */
export async function revealField(ctx: Context, target: UnmaskTarget): Promise<string | null> {
  declaredField(target);
  // Permission before the lookup: an unauthorised caller learns nothing, not even existence.
  await requirePermission(ctx, PrivacyPermissions.unmask, objectOf(target));
  const ds = dataSourceOf(ctx);
  if (!ds.hasMetadata(target.entity)) throw PrivacyErrors.PI_FIELD_NOT_FOUND({ entity: target.entity, field: target.field });
  const metadata = ds.getMetadata(target.entity);
  if (metadata.primaryColumns.length !== 1) throw PrivacyErrors.PI_FIELD_NOT_FOUND({ entity: target.entity, field: target.field });
  const where = { [metadata.primaryColumns[0].propertyName]: target.id };
  const rc = requireRequestContext(ctx);
  const tenant = metadata.findColumnWithPropertyName("jurisdictionCode") !== undefined;
  let row: Record<string, unknown> | null;
  if (tenant && rc.jurisdiction) {
    row = await tenantRepository(ds, metadata.target as never, { jurisdiction: rc.jurisdiction, subtree: true }).findOneBy(where as never);
  } else {
    row = await asSystem(`reveal ${target.entity}.${target.field}`, () => ds.getRepository(metadata.target).findOneBy(where as never));
  }
  if (!row) throw PrivacyErrors.PI_RECORD_NOT_FOUND({ entity: target.entity, id: String(target.id) });
  const value = (row[target.field] ?? null) as string | null;
  await recordReveal(ctx, target);
  return value;
}
