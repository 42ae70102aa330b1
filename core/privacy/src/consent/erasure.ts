/**
 * What happens to stored personal information when a subject withdraws consent: every
 * registered erasure handler nulls the subject's fields of the withdrawn kinds, inside the same
 * transaction as the withdrawal — if one handler fails, nothing is withdrawn and nothing erased.
 *
 * A plugin gets a handler for free by naming the subject property in `definePiFields(...,
 * { subject: "id" })`; custom storage registers its own with `registerErasureHandler`.
 */
import type { EntityManager } from "typeorm";
import type { PiKind } from "../kinds.js";

export interface ErasureEvent {
  /** The withdrawal's transaction: write through it. */
  manager: EntityManager;
  consentId: string;
  subjectId: string;
  purpose: string;
  /** Kinds no remaining consent of the subject covers. */
  kinds: PiKind[];
  /** The consent's jurisdiction: erase inside its subtree only. */
  jurisdiction: string;
}

/** Returns how many rows it changed (reported with the withdrawal, for the audit trail). */
export type ErasureHandler = (event: ErasureEvent) => Promise<number | void>;

const handlers = new Map<string, ErasureHandler>();

/** Register (or replace) a handler under a stable name, e.g. `"parking.vehicle"`. */
export function registerErasureHandler(name: string, handler: ErasureHandler): void {
  handlers.set(name, handler);
}

export function unregisterErasureHandler(name: string): void {
  handlers.delete(name);
}

export function erasureHandlers(): ReadonlyMap<string, ErasureHandler> {
  return handlers;
}

/** SQL condition: the jurisdiction column lies in the subtree of `:anjuErasureScope`. */
export function subtreeCondition(column: string): string {
  return `${column} IN (SELECT sj.code FROM anju_jurisdiction sj WHERE sj.path LIKE (SELECT CONCAT(pj.path, '%') FROM anju_jurisdiction pj WHERE pj.code = :anjuErasureScope))`;
}
