/**
 * Subtree checks for the county's consumer. The county decides what it accepts from its own
 * jurisdiction tree (the materialised path in anju_jurisdiction), never from what a message
 * says about itself.
 */
import type { DataSource } from "typeorm";
import { rows } from "./sql.js";

/** Accept exactly these community codes (fixtures, or a county configured by list). */
export function subtreeOf(codes: Iterable<string>): (code: string) => boolean {
  const set = new Set(codes);
  return (code) => set.has(code);
}

/**
 * Accept communities whose jurisdiction path runs through the county, read from the host's
 * anju_jurisdiction table. Answers are cached for `ttlMs` so the check costs nothing per
 * message; a community added to the tree is accepted once the cache expires (rejected
 * messages in between are recorded, and the community's outbox can be re-sent).
 */
export function subtreeFromJurisdictions(ds: DataSource, countyCode: string, ttlMs = 60_000): (code: string) => Promise<boolean> {
  const cache = new Map<string, { ok: boolean; at: number }>();
  return async (code) => {
    const hit = cache.get(code);
    if (hit && Date.now() - hit.at < ttlMs) return hit.ok;
    const [county] = await rows<{ path: string }>(ds, "SELECT path FROM anju_jurisdiction WHERE code = ?", [countyCode]);
    const [own] = await rows<{ path: string }>(ds, "SELECT path FROM anju_jurisdiction WHERE code = ?", [code]);
    const ok = Boolean(county && own && code !== countyCode && own.path.startsWith(county.path));
    cache.set(code, { ok, at: Date.now() });
    return ok;
  };
}
