/**
 * The audit package as a host module: `createHost({ modules: [auditModule()] })` migrates the
 * trail at set-up, serves the `audit` service, fills the audit slot, and backs `host.audit()`,
 * so the kernel's own changes (jurisdictions, plugins) land in the chain with the right key.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@anju/data";
import { createHost, loadConfig, systemContext, type AnjuHost } from "@anju/kernel";
import { testDbKinds } from "@anju/kernel/testing";
import { AuditActions, auditModule, type VerifyReport } from "../src/index.js";
import { auditor, KEY, rows } from "./helpers.js";

describe.each(testDbKinds())("audit host module on %s", (kind) => {
  let host: AnjuHost | null = null;
  let db: TestDatabase | null = null;
  let dataDir = "";
  afterEach(async () => {
    await host?.stop().catch(() => undefined);
    await db?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(): Promise<AnjuHost> {
    db = await createTestDatabase(kind);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "anju-audit-module-"));
    const config = loadConfig({
      env: {},
      overrides: {
        dataDir,
        db: { url: db.url, logging: false },
        broker: { requestTimeout: 5000, logLevel: "error" },
        http: { port: 0, host: "127.0.0.1", bodyLimit: "1mb", enabled: false },
        plugins: { dirs: [], installDir: path.join(dataDir, "plugins"), autoInstall: [], load: null, pollIntervalMs: 200 },
        demo: { seed: false },
      },
    });
    host = createHost({ config, modules: [auditModule({ key: KEY })] });
    await host.start();
    return host;
  }

  it("host.audit() and the kernel's own changes are recorded in one verifiable chain", async () => {
    const h = await start();
    await h.audit({ action: "identity.bootstrap", result: "success", userId: "system", detail: { admin: "created" } });
    await h.call("jurisdictions.create", { code: "340000", name: "安徽省", level: "province" }, systemContext());
    const r = await rows(h);
    expect(r[0]).toMatchObject({ seq: 1, action: "identity.bootstrap", user_id: "system" });
    expect(r.length).toBeGreaterThanOrEqual(2);
    expect(r.some((x) => String(x.action).includes("jurisdiction") && x.object === "340000")).toBe(true);
    const report = await h.call<VerifyReport>(AuditActions.verify, {}, auditor("340000"));
    expect(report.ok).toBe(true);
    // The module's key wrote the rows, not a key generated in the data folder.
    expect(fs.existsSync(path.join(dataDir, "audit.key"))).toBe(false);
  });
});
