/**
 * `verify()`: walk the chain oldest first and report every place it does not hold, by seq:
 *   hash_mismatch  the row's fields no longer give its stored hash (a field was edited)
 *   broken_link    the row's prev_hash is not the previous row's hash (a row was replaced or
 *                  re-hashed, or rows were reordered)
 *   gap            rows seq..to are missing: deleted at the start, in the middle, or at the end
 *                  (the end is known only from the head anchor in anju_meta)
 *   head_mismatch / head_missing / beyond_head   the head anchor disagrees with the rows
 *   base_mismatch  the purge boundary in anju_meta is not the one the last purge event recorded
 *   unknown_key    the row was keyed with a key this node does not hold
 *   anchor_mismatch  a head the auditor noted earlier (seq + hash) is no longer in the chain
 * Incremental (`since`: a head noted from an earlier report): the row at `since.seq` must still
 * have `since.hash` and still hash right with the keyring; then only the rows after it are
 * walked, with the same checks. The base is checked against the newest successful purge after
 * the anchor, or (none seen) the newest one at or before it, found with one query and re-hashed;
 * the first retained row is checked against the base with one more. Rows before the anchor are
 * otherwise trusted from the earlier run: a periodic full verify still covers them. An anchor
 * that a purge has since removed falls back to a full walk (`sinceFallback: "purged"`).
 * Reading needs no lock: an append commits its rows and the head together, so rows read before
 * the head are never newer than it; rows appended during the walk are picked up at the end.
 */
import type { DataSource } from "typeorm";
import { AUDIT_TABLE, AuditActions, GENESIS_HASH, META_BASE, META_HEAD } from "./constants.js";
import { fromDb, hashRow, INITIAL_BASE, parseBase, parseHead, ROW_COLUMNS, type AuditRow, type ChainBase, type DbAuditRow } from "./chain.js";
import type { AuditKeyring } from "./keys.js";

export type ProblemKind =
  | "hash_mismatch" | "broken_link" | "gap" | "unknown_key"
  | "head_mismatch" | "head_missing" | "beyond_head" | "base_mismatch" | "anchor_mismatch";

export interface VerifyProblem {
  /** The first seq concerned. */
  seq: number;
  /** Last missing seq of a gap (equal to `seq` for one row). */
  to?: number;
  kind: ProblemKind;
  message: { "zh-CN": string; en: string };
}

export interface VerifyReport {
  ok: boolean;
  /** Rows walked (incremental: the rows after the `since` anchor; the anchor row is re-checked besides). */
  checked: number;
  /** Whether only the rows after `since` were walked. */
  incremental: boolean;
  /** The anchor the incremental walk started from (null for a full walk). */
  since: { seq: number; hash: string } | null;
  /** `since` was asked for but its row was purged since: the whole chain was walked instead. */
  sinceFallback?: "purged";
  firstSeq: number | null;
  lastSeq: number | null;
  /** The head anchor as read at the end: note it outside the system to detect a later truncation. */
  head: { seq: number; hash: string } | null;
  base: ChainBase;
  problems: VerifyProblem[];
  /** More problems than reported (the list stops at `maxProblems`). */
  truncated: boolean;
}

export interface VerifyOptions {
  /** A head noted earlier (from a previous report): it must still be in the chain. */
  anchor?: { seq: number; hash: string };
  /** Verify incrementally: check this row (a head from an earlier report) and walk only the rows after it. */
  since?: { seq: number; hash: string };
  pageSize?: number;
  maxProblems?: number;
}

function problem(kind: ProblemKind, seq: number, to?: number): VerifyProblem {
  const range = to !== undefined && to !== seq ? `${seq}–${to}` : `${seq}`;
  const text: Record<ProblemKind, [string, string]> = {
    hash_mismatch: [`第 ${seq} 条记录的内容被修改（哈希不符）`, `row ${seq} was modified (hash mismatch)`],
    broken_link: [`第 ${seq} 条记录与前一条的链接断开（被替换或重算）`, `row ${seq} does not link to the previous row (replaced or re-hashed)`],
    gap: [`第 ${range} 条记录缺失（被删除）`, `row(s) ${range} missing (deleted)`],
    unknown_key: [`第 ${seq} 条记录使用了未知密钥`, `row ${seq} is keyed with an unknown key`],
    head_mismatch: [`链头锚点与第 ${seq} 条记录不符`, `the head anchor does not match row ${seq}`],
    head_missing: ["链头锚点缺失", "the head anchor is missing"],
    beyond_head: [`第 ${range} 条记录不在链头锚点之内（被插入）`, `row(s) ${range} lie beyond the head anchor (inserted)`],
    base_mismatch: [`清除边界（第 ${seq} 条）与最近一次清除记录不符`, `the purge boundary (row ${seq}) does not match the last purge record`],
    anchor_mismatch: [`先前记下的链头（第 ${seq} 条）已不在链中`, `the head noted earlier (row ${seq}) is no longer in the chain`],
  };
  const [zh, en] = text[kind];
  return { seq, ...(to !== undefined ? { to } : {}), kind, message: { "zh-CN": zh, en } };
}

