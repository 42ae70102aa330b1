/**
 * Jurisdiction ancestry from the materialised paths in anju_jurisdiction ('/340000/340100/'):
 * code → [root, …, code]. A grant or rule at any of those codes covers the node. Reloaded when
 * the tree changes (this node's store tells us; other nodes' changes show in a cheap fingerprint
 * the poll reads) and, throttled, when a code is asked for that we have not seen yet.
 */
import type { DataSource } from "typeorm";

const RELOAD_ON_MISS_MS = 250;

export class JurisdictionPaths {
  private chains = new Map<string, readonly string[]>();
  private lastLoad = 0;
  private loading: Promise<void> | null = null;
  fingerprint = "";

  constructor(private readonly ds: DataSource) {}

  /** Re-read the tree. Loads run one after another, so a load asked for after a change sees it. */
  load(): Promise<void> {
    const run = (this.loading ?? Promise.resolve()).catch(() => undefined).then(async () => {
      const fingerprint = await this.readFingerprint();
      const rows: Array<{ code: string; path: string }> = await this.ds.query("SELECT code, path FROM anju_jurisdiction");
      const chains = new Map<string, readonly string[]>();
      for (const r of rows) chains.set(r.code, Object.freeze(r.path.split("/").filter(Boolean)));
      this.chains = chains;
      this.fingerprint = fingerprint;
      this.lastLoad = Date.now();
    });
    this.loading = run;
    return run;
  }

  /** Count and latest change: a move, add, rename or removal anywhere changes it. */
  async readFingerprint(): Promise<string> {
    const rows: Array<{ n: number | string; m: unknown }> = await this.ds.query("SELECT COUNT(*) AS n, MAX(updated_at) AS m FROM anju_jurisdiction");
    const m = rows[0]?.m;
    return `${rows[0]?.n ?? 0}|${m instanceof Date ? m.toISOString() : String(m ?? "")}`;
  }

  /** The node's ancestors (root first, the node last), or undefined for an unknown code. */
  get(code: string): readonly string[] | undefined {
    return this.chains.get(code);
  }

  /** Like `get`, re-reading the tree (at most every 250 ms) when the code is not known yet. */
  async resolve(code: string): Promise<readonly string[] | undefined> {
    const chain = this.chains.get(code);
    if (chain || Date.now() - this.lastLoad < RELOAD_ON_MISS_MS) return chain;
    await this.load();
    return this.chains.get(code);
  }

  /** True when `code` is `ancestor` or lies below it. */
  isWithin(code: string, ancestor: string): boolean {
    return this.chains.get(code)?.includes(ancestor) ?? false;
  }
}
