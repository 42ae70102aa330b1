/**
 * Which tables are tenant tables. A tenant table has a `jurisdiction_code` column and every
 * query on it must be scoped (see guard.ts). Plugins register theirs via `defineTenantEntity`.
 */
export const JURISDICTION_COLUMN = "jurisdiction_code";

const tenantTables = new Set<string>();
let pattern: RegExp | null = null;

export function registerTenantTable(table: string): void {
  if (!/^[a-z][a-z0-9_]*$/.test(table)) throw new TypeError(`tenant table name must be snake_case: ${table}`);
  if (tenantTables.has(table)) return;
  tenantTables.add(table);
  pattern = null;
}

export function isTenantTable(table: string): boolean {
  return tenantTables.has(table);
}

/** The first tenant table a SQL text names, or null. Quoted names only: TypeORM always quotes. */
export function tenantTableIn(sql: string): string | null {
  if (tenantTables.size === 0) return null;
  if (!pattern) {
    const names = [...tenantTables].sort((a, b) => b.length - a.length).join("|");
    pattern = new RegExp("[`\"](" + names + ")[`\"]");
  }
  const m = pattern.exec(sql);
  return m ? m[1] : null;
}
