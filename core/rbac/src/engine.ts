/**
 * The RBAC engine of one node: per-jurisdiction enforcers, the jurisdiction paths, the decision
 * cache, and every write. Writes and reloads run one at a time; each write first re-reads the
 * node's rules from the database (another node may have changed them), checks, saves through
 * Casbin's autosave (single INSERT/DELETE) — grants and rules, which the separation-of-duties
 * check guards, are checked and inserted in one transaction under a database lock instead — bumps `rbac.generation` and tells the service, which
 * broadcasts the change to the other nodes.
 */
import type { DataSource } from "typeorm";
import { runInTransaction } from "@anju/data";
import { PolicyAdapter, withSource, type PolicyRow } from "./adapter.js";
import { DecisionCache } from "./decision-cache.js";
import { DomainPolicy } from "./domain-policy.js";
import { RbacErrors } from "./errors.js";
import { bumpGeneration, lockPolicyWrites, readGeneration } from "./generation.js";
import { JurisdictionPaths } from "./paths.js";
import { BUILTIN_ROLES } from "./roles.js";
import { assertGrantKeepsDutiesApart, assertRuleKeepsDutiesApart } from "./sod.js";
import { PolicyQueries, type Grant } from "./store.js";

export interface RbacChange {
  generation: number;
  /** Jurisdictions whose rules changed; null = reload everything. */
  domains: string[] | null;
}

export class RbacEngine {
  readonly adapter: PolicyAdapter;
  readonly queries: PolicyQueries;
  readonly paths: JurisdictionPaths;
  readonly cache = new DecisionCache();
  private domains = new Map<string, DomainPolicy>();
  private global: DomainPolicy | null = null;
  /** The generation this node's rules are known to include. */
  generation = 0;
  private queue: Promise<unknown> = Promise.resolve();
  /** Set by the service: broadcast a change this node made. */
  onChange: (change: RbacChange) => void = () => undefined;

