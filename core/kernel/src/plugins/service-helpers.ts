/**
 * What a plugin's action handler reaches for: the DataSource, a repository scoped to the
 * caller's jurisdiction, and the plugin's effective settings there.
 */
import type { Context } from "moleculer";
import type { DataSource, EntitySchema } from "typeorm";
import { tenantRepository, type TenantRepository, type TenantRow } from "@anju/data";
import { requireRequestContext } from "../context/request-context.js";
import { KernelErrors } from "../errors/catalogue.js";
import { hostOf } from "../host.js";

export function dataSourceOf(ctx: Context): DataSource {
  return hostOf(ctx.broker).ds;
}

/**
 * A repository limited to the caller's jurisdiction (and its subtree unless `subtree: false`).
 * The system principal acting for no jurisdiction must name one.
 */
export function scopedRepository<T extends TenantRow>(ctx: Context, entity: EntitySchema<T>, options: { subtree?: boolean; jurisdiction?: string } = {}): TenantRepository<T> {
  const rc = requireRequestContext(ctx);
  const jurisdiction = rc.jurisdiction ?? options.jurisdiction;
  if (!jurisdiction) throw KernelErrors.BAD_REQUEST({ reason: "需要行政区划范围 / a jurisdiction scope is required" });
  return tenantRepository(dataSourceOf(ctx), entity, { jurisdiction, subtree: options.subtree ?? true });
}

export async function pluginSettingsOf(ctx: Context, pluginId: string, jurisdiction?: string): Promise<Record<string, unknown>> {
  const rc = requireRequestContext(ctx);
  const code = jurisdiction ?? rc.jurisdiction;
  if (!code) throw KernelErrors.BAD_REQUEST({ reason: "需要行政区划 / a jurisdiction is required" });
  return (await hostOf(ctx.broker).plugins.settings(pluginId, code)).effective;
}
