/**
 * The jurisdictions a signed-in user may switch to: the subtree of their home jurisdiction and
 * of every node they hold a grant at — the same rule `auth.switchJurisdiction` applies. The
 * host's `jurisdictions.list` only shows the subtree of the *current* node, so a user who
 * switched down to a district could not see the way back up.
 */
import type { Context } from "moleculer";
import { hostOf, requireRequestContext, type Jurisdiction } from "@anju/kernel";

/** Identity's `auth.me` (owned by @anju/identity; only the fields used here). */
const AUTH_ME = "auth.me";
interface Me { user: { homeJurisdiction: string | null }; roles: Array<{ role: string; jurisdiction: string }> }

/** The signed-in user's home and grants, as identity tells the caller about themselves (null for others). */
export async function callerAccount(ctx: Context): Promise<Me | null> {
  if (requireRequestContext(ctx).principal.kind !== "user") return null;
  // Asked with the caller's own context: identity answers only about the caller.
  return ctx.call<Me, Record<string, never>>(AUTH_ME, {}).catch(() => null);
}

export async function switchableJurisdictions(ctx: Context): Promise<Jurisdiction[]> {
  const rc = requireRequestContext(ctx);
  const host = hostOf(ctx.broker);
  let roots: string[] = rc.jurisdiction ? [rc.jurisdiction] : [];
  const me = await callerAccount(ctx);
  if (me) roots = [me.user.homeJurisdiction, ...me.roles.map((g) => g.jurisdiction)].filter((c): c is string => !!c);
  const seen = new Map<string, Jurisdiction>();
  for (const root of new Set(roots)) {
    if (seen.has(root)) continue;
    for (const node of await host.jurisdictions.list(root).catch(() => [] as Jurisdiction[])) seen.set(node.code, node);
  }
  return [...seen.values()].sort((a, b) => a.path.localeCompare(b.path));
}
