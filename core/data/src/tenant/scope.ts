/**
 * The async scope a query runs in. Tenant tables may be touched only inside `withTenantScope`
 * (the scoped repository does that) or `asSystem` (migrations, host maintenance).
 *
 * Cost: on Node 20 an enabled AsyncLocalStorage switches on promise hooks for every promise in
 * the process (≈ 15–20 µs per HTTP request on the gateway's hot path, see docs/benchmarks.md),
 * also for requests that never touch the database. So the storage is switched off again once no
 * scope has been open for a while, and back on by the next scope. This never widens access:
 * while it is off `getStore()` answers undefined, so the tenant guard refuses (fails closed);
 * a scope's own work (everything awaited inside `fn`) always runs while it is on, because the
 * storage is switched off only when no `fn` has an unsettled promise. Work a scope started
 * without awaiting and that outlives it by more than IDLE_MS runs unscoped, i.e. is refused.
 */
import { AsyncLocalStorage } from "node:async_hooks";

export type QueryScope = { kind: "tenant"; jurisdiction: string } | { kind: "system"; reason: string };

const storage = new AsyncLocalStorage<QueryScope>();

/** How long the storage stays on after the last scope ended (avoids switching hooks per request). */
const IDLE_MS = 1000;
let open = 0;
let idleTimer: ReturnType<typeof setTimeout> | null = null;

function leave(): void {
  open -= 1;
  if (open > 0 || idleTimer) return;
  idleTimer = setTimeout(() => {
    idleTimer = null;
    if (open === 0) storage.disable();
  }, IDLE_MS);
  idleTimer.unref?.();
}

function runScoped<T>(scope: QueryScope, fn: () => Promise<T>): Promise<T> {
  open += 1;
  if (idleTimer) {
    clearTimeout(idleTimer);
    idleTimer = null;
  }
  let result: Promise<T>;
  try {
    result = storage.run(scope, fn);
  } catch (err) {
    leave();
    throw err;
  }
  return Promise.resolve(result).finally(leave);
}

export function currentQueryScope(): QueryScope | undefined {
  return storage.getStore();
}

export function withTenantScope<T>(jurisdiction: string, fn: () => Promise<T>): Promise<T> {
  return runScoped({ kind: "tenant", jurisdiction }, fn);
}

/** Host-level work that legitimately spans jurisdictions (migrations, uninstall, exports by the system). */
export function asSystem<T>(reason: string, fn: () => Promise<T>): Promise<T> {
  return runScoped({ kind: "system", reason }, fn);
}
