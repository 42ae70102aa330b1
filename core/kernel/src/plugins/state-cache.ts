/**
 * In-memory view of which plugin is enabled where, read by the plugin gate on every call.
 * Rebuilt from the database as a whole and swapped atomically, so a reader never sees half a
 * change. Inheritance: a jurisdiction takes the nearest explicit row on its path to the root.
 */
import type { DataSource } from "typeorm";

export interface StateSnapshot {
  /** jurisdiction code → [itself, parent, …, root] */
  ancestors: Map<string, string[]>;
  /** plugin id → (jurisdiction code → explicit enabled flag) */
  explicit: Map<string, Map<string, boolean>>;
  /** plugin id → state ("installed" | "failed") */
  states: Map<string, string>;
  /** plugin id → ids it requires */
  requires: Map<string, string[]>;
}

export class PluginStateCache {
  private snapshot: StateSnapshot = { ancestors: new Map(), explicit: new Map(), states: new Map(), requires: new Map() };

  /**
   * The gate's answers for the current snapshot (plugin id + jurisdiction → callable), so a call
   * is one map lookup. Replaced, never cleared, on reload: an answer always belongs to exactly
   * one snapshot. Bounded by plugins × jurisdictions that are actually called.
   */
  private enabledMemo = new Map<string, boolean>();

  constructor(private readonly ds: DataSource) {}

  async reload(): Promise<void> {
    const [jurisdictions, rows, plugins] = await Promise.all([
      this.ds.query("SELECT code, path FROM anju_jurisdiction") as Promise<Array<{ code: string; path: string }>>,
      this.ds.query("SELECT plugin_id, jurisdiction_code, enabled FROM anju_plugin_jurisdiction") as Promise<Array<{ plugin_id: string; jurisdiction_code: string; enabled: number | boolean }>>,
      this.ds.query("SELECT id, state, manifest FROM anju_plugin") as Promise<Array<{ id: string; state: string; manifest: string }>>,
    ]);
    const ancestors = new Map<string, string[]>();
    for (const j of jurisdictions) ancestors.set(j.code, j.path.split("/").filter(Boolean).reverse());
    const explicit = new Map<string, Map<string, boolean>>();
    for (const r of rows) {
      if (!explicit.has(r.plugin_id)) explicit.set(r.plugin_id, new Map());
      explicit.get(r.plugin_id)!.set(r.jurisdiction_code, Boolean(Number(r.enabled)));
    }
    const requires = new Map<string, string[]>();
    for (const p of plugins) {
      try { requires.set(p.id, Object.keys((JSON.parse(p.manifest) as { requires?: Record<string, string> }).requires ?? {})); } catch { requires.set(p.id, []); }
    }
    this.snapshot = { ancestors, explicit, states: new Map(plugins.map((p) => [p.id, p.state])), requires };
    // Swapped together with the snapshot it was computed from.
    this.enabledMemo = new Map();
  }

  isInstalled(pluginId: string): boolean {
    return this.snapshot.states.has(pluginId);
  }

  jurisdictionExists(code: string): boolean {
    return this.snapshot.ancestors.has(code);
  }

  ancestorsOf(code: string): string[] {
    return this.snapshot.ancestors.get(code) ?? [];
  }

  /** Effective enablement, and which node decided it (null: nothing set on the path). */
  effective(pluginId: string, jurisdiction: string): { enabled: boolean; from: string | null } {
    const rows = this.snapshot.explicit.get(pluginId);
    if (!rows || !this.snapshot.states.has(pluginId)) return { enabled: false, from: null };
    for (const code of this.snapshot.ancestors.get(jurisdiction) ?? []) {
      const flag = rows.get(code);
      if (flag !== undefined) return { enabled: flag, from: code };
    }
    return { enabled: false, from: null };
  }

  /**
   * Callable here: enabled on the path, and so is everything it requires. An explicit "off"
   * row for a required plugin further down the tree therefore switches its dependents off
   * there too, instead of leaving them running without what they need.
   */
  isEnabled(pluginId: string, jurisdiction: string): boolean {
    const memo = this.enabledMemo;
    const key = `${pluginId}\u0000${jurisdiction}`;
    let answer = memo.get(key);
    if (answer === undefined) {
      answer = this.computeEnabled(pluginId, jurisdiction, []);
      if (memo.size < 10_000) memo.set(key, answer);
    }
    return answer;
  }

  private computeEnabled(pluginId: string, jurisdiction: string, seen: string[]): boolean {
    if (!this.effective(pluginId, jurisdiction).enabled) return false;
    for (const dep of this.snapshot.requires.get(pluginId) ?? []) {
      if (seen.includes(dep)) continue;
      if (!this.computeEnabled(dep, jurisdiction, [...seen, pluginId])) return false;
    }
    return true;
  }
}
