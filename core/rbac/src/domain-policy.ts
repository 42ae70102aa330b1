/**
 * One jurisdiction's rules in a Casbin enforcer of its own, plus two indexes built from the
 * enforcer after every load or change: the roles each user was granted here (the engine unions
 * these along a node's path), and the (role, permission) pairs the rules here name. The model is
 * allow-only with exact matches, so such a pair is necessary for Casbin to allow: without one
 * the enforcer is skipped (a denial costs no matcher evaluation); with one, Casbin's matcher
 * decides. The pair index never changes an answer (test: "fast path equals plain Casbin").
 */
import type { Enforcer } from "casbin";
import { GLOBAL_DOMAIN, newDomainEnforcer } from "./model.js";
import { loadRowsInto, type PolicyAdapter, type PolicyRow } from "./adapter.js";

function pairKey(role: string, permission: string): string {
  return `${role}\u0000${permission}`;
}

export class DomainPolicy {
  rolesByUser: ReadonlyMap<string, readonly string[]> = new Map();
  /** `role \0 permission` for every rule here. */
  pairs: ReadonlySet<string> = new Set();
  /** [role, permission] pairs given here. */
  rules: ReadonlyArray<readonly [string, string]> = [];

  private constructor(readonly domain: string, readonly enforcer: Enforcer) {}

  /** A node's enforcer loaded through the filtered adapter (the node's rows only). */
  static async load(domain: string, adapter: PolicyAdapter): Promise<DomainPolicy> {
    const e = await newDomainEnforcer();
    e.setAdapter(adapter);
    await e.loadFilteredPolicy({ domain });
    const d = new DomainPolicy(domain, e);
    await d.reindex();
    return d;
  }

  /** A node's enforcer from rows already read (the start-up load reads all nodes in one query). */
  static async fromRows(domain: string, rows: readonly PolicyRow[], adapter: PolicyAdapter | null): Promise<DomainPolicy> {
    const e = await newDomainEnforcer();
    loadRowsInto(e.getModel(), rows);
    await e.buildRoleLinks();
    if (adapter) e.setAdapter(adapter);
    const d = new DomainPolicy(domain, e);
    await d.reindex();
    return d;
  }

  /** The built-in roles' permissions: in memory only, never written to the table. */
  static async global(rules: ReadonlyArray<readonly [string, string]>): Promise<DomainPolicy> {
    const rows = rules.map(([role, permission]) => ({ ptype: "p", v0: role, v1: GLOBAL_DOMAIN, v2: permission, v3: "", v4: "", v5: "", domain: GLOBAL_DOMAIN, source: "builtin" }));
    return DomainPolicy.fromRows(GLOBAL_DOMAIN, rows, null);
  }

  async reindex(): Promise<void> {
    const roles = new Map<string, string[]>();
    for (const [user, role] of await this.enforcer.getGroupingPolicy()) {
      const list = roles.get(user) ?? [];
      list.push(role);
      roles.set(user, list);
    }
    const rules: Array<readonly [string, string]> = [];
    for (const [role, , permission] of await this.enforcer.getPolicy()) rules.push([role, permission]);
    // Swap whole objects: a decision running meanwhile sees the old index or the new, never half.
    this.rolesByUser = roles;
    this.rules = rules;
    this.pairs = new Set(rules.map(([r, p]) => pairKey(r, p)));
  }

  get empty(): boolean {
    return this.rolesByUser.size === 0 && this.rules.length === 0;
  }

  /** Does one of `roles` carry `permission` here? Casbin evaluates the matcher once a rule could match. */
  permits(roles: ReadonlySet<string>, permission: string): boolean {
    for (const role of roles) {
      if (this.pairs.has(pairKey(role, permission))) return this.enforcer.enforceSync(roles, this.domain, permission);
    }
    return false;
  }

  /** The same question put to Casbin with no index in front (tests compare the two). */
  permitsByCasbinAlone(roles: ReadonlySet<string>, permission: string): boolean {
    return this.enforcer.enforceSync(roles, this.domain, permission);
  }
}
