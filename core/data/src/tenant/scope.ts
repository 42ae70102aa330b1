/**
 * The async scope a query runs in. Tenant tables may be touched only inside `withTenantScope`
 * (the scoped repository does that) or `asSystem` (migrations, host maintenance).
 */
import { AsyncLocalStorage } from "node:async_hooks";

export type QueryScope = { kind: "tenant"; jurisdiction: string } | { kind: "system"; reason: string };

const storage = new AsyncLocalStorage<QueryScope>();

export function currentQueryScope(): QueryScope | undefined {
  return storage.getStore();
}

export function withTenantScope<T>(jurisdiction: string, fn: () => Promise<T>): Promise<T> {
  return storage.run({ kind: "tenant", jurisdiction }, fn);
}

/** Host-level work that legitimately spans jurisdictions (migrations, uninstall, exports by the system). */
export function asSystem<T>(reason: string, fn: () => Promise<T>): Promise<T> {
  return storage.run({ kind: "system", reason }, fn);
}