  constructor(readonly ds: DataSource) {
    this.adapter = new PolicyAdapter(ds);
    this.queries = new PolicyQueries(ds);
    this.paths = new JurisdictionPaths(ds);
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  // ── loading ──────────────────────────────────────────────────────────────

  load(): Promise<void> {
    return this.exclusive(() => this.loadAll());
  }

  private async loadAll(): Promise<void> {
    // Read the generation first: the rules read after it include at least that generation.
    const generation = await readGeneration(this.ds);
    await this.paths.load();
    this.global ??= await DomainPolicy.global(BUILTIN_ROLES.flatMap((r) => r.permissions.map((p) => [r.code, p] as const)));
    const byDomain = new Map<string, PolicyRow[]>();
    for (const row of await this.adapter.selectRows()) {
      const list = byDomain.get(row.domain) ?? [];
      list.push(row);
      byDomain.set(row.domain, list);
    }
    const domains = new Map<string, DomainPolicy>();
    for (const [domain, rows] of byDomain) domains.set(domain, await DomainPolicy.fromRows(domain, rows, this.adapter));
    this.domains = domains;
    this.generation = generation;
    this.cache.clear();
  }

  private async reloadDomain(domain: string): Promise<DomainPolicy> {
    const d = await DomainPolicy.load(domain, this.adapter);
    if (d.empty) this.domains.delete(domain);
    else this.domains.set(domain, d);
    return d;
  }

  /** Re-read the node's rules, change them through its enforcer (autosave), index, publish. */
  private async write(domain: string, change: (d: DomainPolicy) => Promise<unknown>): Promise<void> {
    const d = await DomainPolicy.load(domain, this.adapter);
    await change(d);
    await d.reindex();
    if (d.empty) this.domains.delete(domain);
    else this.domains.set(domain, d);
  }

  private async committed(domains: string[]): Promise<void> {
    this.cache.clear();
    const generation = await bumpGeneration(this.ds);
    // Another node's change in between means ours is not the only news: leave the counter
    // behind so the next poll reloads everything.
    if (generation === this.generation + 1) this.generation = generation;
    this.onChange({ generation, domains });
  }

  /** A change another node broadcast. */
  applyRemote(change: RbacChange): Promise<void> {
    return this.exclusive(async () => {
      if (change.generation <= this.generation) return;
      if (change.domains && change.generation === this.generation + 1) {
        for (const d of change.domains) await this.reloadDomain(d);
        this.generation = change.generation;
        this.cache.clear();
      } else {
        await this.loadAll();
      }
    });
  }

  /** The fallback when a broadcast was missed: compare the generation and the tree's fingerprint. */
  poll(): Promise<void> {
    return this.exclusive(async () => {
      if (await readGeneration(this.ds) !== this.generation) return this.loadAll();
      if (await this.paths.readFingerprint() !== this.paths.fingerprint) await this.reloadPaths();
    });
  }

  /** The jurisdiction tree changed (a node added, moved or removed). */
  async reloadPaths(): Promise<void> {
    await this.paths.load();
    this.cache.clear();
  }

  /**
   * This node removed a jurisdiction: delete the grants and rules stored for codes that no longer
   * exist, so a node created later under the same code does not inherit them.
   */
  purgeRemovedJurisdictions(): Promise<string[]> {
    return this.exclusive(async () => {
      await this.paths.load();
      const rows: Array<{ domain: string }> = await this.ds.query("SELECT DISTINCT domain FROM anju_policy");
      const gone = rows.map((r) => r.domain).filter((d) => !this.paths.get(d));
      for (const domain of gone) {
        await this.write(domain, async (d) => {
          const rules = await d.enforcer.getPolicy();
          const grants = await d.enforcer.getGroupingPolicy();
          if (rules.length > 0) await d.enforcer.removePolicies(rules);
          if (grants.length > 0) await d.enforcer.removeGroupingPolicies(grants);
        });
      }
      if (gone.length > 0) await this.committed(gone);
      else this.cache.clear();
      return gone;
    });
  }

  // ── decisions ────────────────────────────────────────────────────────────

  /** May `subject` use `permission` in `jurisdiction`? Cached until the next change. */
  async can(subject: string, jurisdiction: string, permission: string): Promise<boolean> {
    const key = DecisionCache.key(subject, jurisdiction, permission);
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const epoch = this.cache.epoch;
    const chain = this.paths.get(jurisdiction) ?? await this.paths.resolve(jurisdiction);
    if (!chain) return false;
    const allowed = this.decide(subject, chain, permission);
    this.cache.set(key, allowed, epoch);
    return allowed;
  }

  /** Roles granted to `subject` at the node or any ancestor (the path gives them, root first). */
  rolesCovering(subject: string, chain: readonly string[]): Set<string> {
    const roles = new Set<string>();
    for (const code of chain) {
      const granted = this.domains.get(code)?.rolesByUser.get(subject);
      if (granted) for (const r of granted) roles.add(r);
    }
    return roles;
  }

  /** Uncached decision: the covering roles, then the global enforcer and each ancestor's. */
  decide(subject: string, chain: readonly string[], permission: string): boolean {
    const roles = this.rolesCovering(subject, chain);
    if (roles.size === 0) return false;
    if (this.global?.permits(roles, permission)) return true;
    for (const code of chain) {
      if (this.domains.get(code)?.permits(roles, permission)) return true;
    }
    return false;
  }

  /** `decide` with no index in front of Casbin: every ancestor's enforcer evaluates its matcher. */
  decideByCasbinAlone(subject: string, chain: readonly string[], permission: string): boolean {
    const roles = this.rolesCovering(subject, chain);
    return [this.global, ...chain.map((c) => this.domains.get(c))].some((d) => d?.permitsByCasbinAlone(roles, permission) ?? false);
  }

  async permissionsOf(subject: string, jurisdiction: string): Promise<string[]> {
    const chain = await this.paths.resolve(jurisdiction);
    if (!chain) return [];
    const roles = this.rolesCovering(subject, chain);
    const out = new Set<string>();
    for (const d of [this.global, ...chain.map((c) => this.domains.get(c))]) {
      for (const [role, permission] of d?.rules ?? []) if (roles.has(role)) out.add(permission);
    }
    return [...out].sort();
  }

  /** Grants as stored (the database, not this node's memory: right after another node's change). */
  grantsOf(subject: string): Promise<Grant[]> {
    return this.queries.grantsOf(subject);
  }

  /** Number of jurisdictions holding rules in memory (health, benchmarks). */
  get domainCount(): number {
    return this.domains.size;
  }

  // ── writes ───────────────────────────────────────────────────────────────

  /**
   * Check and insert in one transaction under the policy write lock (`lockPolicyWrites`): two
   * nodes granting conflicting roles to one user at the same moment are ordered, and the second
   * one's separation-of-duties check sees the first one's grant. A refused write inserts nothing.
   */
  private checkedInsert(check: (q: PolicyQueries) => Promise<void>, ptype: "g" | "p", rule: readonly string[]): Promise<void> {
    return runInTransaction(this.ds, async (m) => {
      await lockPolicyWrites(m, this.ds);
      await check(new PolicyQueries(m));
      await this.adapter.insertRow(m, ptype, rule);
    });
  }

  grant(userId: string, role: string, jurisdiction: string): Promise<void> {
    return this.exclusive(async () => {
      await this.checkedInsert(async (q) => {
        if (await q.hasGrant(userId, role, jurisdiction)) throw RbacErrors.RBAC_GRANT_EXISTS({ role, jurisdiction });
        await assertGrantKeepsDutiesApart(q, userId, role);
      }, "g", [userId, role, jurisdiction]);
      // Committed: re-read the jurisdiction's rules (they include the new grant) and publish.
      await this.write(jurisdiction, async () => undefined);
      await this.committed([jurisdiction]);
    });
  }

  revoke(userId: string, role: string, jurisdiction: string): Promise<void> {
    return this.exclusive(async () => {
      if (!(await this.queries.hasGrant(userId, role, jurisdiction))) throw RbacErrors.RBAC_GRANT_NOT_FOUND({ role, jurisdiction });
      await this.write(jurisdiction, (d) => d.enforcer.removeGroupingPolicy(userId, role, jurisdiction));
      await this.committed([jurisdiction]);
    });
  }

  /** Remove the user's grants (only those inside `within`, when given). Returns what was removed. */
  revokeAll(userId: string, within: string | null): Promise<Grant[]> {
    return this.exclusive(async () => {
      const grants = (await this.queries.grantsOf(userId)).filter((g) => !within || this.paths.isWithin(g.jurisdiction, within));
      const domains = [...new Set(grants.map((g) => g.jurisdiction))];
      for (const domain of domains) {
        const rules = grants.filter((g) => g.jurisdiction === domain).map((g) => [userId, g.role, domain]);
        await this.write(domain, (d) => d.enforcer.removeGroupingPolicies(rules));
      }
      if (domains.length > 0) await this.committed(domains);
      return grants;
    });
  }

  addRule(role: string, jurisdiction: string, permission: string): Promise<void> {
    return this.exclusive(async () => {
      await this.checkedInsert(async (q) => {
        if (await q.hasRule(role, jurisdiction, permission)) throw RbacErrors.RBAC_POLICY_EXISTS({ role, jurisdiction, permission });
        await assertRuleKeepsDutiesApart(q, role, permission);
      }, "p", [role, jurisdiction, permission]);
      await this.write(jurisdiction, async () => undefined);
      await this.committed([jurisdiction]);
    });
  }

  removeRule(role: string, jurisdiction: string, permission: string): Promise<void> {
    return this.exclusive(async () => {
      if (!(await this.queries.hasRule(role, jurisdiction, permission))) throw RbacErrors.RBAC_POLICY_NOT_FOUND({ role, jurisdiction, permission });
      await this.write(jurisdiction, (d) => d.enforcer.removePolicy(role, jurisdiction, permission));
      await this.committed([jurisdiction]);
    });
  }

  /**
   * Make the plugin's rules in `jurisdiction` exactly `rules` ([role, permission]): add what is
   * missing, remove what the plugin no longer gives. Returns whether anything changed.
   */
  setPluginRules(pluginId: string, jurisdiction: string, rules: ReadonlyArray<readonly [string, string]>): Promise<boolean> {
    return this.exclusive(async () => {
      const source = `plugin:${pluginId}`;
      const current = await this.queries.pluginRules({ source, jurisdiction });
      const want = new Set(rules.map(([r, p]) => `${r}\u0000${p}`));
      const have = new Set(current.map((r) => `${r.role}\u0000${r.permission}`));
      let changed = false;
      await this.write(jurisdiction, async (d) => {
        const add: string[][] = [];
        for (const [role, permission] of rules) {
          // A rule an administrator already added stays the administrator's.
          if (!have.has(`${role}\u0000${permission}`) && !(await d.enforcer.hasPolicy(role, jurisdiction, permission))) add.push([role, jurisdiction, permission]);
        }
        const unique = [...new Map(add.map((r) => [r.join("\u0000"), r])).values()];
        const remove = current.filter((r) => !want.has(`${r.role}\u0000${r.permission}`)).map((r) => [r.role, jurisdiction, r.permission]);
        if (unique.length > 0) await withSource(source, () => d.enforcer.addPolicies(unique));
        if (remove.length > 0) await d.enforcer.removePolicies(remove);
        changed = unique.length > 0 || remove.length > 0;
      });
      if (!changed) return false;
      await this.committed([jurisdiction]);
      return true;
    });
  }
}
