/**
 * Bringing privacy up on a node: the key file appears under the data folder (0600, not in the
 * database), the "@privacy" migrations run once and can be reverted.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { appliedMigrations, revertMigrations } from "@anju/data";
import { testDbKinds } from "@anju/kernel/testing";
import { installPrivacy, KEY_FILE_NAME, PRIVACY_MIGRATIONS, PRIVACY_MIGRATION_OWNER } from "../src/index.js";
import { usePrivacyHost } from "./helpers.js";

describe.each(testDbKinds())("installing privacy (%s)", (db) => {
  const ctx = usePrivacyHost(db, { plugin: false });

  it("creates the key file under the data folder with mode 0600 and keeps no key in the database", async () => {
    const file = path.join(ctx.t.dataDir, KEY_FILE_NAME);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const keys = JSON.parse(fs.readFileSync(file, "utf8")) as { keys: Record<string, string>; index: string };
    const meta = JSON.stringify(await ctx.host.ds.query("SELECT * FROM anju_meta"));
    for (const k of [...Object.values(keys.keys), keys.index]) expect(meta).not.toContain(k);
  });

  it("runs the @privacy migrations once; installing again changes nothing; they revert cleanly", async () => {
    const names = PRIVACY_MIGRATIONS.map((m) => m.name);
    expect(await appliedMigrations(ctx.host.ds, PRIVACY_MIGRATION_OWNER)).toEqual(names);
    await installPrivacy({ ds: ctx.host.ds, config: { dataDir: ctx.t.dataDir } });
    expect(await appliedMigrations(ctx.host.ds, PRIVACY_MIGRATION_OWNER)).toEqual(names);
    expect(await revertMigrations(ctx.host.ds, PRIVACY_MIGRATION_OWNER, PRIVACY_MIGRATIONS)).toEqual([...names].reverse());
    const qr = ctx.host.ds.createQueryRunner();
    try {
      for (const t of ["anju_consent", "anju_breach", "anju_breach_subject"]) expect(await qr.hasTable(t), t).toBe(false);
    } finally {
      await qr.release();
    }
  });
});
