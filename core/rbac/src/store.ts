/**
 * Reads straight from anju_policy for decisions that must not trust a node's memory (another
 * node may have changed the table a moment ago): separation-of-duties checks and existence.
 */
import type { EntityManager } from "typeorm";
import { POLICY_TABLE } from "./migrations.js";

export interface Grant { role: string; jurisdiction: string }
export interface PolicyRule { role: string; jurisdiction: string; permission: string; source: string }

export class PolicyQueries {
  /** The DataSource, or a transaction's manager (the SoD check reads inside the write's transaction). */
  constructor(private readonly ds: Pick<EntityManager, "query">) {}

  async grantsOf(userId: string): Promise<Grant[]> {
    const rows: Array<{ v1: string; v2: string }> = await this.ds.query(
      `SELECT v1, v2 FROM ${POLICY_TABLE} WHERE ptype = 'g' AND v0 = ? ORDER BY v2, v1`, [userId]);
    return rows.map((r) => ({ role: r.v1, jurisdiction: r.v2 }));
  }

  async holdersOf(role: string): Promise<string[]> {
    const rows: Array<{ v0: string }> = await this.ds.query(`SELECT DISTINCT v0 FROM ${POLICY_TABLE} WHERE ptype = 'g' AND v1 = ?`, [role]);
    return rows.map((r) => r.v0);
  }

  /** Permissions given to a role by stored rules, in any jurisdiction. */
  async storedPermissionsOf(role: string): Promise<string[]> {
    const rows: Array<{ v2: string }> = await this.ds.query(`SELECT DISTINCT v2 FROM ${POLICY_TABLE} WHERE ptype = 'p' AND v0 = ?`, [role]);
    return rows.map((r) => r.v2);
  }

  async hasGrant(userId: string, role: string, jurisdiction: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `SELECT 1 AS x FROM ${POLICY_TABLE} WHERE ptype = 'g' AND v0 = ? AND v1 = ? AND v2 = ? AND v3 = ''`, [userId, role, jurisdiction]);
    return rows.length > 0;
  }

  async hasRule(role: string, jurisdiction: string, permission: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `SELECT 1 AS x FROM ${POLICY_TABLE} WHERE ptype = 'p' AND v0 = ? AND v1 = ? AND v2 = ? AND v3 = ''`, [role, jurisdiction, permission]);
    return rows.length > 0;
  }

  async rules(filter: { role?: string; domains?: string[] } = {}): Promise<PolicyRule[]> {
    const where = ["ptype = 'p'"];
    const params: string[] = [];
    if (filter.role) { where.push("v0 = ?"); params.push(filter.role); }
    if (filter.domains) {
      if (filter.domains.length === 0) return [];
      where.push(`domain IN (${filter.domains.map(() => "?").join(", ")})`);
      params.push(...filter.domains);
    }
    const rows: Array<{ v0: string; v1: string; v2: string; source: string }> = await this.ds.query(
      `SELECT v0, v1, v2, source FROM ${POLICY_TABLE} WHERE ${where.join(" AND ")} ORDER BY v1, v0, v2`, params);
    return rows.map((r) => ({ role: r.v0, jurisdiction: r.v1, permission: r.v2, source: r.source }));
  }

  /** Rules plugins installed (source `plugin:<id>`), optionally one plugin's in one jurisdiction. */
  async pluginRules(filter: { source?: string; jurisdiction?: string } = {}): Promise<Array<PolicyRule & { pluginId: string }>> {
    const where = ["ptype = 'p'", "source LIKE 'plugin:%'"];
    const params: string[] = [];
    if (filter.source) { where.push("source = ?"); params.push(filter.source); }
    if (filter.jurisdiction) { where.push("domain = ?"); params.push(filter.jurisdiction); }
    const rows: Array<{ v0: string; v1: string; v2: string; source: string }> = await this.ds.query(
      `SELECT v0, v1, v2, source FROM ${POLICY_TABLE} WHERE ${where.join(" AND ")}`, params);
    return rows.map((r) => ({ role: r.v0, jurisdiction: r.v1, permission: r.v2, source: r.source, pluginId: r.source.slice("plugin:".length) }));
  }
}
