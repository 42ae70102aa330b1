/**
 * Who is asking, and which part of the tree they see: the verified context's jurisdiction and
 * its subtree (by materialised path). The system acting for no jurisdiction sees everything.
 */
import type { AnjuHost, RequestContext } from "@anju/kernel";

export interface Caller {
  rc: Readonly<RequestContext>;
  jurisdiction: string | null;
  /** `/340000/340100/`, null for the system. */
  path: string | null;
}

export async function callerOf(host: AnjuHost, rc: Readonly<RequestContext>): Promise<Caller> {
  if (!rc.jurisdiction) return { rc, jurisdiction: null, path: null };
  const node = await host.jurisdictions.find(rc.jurisdiction);
  // A context for a node removed since sign-in sees nothing (a path no node has).
  return { rc, jurisdiction: rc.jurisdiction, path: node?.path ?? "/-/" };
}

/** SQL condition (and its parameter) limiting `alias.jurisdiction_code` to the caller's subtree. */
export function subtreeCondition(caller: Caller, alias: string): { sql: string; params: unknown[] } {
  if (!caller.path) return { sql: `${alias}.jurisdiction_code IS NOT NULL`, params: [] };
  return { sql: `${alias}.jurisdiction_code IN (SELECT code FROM anju_jurisdiction WHERE path LIKE ?)`, params: [`${caller.path}%`] };
}

/** Does a record at `path` (a jurisdiction's materialised path) lie in the caller's subtree? */
export function sees(caller: Caller, path: string): boolean {
  return !caller.path || path.startsWith(caller.path);
}
