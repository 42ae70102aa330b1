/** The chain's write operations as transaction steps (see tx.ts): append a batch, purge. */
import { AUDIT_TABLE, META_BASE, META_HEAD } from "./constants.js";
import type { AuditResult } from "./constants.js";
import {
  formatBase, formatHead, hashRow, parseBase, parseHead, ROW_COLUMNS, rowParams, toDbTime,
  type AuditRow, type ChainBase, type ChainHead,
} from "./chain.js";
import { AuditErrors } from "./errors.js";
import type { AuditKeyring } from "./keys.js";
import { all, run, type Op, type Steps } from "./tx.js";

/** An event after sanitising: exactly the column values that will be stored and hashed. */
export interface PreparedEvent {
  at: string;
  userId: string | null;
  jurisdiction: string | null;
  action: string;
  object: string | null;
  result: AuditResult;
  ip: string | null;
  detail: string | null;
}

/** The anchors are missing or unreadable: someone changed anju_meta by hand. */
export class ChainStateError extends Error {}

const PLACEHOLDERS = `(${ROW_COLUMNS.split(",").map(() => "?").join(", ")})`;

function* readMeta(key: string, lock: boolean): Generator<Op, string | undefined, unknown> {
  const rows = yield* all<{ value: string }>("SELECT value FROM anju_meta WHERE `key` = ?", [key], lock);
  return rows[0]?.value;
}

function* lockHead(keyring: AuditKeyring): Generator<Op, ChainHead, unknown> {
  const head = parseHead(yield* readMeta(META_HEAD, true));
  if (!head) throw new ChainStateError(`anju_meta ${META_HEAD} is missing or malformed`);
  // A chain written with a key this node does not hold: appending would fork verifiability.
  if (head.keyId && !keyring.byId.has(head.keyId)) {
    throw AuditErrors.AUDIT_KEY_MISMATCH({ chainKey: head.keyId, nodeKey: keyring.current.id });
  }
  return head;
}

/** Link and hash the events after `head` with the node's current key. */
export function chainRows(head: ChainHead, events: PreparedEvent[], keyring: AuditKeyring): AuditRow[] {
  const key = keyring.current;
  let prev = { seq: head.seq, hash: head.hash };
  return events.map((e) => {
    const unhashed = { seq: prev.seq + 1, keyId: key.id, prevHash: prev.hash, ...e };
    const row: AuditRow = { ...unhashed, hash: hashRow(key, unhashed) };
    prev = row;
    return row;
  });
}

function* insertRows(rows: AuditRow[], keyring: AuditKeyring): Generator<Op, void, unknown> {
  yield* run(`INSERT INTO ${AUDIT_TABLE} (${ROW_COLUMNS}) VALUES ${rows.map(() => PLACEHOLDERS).join(", ")}`, rows.flatMap(rowParams));
  const last = rows[rows.length - 1];
  yield* run("UPDATE anju_meta SET value = ? WHERE `key` = ?", [formatHead({ seq: last.seq, hash: last.hash, keyId: keyring.current.id }), META_HEAD]);
}

export function* appendSteps(events: PreparedEvent[], keyring: AuditKeyring): Steps<AuditRow[]> {
  const head = yield* lockHead(keyring);
  const rows = chainRows(head, events, keyring);
  yield* insertRows(rows, keyring);
  return rows;
}

export interface PurgeOutcome {
  deleted: number;
  base: ChainBase;
  row: AuditRow;
}

/**
 * Delete every row older than the first row stamped at or after `before` (so nothing at or after
 * `before` goes, whatever the clocks of the writing nodes did), move the base anchor to the first
 * retained row, and append the purge event — which records that same boundary inside the chain,
 * where it is hashed — all in one transaction under the head lock.
 */
export function* purgeSteps(before: string, event: (boundary: { deleted: number; base: ChainBase }) => PreparedEvent, keyring: AuditKeyring): Steps<PurgeOutcome> {
  const head = yield* lockHead(keyring);
  const base = parseBase(yield* readMeta(META_BASE, false));
  if (!base) throw new ChainStateError(`anju_meta ${META_BASE} is missing or malformed`);
  const first = yield* all<{ seq: number | string | null }>(`SELECT MIN(seq) AS seq FROM ${AUDIT_TABLE} WHERE at >= ?`, [toDbTime(before)]);
  const boundary = first[0]?.seq != null ? Number(first[0].seq) : head.seq + 1;
  let newBase = base;
  let deleted = 0;
  if (boundary > base.seq) {
    let prevHash = head.hash; // everything goes: the purge event itself becomes the first row
    if (boundary <= head.seq) {
      const b = yield* all<{ prev_hash: string }>(`SELECT prev_hash FROM ${AUDIT_TABLE} WHERE seq = ?`, [boundary]);
      prevHash = b[0]?.prev_hash ?? head.hash;
    }
    deleted = yield* run(`DELETE FROM ${AUDIT_TABLE} WHERE seq < ?`, [boundary]);
    newBase = { seq: boundary, prevHash };
    yield* run("UPDATE anju_meta SET value = ? WHERE `key` = ?", [formatBase(newBase), META_BASE]);
  }
  const [row] = chainRows(head, [event({ deleted, base: newBase })], keyring);
  yield* insertRows([row], keyring);
  return { deleted, base: newBase, row };
}
