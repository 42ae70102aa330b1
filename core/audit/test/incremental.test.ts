/**
 * Incremental verify (`since`: the head of an earlier report): the anchor row is re-checked,
 * only the rows after it are walked, with the same problems found; a full verify is unchanged.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDbKinds, type TestHost } from "@anju/kernel/testing";
import { AuditActions, formatVerifyReport, recordAudit, verifyAudit, type PurgeReport } from "../src/index.js";
import { hashRow } from "../src/chain.js";
import { parseKey } from "../src/keys.js";
import { auditor, KEY, startAuditHost } from "./helpers.js";

const T0 = Date.parse("2025-01-01T00:00:00.000Z");
const DAY = 86_400_000;
let now = new Date(T0);
const at = (days: number) => new Date(T0 + days * DAY);

describe.each(testDbKinds())("incremental audit verify on %s", (db) => {
  let t: TestHost;
  const append = async (n: number, from = 0) => {
    for (let i = 1; i <= n; i++) await recordAudit(t.host, { action: "identity.login", result: "success", userId: `user-${from + i}`, jurisdiction: "340100", detail: { n: from + i } });
  };
  beforeEach(async () => {
    now = new Date(T0);
    t = await startAuditHost({ db, audit: { clock: () => now } });
    await append(10);
  });
  afterEach(() => t.stop());

  /** A full verify (recorded as row 11) and the head it reports. */
  const noteHead = async () => {
    const full = await verifyAudit(t.host);
    expect(full).toMatchObject({ ok: true, incremental: false, since: null, checked: 10 });
    return full.head!;
  };

  it("after appends, checks only the rows after the anchor and says it was incremental and from where", async () => {
    const head = await noteHead();
    expect(head.seq).toBe(10);
    await append(5, 10);
    const report = await verifyAudit(t.host, { since: head });
    // Rows 11 (the first verify's own record) to 16.
    expect(report).toMatchObject({ ok: true, incremental: true, since: head, checked: 6, firstSeq: 11, lastSeq: 16, problems: [] });
    expect(report.head?.seq).toBe(16);
    expect(formatVerifyReport(report, "zh-CN")).toContain("增量校验：自第 10 条");
    expect(formatVerifyReport(report, "en")).toContain("Incremental: rows after 10");
    // The run is recorded with where it started.
    const [row] = (await t.host.ds.query("SELECT detail FROM anju_audit WHERE seq = 17")) as Array<{ detail: string }>;
    expect(JSON.parse(row.detail)).toMatchObject({ via: "cli", checked: 6, since: 10 });
    // With nothing new since the anchor, only the anchor row is re-checked.
    const again = await verifyAudit(t.host, { since: { seq: 17, hash: (await verifyAudit(t.host)).head!.hash } });
    expect(again).toMatchObject({ ok: true, incremental: true, checked: 1 });
  });

  it("an edit after the anchor is found (hash_mismatch), one before it is left to the full verify", async () => {
    const head = await noteHead();
    await append(5, 10);
    await t.host.ds.query("UPDATE anju_audit SET user_id = 'someone-else' WHERE seq = 14");
    await t.host.ds.query("UPDATE anju_audit SET user_id = 'someone-else' WHERE seq = 3");
    const report = await verifyAudit(t.host, { since: head });
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => [p.seq, p.kind])).toEqual([[14, "hash_mismatch"]]);
    const full = await verifyAudit(t.host);
    expect(full.problems.map((p) => [p.seq, p.kind])).toEqual([[3, "hash_mismatch"], [14, "hash_mismatch"]]);
  });

  it("a deleted row after the anchor is a gap; a deleted tail is found through the head", async () => {
    const head = await noteHead();
    await append(5, 10);
    await t.host.ds.query("DELETE FROM anju_audit WHERE seq = 13");
    expect((await verifyAudit(t.host, { since: head })).problems.map((p) => [p.seq, p.to, p.kind])).toEqual([[13, 13, "gap"]]);
  });

  it("the anchor row itself altered is anchor_mismatch: edited in place, re-hashed with the key, or deleted", async () => {
    const head = await noteHead();
    await append(2, 10);
    // Edited without fixing the hash: the stored hash still matches the noted one, but re-hashing fails.
    await t.host.ds.query("UPDATE anju_audit SET user_id = 'someone-else' WHERE seq = 10");
    expect((await verifyAudit(t.host, { since: head })).problems.map((p) => [p.seq, p.kind])).toEqual([[10, "hash_mismatch"]]);
    // Re-hashed with the key: the hash differs from the one noted.
    const [r] = (await t.host.ds.query("SELECT * FROM anju_audit WHERE seq = 10")) as Array<Record<string, string>>;
    const fields = {
      seq: 10, at: (r.at as unknown) instanceof Date ? (r.at as unknown as Date).toISOString() : `${String(r.at).replace(" ", "T")}Z`,
      keyId: r.key_id, userId: "someone-else", jurisdiction: r.jurisdiction, action: r.action, object: r.object,
      result: r.result as "success", ip: r.ip, detail: r.detail, prevHash: r.prev_hash,
    };
    await t.host.ds.query("UPDATE anju_audit SET hash = ? WHERE seq = 10", [hashRow(parseKey(KEY, "test"), fields)]);
    expect((await verifyAudit(t.host, { since: head })).problems.map((p) => [p.seq, p.kind])).toEqual([[10, "anchor_mismatch"], [11, "broken_link"]]);
    // Deleted.
    await t.host.ds.query("DELETE FROM anju_audit WHERE seq = 10");
    expect((await verifyAudit(t.host, { since: head })).problems.map((p) => [p.seq, p.kind])).toEqual([[10, "anchor_mismatch"]]);
  });

  it("an anchor a purge has since removed falls back to a full walk, and says so", async () => {
    now = at(400);
    const head = await noteHead(); // row 10; the verify is row 11 (day 400)
    const purge = await t.host.call<PurgeReport>(AuditActions.purge, { before: at(1).toISOString() }, auditor("340000"));
    expect(purge).toMatchObject({ deleted: 10, boundarySeq: 11 });
    const fallback = await verifyAudit(t.host, { since: head });
    expect(fallback).toMatchObject({ ok: true, incremental: false, since: null, sinceFallback: "purged", firstSeq: 11, checked: 2 });
    expect(formatVerifyReport(fallback, "en")).toContain("purged");
  });

  it("a purge after the anchor that leaves the anchor is seen in the walk; the base is checked against it", async () => {
    // Rows 1–10 at day 0; the anchor and what follows at day 300; purge before day 100 at day 500.
    now = at(300);
    await append(3, 10); // 11–13
    const head = (await verifyAudit(t.host)).head!; // 13 (the verify is row 14)
    now = at(500);
    const purge = await t.host.call<PurgeReport>(AuditActions.purge, { before: at(100).toISOString() }, auditor("340000"));
    expect(purge).toMatchObject({ deleted: 10, boundarySeq: 11, seq: 15 });
    await append(2, 20); // 16–17
    const report = await verifyAudit(t.host, { since: head });
    expect(report).toMatchObject({ ok: true, incremental: true, checked: 4, base: { seq: 11 }, problems: [] });
    // An earlier purge (before the anchor) is found with one query when no purge follows it.
    const head2 = report.head!; // 17; the verify is row 18
    await append(1, 30);
    expect(await verifyAudit(t.host, { since: head2 })).toMatchObject({ ok: true, incremental: true, checked: 2, base: { seq: 11 } });
    // Rows deleted and the boundary moved by hand: caught incrementally too.
    const [twelve] = (await t.host.ds.query("SELECT prev_hash FROM anju_audit WHERE seq = 12")) as Array<{ prev_hash: string }>;
    await t.host.ds.query("DELETE FROM anju_audit WHERE seq = 11");
    await t.host.ds.query("UPDATE anju_meta SET value = ? WHERE `key` = 'audit.base'", [`12:${twelve.prev_hash}`]);
    expect((await verifyAudit(t.host, { since: head2 })).problems.map((p) => [p.seq, p.kind])).toEqual([[12, "base_mismatch"]]);
  });

  it("a first row deleted behind the anchor with the boundary left alone is a gap", async () => {
    const head = await noteHead();
    await t.host.ds.query("DELETE FROM anju_audit WHERE seq = 1");
    expect((await verifyAudit(t.host, { since: head })).problems.map((p) => [p.seq, p.kind])).toEqual([[1, "gap"]]);
  });

  it("the REST/service action takes sinceSeq + sinceHash", async () => {
    const head = await noteHead();
    await append(2, 10);
    const report = await t.host.call<{ ok: boolean; incremental: boolean; checked: number; since: unknown }>(
      AuditActions.verify, { sinceSeq: head.seq, sinceHash: head.hash }, auditor("340000"));
    expect(report).toMatchObject({ ok: true, incremental: true, checked: 3, since: head });
    await expect(t.host.call(AuditActions.verify, { sinceSeq: head.seq }, auditor("340000"))).rejects.toMatchObject({ code: 422 });
  });
});
