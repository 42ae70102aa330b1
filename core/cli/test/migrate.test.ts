import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { HOST_MIGRATIONS } from "@anju/data";
import { workspace, type Workspace } from "./helpers.js";

// Every step starts `anju` as a process, which is slow on a busy machine (suites running side by side).
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

/** A plugin whose migration list comes from the environment, standing in for new code of the same version. */
function writeMigratingPlugin(dir: string): void {
  fs.mkdirSync(path.join(dir, "src"), { recursive: true });
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({
    name: "@anju-test/ledger", version: "1.0.0", private: true,
    anju: { id: "ledger", kind: "feature", displayName: { "zh-CN": "台账", en: "Ledger" }, host: "^1.0.0" },
  }));
  fs.writeFileSync(path.join(dir, "src", "index.ts"), [
    "const names = (process.env.ANJU_TEST_LEDGER_MIGRATIONS ?? \"0001-ledger\").split(\",\");",
    "export default { migrations: names.map((name) => ({ name, async up() {}, async down() {} })) };",
  ].join("\n"));
}

describe("anju migrate", () => {
  let ws: Workspace;
  // The plugin is written to an unsigned folder: the development override (signing: signing.test.ts).
  beforeAll(async () => { ws = await workspace("sqlite", { ANJU_ALLOW_UNSIGNED_PLUGINS: "1" }); });
  afterAll(async () => ws?.close());

  it("applies the host's migrations on a fresh database and says which", async () => {
    const r = await ws.run(["migrate", "--json"]);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ host: { applied: HOST_MIGRATIONS.map((m) => m.name).sort() }, plugins: [] });
    expect((await ws.run(["migrate", "--json"])).json.host.applied).toEqual([]);
  });

  it("lists an installed plugin's migrations this database has not run, without running them", async () => {
    const src = path.join(ws.dataDir, "ledger-src");
    writeMigratingPlugin(src);
    expect((await ws.run(["plugin", "install", src, "--json"])).json.installed).toEqual(["ledger"]);
    const newer = { ANJU_TEST_LEDGER_MIGRATIONS: "0001-ledger,0002-ledger-index" };
    const r = await ws.run(["migrate", "--json"], newer);
    expect(r.json.plugins).toEqual([expect.objectContaining({ id: "ledger", installedVersion: "1.0.0", pending: ["0002-ledger-index"], action: expect.stringContaining("anju plugin upgrade ledger") })]);
    // Reporting is all it does: still pending on a second run.
    expect((await ws.run(["migrate", "--json"], newer)).json.plugins[0].pending).toEqual(["0002-ledger-index"]);
    const human = await ws.run(["migrate"], newer);
    expect(human.stdout).toMatch(/ledger\s+1\.0\.0\s+1\.0\.0\s+0002-ledger-index\s+anju plugin upgrade ledger --from/);
  });
});
