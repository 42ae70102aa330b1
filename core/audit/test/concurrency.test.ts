/**
 * Two nodes on one database never fork the chain: appends are serialised by the chain-head
 * lock (MariaDB: SELECT … FOR UPDATE; SQLite: BEGIN IMMEDIATE), in one process and across
 * processes. A node with a different key refuses to write instead of producing rows nobody can
 * verify; a rotated key keeps old rows verifiable.
 */
import path from "node:path";
import readline from "node:readline";
import { spawn, type ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { createTestHost, testDbKinds, type TestHost } from "@anju/kernel/testing";
import { auditLogOf, createAuditService, recordAudit, verifyAudit } from "../src/index.js";
import { count, errorOf, KEY, rows, startAuditHost } from "./helpers.js";

const OTHER_KEY = "b2".repeat(32);

function startWriter(dbUrl: string, n: number, label: string): { proc: ChildProcess; line(prefix: string): Promise<string> } {
  const proc = spawn(process.execPath, ["--import", "tsx", path.join(__dirname, "fixtures", "writer.ts"), dbUrl, String(n), KEY, label], {
    stdio: ["pipe", "pipe", "inherit"], cwd: path.resolve(__dirname, "..", "..", ".."),
  });
  const lines = readline.createInterface({ input: proc.stdout! });
  const seen: string[] = [];
  const waiters: Array<{ prefix: string; resolve(l: string): void }> = [];
  lines.on("line", (l) => {
    const w = waiters.findIndex((x) => l.startsWith(x.prefix));
    if (w >= 0) waiters.splice(w, 1)[0].resolve(l);
    else seen.push(l);
  });
  return {
    proc,
    line: (prefix) => new Promise((resolve, reject) => {
      const i = seen.findIndex((l) => l.startsWith(prefix));
      if (i >= 0) return resolve(seen.splice(i, 1)[0]);
      waiters.push({ prefix, resolve });
      proc.once("exit", (code) => reject(new Error(`writer exited with ${code} before "${prefix}"`)));
    }),
  };
}

describe.each(testDbKinds())("concurrent audit writers on %s", (db) => {
  const hosts: TestHost[] = [];
  afterEach(async () => {
    // Second nodes first: the first one drops the database.
    for (const h of hosts.reverse()) await h.stop();
    hosts.length = 0;
  });

  it("two nodes in one process appending at once give one unbroken chain", async () => {
    const a = await startAuditHost({ db });
    hosts.push(a);
    const b = await startAuditHost({ db, dbUrl: a.db!.url });
    hosts.push(b);
    const n = 150;
    const receipts = await Promise.all(Array.from({ length: n * 2 }, (_, i) =>
      recordAudit(i % 2 ? a.host : b.host, { action: "test.append", result: "success", userId: i % 2 ? "node-a" : "node-b", detail: { i } })));
    const seqs = receipts.map((r) => r.seq).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: n * 2 }, (_, i) => i + 1));
    const report = await auditLogOf(b.host).verify();
    expect(report).toMatchObject({ ok: true, checked: n * 2, lastSeq: n * 2 });
  });

  it("two writer processes and this one appending at once give one unbroken chain", async () => {
    const a = await startAuditHost({ db });
    hosts.push(a);
    const url = a.db!.url;
    const n = 200;
    const writers = [startWriter(url, n, "proc-1"), startWriter(url, n, "proc-2")];
    try {
      await Promise.all(writers.map((w) => w.line("ready")));
      writers.forEach((w) => w.proc.stdin!.write("go\n"));
      const mine = Promise.all(Array.from({ length: n }, (_, i) => recordAudit(a.host, { action: "test.append", result: "success", userId: "parent", detail: { i } })));
      const done = await Promise.all(writers.map((w) => w.line("done")));
      await mine;
      expect(done).toEqual([`done ${n}`, `done ${n}`]);
    } finally {
      writers.forEach((w) => w.proc.kill());
    }
    expect(await count(a.host)).toBe(3 * n);
    const report = await auditLogOf(a.host).verify();
    expect(report).toMatchObject({ ok: true, checked: 3 * n, problems: [] });
    const users = new Set((await rows(a.host)).map((r) => r.user_id));
    expect(users).toEqual(new Set(["parent", "proc-1", "proc-2"]));
  });

  it("a node with a different audit key refuses to start on the same chain", async () => {
    const a = await startAuditHost({ db });
    hosts.push(a);
    await recordAudit(a.host, { action: "test.append", result: "success" });
    const err = await errorOf(createTestHost({ dbUrl: a.db!.url, services: [createAuditService({ key: OTHER_KEY })] }));
    expect(err.type).toBe("AUDIT_KEY_MISMATCH");
    expect(await count(a.host)).toBe(1);
  });

  it("a rotated key keeps old rows verifiable, and nodes still on the old key stop writing", async () => {
    const a = await startAuditHost({ db });
    hosts.push(a);
    await recordAudit(a.host, { action: "test.append", result: "success", detail: { before: "rotation" } });
    const b = await createTestHost({ dbUrl: a.db!.url, services: [createAuditService({ key: OTHER_KEY, previousKeys: [KEY] })] });
    hosts.push(b);
    await recordAudit(b.host, { action: "test.append", result: "success", detail: { after: "rotation" } });
    const report = await verifyAudit(b.host);
    expect(report).toMatchObject({ ok: true, checked: 2 });
    const keyIds = new Set((await rows(b.host)).map((r) => r.key_id));
    expect(keyIds.size).toBe(2);
    // Node a only knows the old key: the chain head is now keyed with one it lacks.
    const err = await errorOf(recordAudit(a.host, { action: "test.append", result: "success" }));
    expect(err.type).toBe("AUDIT_KEY_MISMATCH");
  });
});