async function meta(ds: DataSource, key: string): Promise<string | undefined> {
  const rows: Array<{ value: string }> = await ds.query("SELECT value FROM anju_meta WHERE `key` = ?", [key]);
  return rows[0]?.value;
}

async function rowAt(ds: DataSource, seq: number): Promise<AuditRow | null> {
  const rows: DbAuditRow[] = await ds.query(`SELECT ${ROW_COLUMNS} FROM ${AUDIT_TABLE} WHERE seq = ?`, [seq]);
  return rows[0] ? fromDb(rows[0]) : null;
}

async function firstRow(ds: DataSource): Promise<{ seq: number; prevHash: string } | null> {
  const rows: Array<{ seq: number | string; prev_hash: string }> = await ds.query(`SELECT seq, prev_hash FROM ${AUDIT_TABLE} ORDER BY seq LIMIT 1`);
  return rows[0] ? { seq: Number(rows[0].seq), prevHash: rows[0].prev_hash } : null;
}

/** The newest successful purge row at or before `seq` (one indexed read, newest first). */
async function lastPurgeAtOrBefore(ds: DataSource, seq: number): Promise<AuditRow | null> {
  const rows: DbAuditRow[] = await ds.query(
    `SELECT ${ROW_COLUMNS} FROM ${AUDIT_TABLE} WHERE seq <= ? AND action = ? AND result = 'success' ORDER BY seq DESC LIMIT 1`,
    [seq, AuditActions.purge]);
  return rows[0] ? fromDb(rows[0]) : null;
}

async function page(ds: DataSource, after: number, limit: number): Promise<AuditRow[]> {
  const rows: DbAuditRow[] = await ds.query(
    `SELECT ${ROW_COLUMNS} FROM ${AUDIT_TABLE} WHERE seq > ? ORDER BY seq LIMIT ${Math.trunc(limit)}`, [after]);
  return rows.map(fromDb);
}

interface PurgeBoundary { seq: number; prevHash: string }

function purgeBoundaryOf(row: AuditRow): PurgeBoundary | null {
  try {
    const d = JSON.parse(row.detail ?? "null") as { boundarySeq?: unknown; boundaryPrevHash?: unknown } | null;
    if (typeof d?.boundarySeq === "number" && typeof d.boundaryPrevHash === "string") return { seq: d.boundarySeq, prevHash: d.boundaryPrevHash };
  } catch { /* an unreadable detail fails its hash check already */ }
  return null;
}

