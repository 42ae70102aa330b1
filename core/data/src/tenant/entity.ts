/**
 * `defineTenantEntity` is `new EntitySchema` plus the tenant contract: a `jurisdictionCode`
 * column (`jurisdiction_code`, indexed) and registration with the tenant guard.
 */
import { EntitySchema, type EntitySchemaOptions } from "typeorm";
import { JURISDICTION_COLUMN, registerTenantTable } from "./registry.js";

export function defineTenantEntity<T>(options: EntitySchemaOptions<T> & { tableName: string }): EntitySchema<T> {
  registerTenantTable(options.tableName);
  return new EntitySchema<T>({
    ...options,
    columns: {
      ...options.columns,
      jurisdictionCode: { name: JURISDICTION_COLUMN, type: "varchar", length: 32 },
    } as EntitySchemaOptions<T>["columns"],
    indices: [...(options.indices ?? []), { name: `idx_${options.tableName}_jur`, columns: ["jurisdictionCode"] as never }],
  });
}
