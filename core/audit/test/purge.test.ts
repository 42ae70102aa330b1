/**
 * Retention (Cybersecurity Law art. 21): records are kept at least 180 days; only the audit
 * administrator purges older ones; the purge is recorded in the chain with its boundary, and
 * the chain still verifies afterwards — while a deletion disguised as a purge does not.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDbKinds, type TestHost } from "@anju/kernel/testing";
import { systemContext } from "@anju/kernel";
import { AuditActions, createAuditService, recordAudit, verifyAudit, type PurgeReport } from "../src/index.js";
import { auditor, errorOf, rows, startAuditHost, user } from "./helpers.js";

const T0 = Date.parse("2025-01-01T00:00:00.000Z");
const DAY = 86_400_000;
let now = new Date(T0);
const at = (days: number) => new Date(T0 + days * DAY);

describe("retention setting", () => {
  it("refuses a retention shorter than 180 days", () => {
    expect(() => createAuditService({ retentionDays: 179 })).toThrow(expect.objectContaining({ type: "AUDIT_CONFIG_INVALID" }));
    expect(() => createAuditService({ retentionDays: 365 })).not.toThrow();
  });
});

describe.each(testDbKinds())("audit purge on %s", (db) => {
  let t: TestHost;
  beforeEach(async () => {
    now = new Date(T0);
    t = await startAuditHost({ db, audit: { clock: () => now } });
    for (const d of [0, 10, 20, 30]) {
      now = at(d);
      await recordAudit(t.host, { action: "identity.login", result: "success", userId: `day-${d}`, jurisdiction: "340100" });
    }
    now = at(200);
    await recordAudit(t.host, { action: "identity.login", result: "success", userId: "day-200", jurisdiction: "340100" });
  });
  afterEach(() => t.stop());

  const purge = (before: Date, rc = auditor("340000")) => t.host.call<PurgeReport>(AuditActions.purge, { before: before.toISOString() }, rc);

  it("a purge reaching into the last 180 days is refused (422), nothing is deleted, the attempt is recorded", async () => {
    const err = await errorOf(purge(at(25)));
    expect(err).toMatchObject({ type: "AUDIT_RETENTION_VIOLATION", code: 422 });
    expect(err.message).toContain("180");
    const r = await rows(t.host);
    expect(r.map((x) => x.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r[5]).toMatchObject({ action: "audit.purge", result: "failure", user_id: "auditor-1" });
  });

  it("only the audit administrator may purge", async () => {
    for (const rc of [user("u-1", "340000", ["system-admin"]), user("u-2", "340000", ["security-admin"])]) {
      expect(await errorOf(purge(at(15), rc))).toMatchObject({ type: "FORBIDDEN", code: 403 });
    }
    const r = await rows(t.host);
    expect(r.map((x) => [x.seq, x.action, x.result])).toEqual([
      ...[1, 2, 3, 4, 5].map((seq) => [seq, "identity.login", "success"]),
      [6, "audit.purge", "denied"],
      [7, "audit.purge", "denied"],
    ]);
  });

  it("purging older records deletes them, records the purge with its boundary, and the chain still verifies", async () => {
    const out = await purge(at(15));
    expect(out).toMatchObject({ deleted: 2, boundarySeq: 3, seq: 6, before: at(15).toISOString() });
    const r = await rows(t.host);
    expect(r.map((x) => x.seq)).toEqual([3, 4, 5, 6]);
    expect(r[3]).toMatchObject({ action: "audit.purge", result: "success", user_id: "auditor-1" });
    expect(JSON.parse(String(r[3].detail))).toMatchObject({ deleted: 2, boundarySeq: 3, retentionDays: 180 });
    const report = await t.host.call<{ ok: boolean; firstSeq: number; base: { seq: number } }>(AuditActions.verify, {}, auditor("340000"));
    expect(report).toMatchObject({ ok: true, firstSeq: 3, base: { seq: 3 } });
  });

  it("after a purge, deleting the first retained row is still a gap at its seq", async () => {
    await purge(at(15));
    await t.host.ds.query("DELETE FROM anju_audit WHERE seq = 3");
    const report = await verifyAudit(t.host);
    expect(report.problems.map((p) => [p.seq, p.kind])).toEqual([[3, "gap"]]);
  });

  it("a deletion disguised as a purge (rows removed and the boundary moved by hand) is caught", async () => {
    await purge(at(15));
    const [four] = (await t.host.ds.query("SELECT prev_hash FROM anju_audit WHERE seq = 4")) as Array<{ prev_hash: string }>;
    await t.host.ds.query("DELETE FROM anju_audit WHERE seq = 3");
    await t.host.ds.query("UPDATE anju_meta SET value = ? WHERE `key` = 'audit.base'", [`4:${four.prev_hash}`]);
    const report = await verifyAudit(t.host);
    expect(report.problems.map((p) => [p.seq, p.kind])).toEqual([[4, "base_mismatch"]]);
  });

  it("a purge without any earlier purge record (boundary moved by hand from the start) is caught", async () => {
    const [two] = (await t.host.ds.query("SELECT prev_hash FROM anju_audit WHERE seq = 2")) as Array<{ prev_hash: string }>;
    await t.host.ds.query("DELETE FROM anju_audit WHERE seq = 1");
    await t.host.ds.query("UPDATE anju_meta SET value = ? WHERE `key` = 'audit.base'", [`2:${two.prev_hash}`]);
    const report = await verifyAudit(t.host);
    expect(report.problems.map((p) => [p.seq, p.kind])).toEqual([[2, "base_mismatch"]]);
  });

  it("purging everything old leaves the purge record as the first row, still verifiable; purges repeat", async () => {
    await purge(at(15));
    now = at(500);
    const out = await t.host.call<PurgeReport>(AuditActions.purge, { before: at(300).toISOString() }, systemContext());
    expect(out).toMatchObject({ deleted: 4, boundarySeq: 7, seq: 7 });
    expect((await rows(t.host)).map((x) => x.seq)).toEqual([7]);
    expect(await verifyAudit(t.host)).toMatchObject({ ok: true, firstSeq: 7 });
    await recordAudit(t.host, { action: "identity.login", result: "success" });
    expect(await verifyAudit(t.host)).toMatchObject({ ok: true, firstSeq: 7 });
  });

  it("a purge with nothing old enough deletes nothing but is still recorded", async () => {
    const out = await purge(at(-10));
    expect(out).toMatchObject({ deleted: 0, boundarySeq: 1 });
    expect((await rows(t.host)).map((x) => x.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await verifyAudit(t.host)).toMatchObject({ ok: true });
  });
});