export async function verifyChain(ds: DataSource, keyring: AuditKeyring, options: VerifyOptions = {}): Promise<VerifyReport> {
  const pageSize = options.pageSize ?? 2000;
  const maxProblems = options.maxProblems ?? 1000;
  const problems: VerifyProblem[] = [];
  let truncated = false;
  const seen = new Set<string>();
  const report = (p: VerifyProblem) => {
    // The same row can be reached twice (the `since` row is also the noted `anchor`, say).
    const id = `${p.kind}:${p.seq}`;
    if (seen.has(id)) return;
    seen.add(id);
    if (problems.length < maxProblems) problems.push(p);
    else truncated = true;
  };

  const base = parseBase(await meta(ds, META_BASE)) ?? INITIAL_BASE;
  // Walk state in one object: closures assign it, and TypeScript keeps no stale narrowing.
  const st = { prev: null as AuditRow | null, firstSeq: null as number | null, checked: 0, lastPurge: null as PurgeBoundary | null, anchorSeen: false };

  const checkHash = (row: AuditRow) => {
    const key = keyring.byId.get(row.keyId);
    if (!key) report(problem("unknown_key", row.seq));
    else if (hashRow(key, row) !== row.hash) report(problem("hash_mismatch", row.seq));
  };
  const checkAnchor = (row: AuditRow) => {
    if (options.anchor && row.seq === options.anchor.seq) {
      st.anchorSeen = true;
      if (row.hash !== options.anchor.hash) report(problem("anchor_mismatch", row.seq));
    }
  };

  const visit = (row: AuditRow) => {
    st.checked++;
    st.firstSeq ??= row.seq;
    const prev = st.prev;
    if (prev === null) {
      if (row.seq > base.seq) report(problem("gap", base.seq, row.seq - 1));
      else if (row.seq === base.seq && row.prevHash !== base.prevHash) report(problem("broken_link", row.seq));
      // row.seq < base.seq: rows before the boundary, i.e. the base anchor was moved (base_mismatch below).
    } else if (row.seq !== prev.seq + 1) {
      report(problem("gap", prev.seq + 1, row.seq - 1));
    } else if (row.prevHash !== prev.hash) {
      report(problem("broken_link", row.seq));
    }
    checkHash(row);
    if (row.action === AuditActions.purge && row.result === "success") st.lastPurge = purgeBoundaryOf(row);
    checkAnchor(row);
    st.prev = row;
  };

  // Incremental: start from the `since` row (re-checked) unless a purge has removed it.
  const since = options.since && options.since.seq >= base.seq ? options.since : undefined;
  /** The oldest row read, to compare with the base (full walk: the first row walked). */
  let oldest: { seq: number; prevHash: string } | null = null;
  if (since) {
    const row = await rowAt(ds, since.seq);
    if (!row) {
      report(problem("anchor_mismatch", since.seq));
      // Link the next row to the noted hash: it must still follow it.
      st.prev = { seq: since.seq, hash: since.hash } as AuditRow;
    } else {
      if (row.hash !== since.hash) report(problem("anchor_mismatch", since.seq));
      checkHash(row);
      checkAnchor(row);
      st.prev = row;
    }
    // The purge boundary in force at the anchor, and the first retained row against the base.
    const purgeRow = await lastPurgeAtOrBefore(ds, since.seq);
    if (purgeRow) {
      if (purgeRow.seq !== since.seq) checkHash(purgeRow);
      st.lastPurge = purgeBoundaryOf(purgeRow);
    }
    oldest = await firstRow(ds);
    if (oldest) {
      if (oldest.seq > base.seq) report(problem("gap", base.seq, oldest.seq - 1));
      else if (oldest.seq === base.seq && oldest.prevHash !== base.prevHash) report(problem("broken_link", oldest.seq));
    }
    // An anchor noted before `since` is not walked: look it up.
    if (options.anchor && options.anchor.seq < since.seq && options.anchor.seq >= base.seq) {
      const a = await rowAt(ds, options.anchor.seq);
      if (a) checkAnchor(a);
    }
  }

  /** Read every row after the last one seen; the number read. */
  const walk = async (): Promise<number> => {
    let read = 0;
    for (;;) {
      const rows = await page(ds, st.prev?.seq ?? 0, pageSize);
      rows.forEach(visit);
      read += rows.length;
      if (rows.length < pageSize) return read;
    }
  };

  await walk();
  if (!since) oldest = st.firstSeq !== null ? { seq: st.firstSeq, prevHash: "" } : null;
  let head = parseHead(await meta(ds, META_HEAD));
  // Appends committed during the walk moved the head on: read their rows too.
  for (let i = 0; i < 100 && head && head.seq > (st.prev?.seq ?? 0); i++) {
    if ((await walk()) === 0) break; // nothing more to read: the tail really is missing
    head = parseHead(await meta(ds, META_HEAD));
  }
  const last = st.prev;
  const lastSeq = last?.seq ?? base.seq - 1;
  if (!head) {
    report(problem("head_missing", lastSeq));
  } else if (head.seq > lastSeq) {
    report(problem("gap", Math.max(lastSeq + 1, base.seq), head.seq));
  } else if (head.seq < lastSeq) {
    report(problem("beyond_head", head.seq + 1, lastSeq));
  } else if (last && head.hash !== last.hash) {
    report(problem("head_mismatch", head.seq));
  }

  // The base anchor must be the boundary the last purge recorded (hashed, inside the chain).
  const expected: PurgeBoundary = st.lastPurge ?? { seq: 1, prevHash: GENESIS_HASH };
  if (expected.seq !== base.seq || expected.prevHash !== base.prevHash) report(problem("base_mismatch", base.seq));
  else if (oldest !== null && oldest.seq < base.seq) report(problem("base_mismatch", base.seq));

  if (options.anchor && !st.anchorSeen && options.anchor.seq >= base.seq) report(problem("anchor_mismatch", options.anchor.seq));

  problems.sort((a, b) => a.seq - b.seq);
  return {
    ok: problems.length === 0 && !truncated,
    checked: st.checked,
    incremental: since !== undefined,
    since: since ? { seq: since.seq, hash: since.hash } : null,
    ...(options.since && !since ? { sinceFallback: "purged" as const } : {}),
    firstSeq: st.firstSeq,
    lastSeq: last?.seq ?? null,
    head: head ? { seq: head.seq, hash: head.hash } : null,
    base,
    problems,
    truncated,
  };
}
