/** What every community service handler needs: the permission check, settings, paging, clean text. */
import type { ActionParams, ActionSchema, Context } from "moleculer";
import type { FindOptionsWhere } from "typeorm";
import type { TenantRepository, TenantRow } from "@anju/data";
import { hostOf, KernelErrors, pluginSettingsOf, requireRequestContext, type RequestContext } from "@anju/kernel";
import { PLUGIN_ID, ROLE_PERMISSIONS, SETTINGS_DEFAULTS, type CommunitySettings } from "../constants.js";
import { CommunityErrors } from "../errors.js";

/**
 * The permission check every handler repeats behind RBAC's middleware (which reads the action's
 * `permission`): the host's authorizer decides — grants from the policy store, covering the
 * subtree. A bare kernel without an RBAC module (unit tests of this plugin) falls back to the
 * roles carried in the principal. The system principal may do anything.
 */
export async function authorize(ctx: Context, permission: string): Promise<Readonly<RequestContext>> {
  const rc = requireRequestContext(ctx);
  if (rc.principal.kind === "system") return rc;
  const authorizer = hostOf(ctx.broker).authorizer;
  const allowed = authorizer
    ? await authorizer.can(rc, permission, rc.jurisdiction)
    : (rc.principal.roles ?? []).some((r) => ROLE_PERMISSIONS[r]?.includes(permission));
  if (!allowed) throw CommunityErrors.COMMUNITY_FORBIDDEN({ permission });
  return rc;
}

/**
 * An action guarded by a permission (declared on the schema for RBAC, and checked again here).
 * `audit: false` for actions that record themselves (their params carry personal information).
 */
export function action<P>(permission: string, def: { params: ActionParams; audit?: false; handler(ctx: Context<P>): Promise<unknown> }): ActionSchema {
  const schema = {
    params: def.params,
    permission,
    ...(def.audit === false ? { audit: false } : {}),
    async handler(ctx: Context<P>) {
      await authorize(ctx, permission);
      return def.handler(ctx);
    },
  };
  return schema as ActionSchema;
}

/** The plugin's effective settings at a jurisdiction (defaults fill anything missing). */
export async function settingsAt(ctx: Context, jurisdiction: string): Promise<CommunitySettings> {
  const effective = await pluginSettingsOf(ctx, PLUGIN_ID, jurisdiction);
  return { ...SETTINGS_DEFAULTS, ...effective } as CommunitySettings;
}

export interface Page<T> { items: T[]; total: number; page: number; pageSize: number }
export interface PageParams { page?: number; pageSize?: number }

/** One page of a scoped repository, oldest first (stable order for paging). */
export async function pageOf<T extends TenantRow>(
  repo: TenantRepository<T>, where: FindOptionsWhere<T>, params: PageParams, map: (row: T) => unknown = (r) => r,
): Promise<Page<unknown>> {
  const page = params.page ?? 1;
  const pageSize = params.pageSize ?? 20;
  const [rows, total] = await repo.findAndCount({ where, order: { id: "ASC" } as never, skip: (page - 1) * pageSize, take: pageSize });
  return { items: rows.map(map), total, page, pageSize };
}

/** Drop undefined filters so they do not become `IS NULL` conditions. */
export function definedOnly<T extends object>(where: T): T {
  return Object.fromEntries(Object.entries(where).filter(([, v]) => v !== undefined)) as T;
}

/**
 * NFC-normalise and trim free text; the schema already refused forbidden characters, this
 * refuses text that is only blanks. `null` stays null (an update clearing the field).
 */
export function clean(field: string, value: string): string;
export function clean(field: string, value: string | null | undefined): string | null | undefined;
export function clean(field: string, value: string | null | undefined): string | null | undefined {
  if (value === undefined || value === null) return value;
  const out = value.normalize("NFC").trim();
  if (!out) throw KernelErrors.VALIDATION_FAILED({ summary: `${field} must not be blank`, fields: [{ field, reason: "must not be blank", keyword: "pattern" }] });
  return out;
}

/** Clean every string property of a params object (ids and enums pass through unchanged). */
export function cleanAll<T extends object>(params: T, fields: readonly string[]): T {
  const out: Record<string, unknown> = { ...(params as Record<string, unknown>) };
  for (const f of fields) if (typeof out[f] === "string") out[f] = clean(f, out[f] as string);
  return out as T;
}

/** A unique-index violation from either database (a race past the services' own check). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string; errno?: number }; message?: string };
  const codeOf = e.driverError?.code ?? e.code;
  return codeOf === "ER_DUP_ENTRY" || codeOf === "SQLITE_CONSTRAINT_UNIQUE" || /UNIQUE constraint failed|Duplicate entry/i.test(e.message ?? "");
}

/** Run an insert/update; a unique violation becomes COMMUNITY_DUPLICATE naming the field. */
export async function guardUnique<T>(field: string, value: unknown, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isUniqueViolation(err)) throw CommunityErrors.COMMUNITY_DUPLICATE({ field, value: String(value) });
    throw err;
  }
}

/** `{ buildings: 2, devices: 0 }` → `buildings=2` for an in-use refusal; null when nothing depends. */
export function dependents(counts: Record<string, number>): string | null {
  const used = Object.entries(counts).filter(([, n]) => n > 0);
  return used.length ? used.map(([k, n]) => `${k}=${n}`).join(", ") : null;
}

/**
 * A row to insert, checked against the row type minus its generated id (TenantRepository.insert
 * asks for the whole row type, id included).
 */
export function newRow<T extends { id: number }>(values: Omit<T, "id">): T {
  return values as T;
}

/** Record a security-relevant act (the host drops it when no audit sink is installed). */
export async function audit(ctx: Context, actionName: string, object: string, jurisdiction: string, detail: Record<string, unknown> = {}): Promise<void> {
  const rc = requireRequestContext(ctx);
  await hostOf(ctx.broker).audit({ action: actionName, object, result: "success", userId: rc.principal.id, ip: rc.ip ?? null, jurisdiction, detail });
}

export function now(): Date {
  return new Date();
}
