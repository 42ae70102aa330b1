/**
 * A small Casbin adapter on the host's DataSource. It loads one jurisdiction's rules at a time
 * (filtered), and saves by single-row INSERT/DELETE (autosave). It never rewrites the table:
 * `savePolicy` refuses, and a filtered remove with no field values (which would empty a whole
 * ptype) refuses too. The TypeORM adapter's savePolicy truncates and rewrites outside a
 * transaction, which loses concurrent changes from other nodes — hence this one.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Model } from "casbin";
import type { BatchAdapter, FilteredAdapter } from "casbin";
import type { DataSource, EntityManager } from "typeorm";
import { dbTimestamp, kindOf } from "@anju/data";
import { RbacErrors } from "./errors.js";
import { POLICY_TABLE } from "./migrations.js";

export interface PolicyRow {
  ptype: string;
  v0: string; v1: string; v2: string; v3: string; v4: string; v5: string;
  domain: string;
  source: string;
}

export interface PolicyFilter { domain: string }

const COLUMNS = ["v0", "v1", "v2", "v3", "v4", "v5"] as const;
const sources = new AsyncLocalStorage<string>();

/** Run `fn` so that rules it adds are recorded with `source` (e.g. `plugin:community`). */
export function withSource<T>(source: string, fn: () => Promise<T>): Promise<T> {
  return sources.run(source, fn);
}

/** The jurisdiction a rule belongs to: `p = role, dom, perm`; `g = user, role, dom`. */
export function domainOfRule(ptype: string, rule: readonly string[]): string {
  return (ptype.startsWith("g") ? rule[2] : rule[1]) ?? "";
}

/** A row as Casbin's rule array (trailing empty fields dropped). */
export function ruleOf(row: PolicyRow): string[] {
  const values = COLUMNS.map((c) => row[c] ?? "");
  while (values.length > 0 && values[values.length - 1] === "") values.pop();
  return values;
}

/** Put rows into a Casbin model (no role links built; the caller builds them once). */
export function loadRowsInto(model: Model, rows: readonly PolicyRow[]): void {
  for (const row of rows) {
    const sec = row.ptype.startsWith("g") ? "g" : "p";
    model.addPolicy(sec, row.ptype, ruleOf(row));
  }
}

export class PolicyAdapter implements FilteredAdapter, BatchAdapter {
  private filtered = false;

  constructor(private readonly ds: DataSource) {}

  private insertVerb(): string {
    // A rule another node added a moment ago is already there: that is success, not an error.
    return kindOf(this.ds) === "mysql" ? "INSERT IGNORE INTO" : "INSERT OR IGNORE INTO";
  }

  async selectRows(filter?: PolicyFilter, m: EntityManager = this.ds.manager): Promise<PolicyRow[]> {
    const sql = `SELECT ptype, v0, v1, v2, v3, v4, v5, domain, source FROM ${POLICY_TABLE}`;
    return filter ? m.query(`${sql} WHERE domain = ? ORDER BY id`, [filter.domain]) : m.query(`${sql} ORDER BY id`);
  }

  async loadPolicy(model: Model): Promise<void> {
    this.filtered = false;
    loadRowsInto(model, await this.selectRows());
  }

  async loadFilteredPolicy(model: Model, filter: PolicyFilter): Promise<void> {
    this.filtered = true;
    loadRowsInto(model, await this.selectRows(filter));
  }

  isFiltered(): boolean {
    return this.filtered;
  }

  async savePolicy(): Promise<boolean> {
    throw RbacErrors.RBAC_SAVE_REFUSED();
  }

  /** Insert one rule row through `m` (a transaction's manager): the grant path's checked insert. */
  insertRow(m: EntityManager, ptype: string, rule: readonly string[]): Promise<void> {
    return this.insert(m, ptype, rule);
  }

  private async insert(m: EntityManager, ptype: string, rule: readonly string[]): Promise<void> {
    const values = COLUMNS.map((_, i) => rule[i] ?? "");
    await m.query(
      `${this.insertVerb()} ${POLICY_TABLE} (ptype, v0, v1, v2, v3, v4, v5, domain, source, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [ptype, ...values, domainOfRule(ptype, rule), sources.getStore() ?? "admin", dbTimestamp()]);
  }

  private async delete(m: EntityManager, ptype: string, rule: readonly string[]): Promise<void> {
    const values = COLUMNS.map((_, i) => rule[i] ?? "");
    await m.query(`DELETE FROM ${POLICY_TABLE} WHERE ptype = ? AND ${COLUMNS.map((c) => `${c} = ?`).join(" AND ")}`, [ptype, ...values]);
  }

  async addPolicy(_sec: string, ptype: string, rule: string[]): Promise<void> {
    await this.insert(this.ds.manager, ptype, rule);
  }

  async addPolicies(_sec: string, ptype: string, rules: string[][]): Promise<void> {
    await this.ds.transaction(async (m) => { for (const rule of rules) await this.insert(m, ptype, rule); });
  }

  async removePolicy(_sec: string, ptype: string, rule: string[]): Promise<void> {
    await this.delete(this.ds.manager, ptype, rule);
  }

  async removePolicies(_sec: string, ptype: string, rules: string[][]): Promise<void> {
    await this.ds.transaction(async (m) => { for (const rule of rules) await this.delete(m, ptype, rule); });
  }

  async removeFilteredPolicy(_sec: string, ptype: string, fieldIndex: number, ...fieldValues: string[]): Promise<void> {
    const where: string[] = ["ptype = ?"];
    const params: string[] = [ptype];
    fieldValues.forEach((value, i) => {
      const column = COLUMNS[fieldIndex + i];
      if (value && column) { where.push(`${column} = ?`); params.push(value); }
    });
    if (params.length === 1) throw RbacErrors.RBAC_SAVE_REFUSED();
    await this.ds.query(`DELETE FROM ${POLICY_TABLE} WHERE ${where.join(" AND ")}`, params);
  }
}
