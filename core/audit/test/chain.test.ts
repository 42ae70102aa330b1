/**
 * The chain finds tampering done with raw SQL and names the row: an edited field, a deleted
 * middle row, a deleted last row (through the head anchor), a re-hashed row, a forged row.
 */
import crypto from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDbKinds, type TestHost } from "@anju/kernel/testing";
import { recordAudit, verifyAudit, formatVerifyReport } from "../src/index.js";
import { canonical, hashRow } from "../src/chain.js";
import { parseKey } from "../src/keys.js";
import { KEY, rows, startAuditHost } from "./helpers.js";

describe.each(testDbKinds())("audit chain on %s", (db) => {
  let t: TestHost;
  beforeEach(async () => {
    t = await startAuditHost({ db });
    for (let i = 1; i <= 10; i++) {
      await recordAudit(t.host, { action: "identity.login", result: i % 3 ? "success" : "failure", userId: `user-${i}`, jurisdiction: null, ip: "10.0.0.1", detail: { n: i } });
    }
  });
  afterEach(() => t.stop());

  it("an untouched chain verifies and reports its head", async () => {
    const report = await verifyAudit(t.host);
    expect(report).toMatchObject({ ok: true, checked: 10, firstSeq: 1, lastSeq: 10, problems: [] });
    expect(report.head?.seq).toBe(10);
    expect(formatVerifyReport(report, "en")).toContain("intact");
  });

  it("rows are numbered 1..n, each linked to the one before, time in UTC", async () => {
    const r = await rows(t.host);
    expect(r.map((x) => x.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (let i = 1; i < r.length; i++) expect(r[i].prev_hash).toBe(r[i - 1].hash);
    expect(r[0].prev_hash).toBe("0".repeat(64));
  });

  it("an edited field is reported as hash_mismatch at that seq", async () => {
    await t.host.ds.query("UPDATE anju_audit SET result = 'success' WHERE seq = 6");
    const report = await verifyAudit(t.host);
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => [p.seq, p.kind])).toEqual([[6, "hash_mismatch"]]);
    expect(formatVerifyReport(report, "zh-CN")).toContain("第 6 条记录的内容被修改");
  });

  it("an edit whose hash is recomputed without the key (plain SHA-256) is still caught", async () => {
    const [row] = (await rows(t.host)).filter((r) => r.seq === 4);
    const forged = { ...row, user_id: "someone-else" };
    const plain = crypto.createHash("sha256").update(JSON.stringify(forged)).digest("hex");
    await t.host.ds.query("UPDATE anju_audit SET user_id = ?, hash = ? WHERE seq = 4", ["someone-else", plain]);
    const report = await verifyAudit(t.host);
    // Row 4's own hash fails; row 5 still links to the old hash of row 4.
    expect(report.problems.map((p) => [p.seq, p.kind])).toEqual([[4, "hash_mismatch"], [5, "broken_link"]]);
  });

  it("a row re-hashed with the key breaks the link of the next row", async () => {
    const key = parseKey(KEY, "test");
    const [r] = (await t.host.ds.query("SELECT * FROM anju_audit WHERE seq = 3")) as Array<Record<string, string>>;
    const edited = {
      seq: 3, at: new Date(String(r.at).includes("T") || typeof r.at !== "string" ? r.at : `${String(r.at).replace(" ", "T")}Z`).toISOString(),
      keyId: r.key_id, userId: "intruder", jurisdiction: r.jurisdiction, action: r.action, object: r.object,
      result: r.result as "success", ip: r.ip, detail: r.detail, prevHash: r.prev_hash,
    };
    expect(canonical(edited)).toContain("intruder");
    await t.host.ds.query("UPDATE anju_audit SET user_id = 'intruder', hash = ? WHERE seq = 3", [hashRow(key, edited)]);
    const report = await verifyAudit(t.host);
    expect(report.problems.map((p) => [p.seq, p.kind])).toEqual([[4, "broken_link"]]);
  });

  it("a deleted middle row is reported as a gap at its seq", async () => {
    await t.host.ds.query("DELETE FROM anju_audit WHERE seq = 5");
    const report = await verifyAudit(t.host);
    expect(report.problems.map((p) => [p.seq, p.to, p.kind])).toEqual([[5, 5, "gap"]]);
  });

  it("deleted rows in a run are reported as one gap with its range", async () => {
    await t.host.ds.query("DELETE FROM anju_audit WHERE seq IN (3, 4, 5)");
    const report = await verifyAudit(t.host);
    expect(report.problems.map((p) => [p.seq, p.to, p.kind])).toEqual([[3, 5, "gap"]]);
  });

  it("a deleted first row is a gap at seq 1", async () => {
    await t.host.ds.query("DELETE FROM anju_audit WHERE seq = 1");
    const report = await verifyAudit(t.host);
    expect(report.problems.map((p) => [p.seq, p.kind])).toEqual([[1, "gap"]]);
  });

  it("a deleted last row is found through the head anchor in anju_meta", async () => {
    await t.host.ds.query("DELETE FROM anju_audit WHERE seq = 10");
    const report = await verifyAudit(t.host);
    expect(report.problems.map((p) => [p.seq, p.to, p.kind])).toEqual([[10, 10, "gap"]]);
  });

  it("a row forged after the head is reported as beyond_head", async () => {
    await t.host.ds.query(
      "INSERT INTO anju_audit (seq, at, key_id, user_id, jurisdiction, action, object, result, ip, detail, prev_hash, hash) SELECT 11, at, key_id, user_id, jurisdiction, action, object, result, ip, detail, hash, hash FROM anju_audit WHERE seq = 10");
    const report = await verifyAudit(t.host);
    expect(report.problems.map((p) => [p.seq, p.kind])).toEqual([[11, "hash_mismatch"], [11, "beyond_head"]]);
    // The forged row sits where the next record must go: appends now fail loudly, and the
    // report says its own run could not be recorded.
    expect(report.recorded).toBe(false);
    expect(report.recordError?.code).toBe("AUDIT_WRITE_FAILED");
  });

  it("a truncation that also rewinds the head anchor is caught by an anchor noted earlier", async () => {
    const before = await verifyAudit(t.host); // this appends row 11 (the verify itself)
    const anchor = before.head!;
    // An attacker with database access removes the tail and rewinds the head consistently.
    const [nine] = (await t.host.ds.query("SELECT hash, key_id FROM anju_audit WHERE seq = 9")) as Array<{ hash: string; key_id: string }>;
    await t.host.ds.query("DELETE FROM anju_audit WHERE seq >= 10");
    await t.host.ds.query("UPDATE anju_meta SET value = ? WHERE `key` = 'audit.head'", [`9:${nine.hash}:${nine.key_id}`]);
    const blind = await verifyAudit(t.host);
    // Without the external anchor the shortened chain looks whole (the verify row 10 is new)...
    expect(blind.problems).toEqual([]);
    const anchored = await verifyAudit(t.host, { anchor });
    expect(anchored.problems.map((p) => [p.seq, p.kind])).toEqual([[anchor.seq, "anchor_mismatch"]]);
  });

  it("a missing head anchor is reported", async () => {
    await t.host.ds.query("DELETE FROM anju_meta WHERE `key` = 'audit.head'");
    const report = await verifyAudit(t.host);
    expect(report.problems.map((p) => [p.seq, p.kind])).toEqual([[10, "head_missing"]]);
    // With no head nothing can be appended: the failure is reported, coded, not swallowed.
    expect(report.recordError?.code).toBe("AUDIT_WRITE_FAILED");
    await expect(recordAudit(t.host, { action: "identity.login", result: "success" })).rejects.toMatchObject({ type: "AUDIT_WRITE_FAILED", code: 503 });
  });
});
