/**
 * The hash chain. Each row's hash is HMAC-SHA256(key, canonical(row fields + prev_hash)), where
 * the canonical form is a JSON array in a fixed order: strings are serialised by JSON.stringify
 * (deterministic), `at` is the ISO-8601 UTC string with milliseconds, `detail` is the stored JSON
 * text itself. Changing any field, the order, or the link to the previous row changes the hash.
 */
import crypto from "node:crypto";
import { GENESIS_HASH } from "./constants.js";
import type { AuditResult } from "./constants.js";
import type { AuditKey } from "./keys.js";

const FORMAT = "anju-audit/1";

/** A row as stored (and as hashed). */
export interface AuditRow {
  seq: number;
  /** ISO-8601 UTC with milliseconds, e.g. 2026-01-02T03:04:05.678Z. */
  at: string;
  keyId: string;
  userId: string | null;
  jurisdiction: string | null;
  action: string;
  object: string | null;
  result: AuditResult;
  ip: string | null;
  /** Sanitised JSON text, or null. */
  detail: string | null;
  prevHash: string;
  hash: string;
}

export type UnhashedRow = Omit<AuditRow, "hash">;

export function canonical(row: UnhashedRow): string {
  return JSON.stringify([
    FORMAT, row.seq, row.at, row.keyId, row.userId, row.jurisdiction, row.action,
    row.object, row.result, row.ip, row.detail, row.prevHash,
  ]);
}

export function hashRow(key: AuditKey, row: UnhashedRow): string {
  return crypto.createHmac("sha256", key.secret).update(canonical(row), "utf8").digest("hex");
}

/** The newest row: what the next append links to. Stored as `<seq>:<hash>:<keyId>`. */
export interface ChainHead { seq: number; hash: string; keyId: string }
/** The oldest retained row (moves on purge). Stored as `<seq>:<prev_hash>`. */
export interface ChainBase { seq: number; prevHash: string }

export const EMPTY_HEAD: ChainHead = { seq: 0, hash: GENESIS_HASH, keyId: "" };
export const INITIAL_BASE: ChainBase = { seq: 1, prevHash: GENESIS_HASH };

export function formatHead(h: ChainHead): string {
  return `${h.seq}:${h.hash}:${h.keyId}`;
}

export function parseHead(value: string | null | undefined): ChainHead | null {
  const m = /^(\d+):([0-9a-f]{64}):([0-9a-f]{16})?$/.exec(value ?? "");
  return m ? { seq: Number(m[1]), hash: m[2], keyId: m[3] ?? "" } : null;
}

export function formatBase(b: ChainBase): string {
  return `${b.seq}:${b.prevHash}`;
}

export function parseBase(value: string | null | undefined): ChainBase | null {
  const m = /^(\d+):([0-9a-f]{64})$/.exec(value ?? "");
  return m ? { seq: Number(m[1]), prevHash: m[2] } : null;
}

/** `at` as the databases take it as a bound parameter (SQLite cannot bind Date; MySQL DATETIME(3)). */
export function toDbTime(iso: string): string {
  return iso.replace("T", " ").replace("Z", "");
}

/** A DATETIME read back: a Date (mysql2, UTC) or the stored text (SQLite). */
export function fromDbTime(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  const s = String(value);
  const iso = s.includes("T") ? s : s.replace(" ", "T");
  const d = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
  return Number.isNaN(d.getTime()) ? s : d.toISOString();
}

export interface DbAuditRow {
  seq: number | string;
  at: Date | string;
  key_id: string;
  user_id: string | null;
  jurisdiction: string | null;
  action: string;
  object: string | null;
  result: string;
  ip: string | null;
  detail: string | null;
  prev_hash: string;
  hash: string;
}

export function fromDb(r: DbAuditRow): AuditRow {
  return {
    seq: Number(r.seq),
    at: fromDbTime(r.at),
    keyId: r.key_id,
    userId: r.user_id ?? null,
    jurisdiction: r.jurisdiction ?? null,
    action: r.action,
    object: r.object ?? null,
    result: r.result as AuditResult,
    ip: r.ip ?? null,
    detail: r.detail ?? null,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export const ROW_COLUMNS = "seq, at, key_id, user_id, jurisdiction, action, object, result, ip, detail, prev_hash, hash";

export function rowParams(r: AuditRow): unknown[] {
  return [r.seq, toDbTime(r.at), r.keyId, r.userId, r.jurisdiction, r.action, r.object, r.result, r.ip, r.detail, r.prevHash, r.hash];
}
