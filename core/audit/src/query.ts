/**
 * Reading the trail: filters → SQL, newest first. A caller sees only events of its own
 * jurisdiction subtree (the current tree in anju_jurisdiction). Events with no jurisdiction
 * (the system's own, failed logins of unknown users) are visible to callers acting at a root
 * of the tree and to the system principal. A caller's jurisdiction comes from its session only.
 */
import type { DataSource } from "typeorm";
import { AUDIT_TABLE } from "./constants.js";
import type { AuditResult } from "./constants.js";
import { fromDb, ROW_COLUMNS, toDbTime, type AuditRow, type DbAuditRow } from "./chain.js";
import { AuditErrors } from "./errors.js";

export interface AuditFilter {
  /** Inclusive, ISO-8601. */
  from?: string;
  /** Exclusive, ISO-8601. */
  to?: string;
  userId?: string;
  /** Exact name, or a prefix ending in `*` (e.g. `identity.*`). */
  action?: string;
  object?: string;
  /** A node inside the caller's subtree: its whole subtree. */
  jurisdiction?: string;
  result?: AuditResult;
}

/** Whose view: `null` = everything (the system principal). */
export type AuditScope = { jurisdiction: string | null };

export interface AuditEntry {
  seq: number;
  at: string;
  userId: string | null;
  jurisdiction: string | null;
  action: string;
  object: string | null;
  result: AuditResult;
  ip: string | null;
  detail: Record<string, unknown> | unknown[] | null;
  hash: string;
}

export function toEntry(r: AuditRow): AuditEntry {
  let detail: AuditEntry["detail"] = null;
  try {
    detail = r.detail ? JSON.parse(r.detail) : null;
  } catch {
    detail = null;
  }
  return { seq: r.seq, at: r.at, userId: r.userId, jurisdiction: r.jurisdiction, action: r.action, object: r.object, result: r.result, ip: r.ip, detail, hash: r.hash };
}

interface Where { sql: string; params: unknown[] }

async function pathOf(ds: DataSource, code: string): Promise<{ path: string; root: boolean } | null> {
  const rows: Array<{ path: string; parent_code: string | null }> = await ds.query(
    "SELECT path, parent_code FROM anju_jurisdiction WHERE code = ?", [code]);
  return rows[0] ? { path: rows[0].path, root: rows[0].parent_code === null } : null;
}

function parseTime(value: string, field: string): string {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw AuditErrors.AUDIT_RANGE_INVALID({ reason: `${field}` });
  return toDbTime(d.toISOString());
}

export async function buildWhere(ds: DataSource, filter: AuditFilter, scope: AuditScope): Promise<Where> {
  const parts: string[] = [];
  const params: unknown[] = [];
  const subtree = "a.jurisdiction IN (SELECT j.code FROM anju_jurisdiction j WHERE j.path LIKE ?)";
  let scopePath: string | null = null;
  if (scope.jurisdiction !== null) {
    const own = await pathOf(ds, scope.jurisdiction);
    if (!own) {
      // The caller's node was removed from the tree: only its own events.
      parts.push("a.jurisdiction = ?");
      params.push(scope.jurisdiction);
    } else {
      scopePath = own.path;
      parts.push(own.root ? `(${subtree} OR a.jurisdiction IS NULL)` : subtree);
      params.push(`${own.path}%`);
    }
  }
  if (filter.jurisdiction !== undefined) {
    const target = await pathOf(ds, filter.jurisdiction);
    const visible = target && (scope.jurisdiction === null || (scopePath !== null && target.path.startsWith(scopePath)));
    if (!target || !visible) throw AuditErrors.AUDIT_JURISDICTION_NOT_FOUND({ code: filter.jurisdiction });
    parts.push(subtree);
    params.push(`${target.path}%`);
  }
  if (filter.from !== undefined) { parts.push("a.at >= ?"); params.push(parseTime(filter.from, "from")); }
  if (filter.to !== undefined) { parts.push("a.at < ?"); params.push(parseTime(filter.to, "to")); }
  if (filter.from !== undefined && filter.to !== undefined && new Date(filter.from) > new Date(filter.to)) {
    throw AuditErrors.AUDIT_RANGE_INVALID({ reason: "from > to" });
  }
  if (filter.userId !== undefined) { parts.push("a.user_id = ?"); params.push(filter.userId); }
  if (filter.object !== undefined) { parts.push("a.object = ?"); params.push(filter.object); }
  if (filter.result !== undefined) { parts.push("a.result = ?"); params.push(filter.result); }
  if (filter.action !== undefined) {
    if (filter.action.endsWith("*")) {
      const prefix = filter.action.slice(0, -1);
      // SUBSTR instead of LIKE: action names may contain `_`, a LIKE wildcard.
      parts.push(`SUBSTR(a.action, 1, ${prefix.length}) = ?`);
      params.push(prefix);
    } else {
      parts.push("a.action = ?");
      params.push(filter.action);
    }
  }
  return { sql: parts.length ? `WHERE ${parts.join(" AND ")}` : "", params };
}

export async function countEntries(ds: DataSource, where: Where): Promise<number> {
  const rows: Array<{ n: number | string }> = await ds.query(`SELECT COUNT(*) AS n FROM ${AUDIT_TABLE} a ${where.sql}`, where.params);
  return Number(rows[0]?.n ?? 0);
}

/** Newest first. `beforeSeq` pages by key (exports); `offset` pages by number (the API). */
export async function findEntries(ds: DataSource, where: Where, limit: number, offset = 0, beforeSeq?: number): Promise<AuditRow[]> {
  const cols = ROW_COLUMNS.split(", ").map((c) => `a.${c}`).join(", ");
  const keyed = beforeSeq !== undefined ? `${where.sql ? `${where.sql} AND` : "WHERE"} a.seq < ?` : where.sql;
  const params = beforeSeq !== undefined ? [...where.params, beforeSeq] : where.params;
  const rows: DbAuditRow[] = await ds.query(
    `SELECT ${cols} FROM ${AUDIT_TABLE} a ${keyed} ORDER BY a.seq DESC LIMIT ${Math.trunc(limit)} OFFSET ${Math.trunc(offset)}`, params);
  return rows.map(fromDb);
}
