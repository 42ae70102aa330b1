/**
 * A driver process imports @anju/sdk/driver and nothing of the host: no kernel, no database
 * layer. Checked in a fresh Node process, as the driver runtime starts one.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../../..");
const TSX = pathToFileURL(path.join(ROOT, "node_modules/tsx/dist/loader.mjs")).href;

function loaded(specifier: string): string[] {
  const script = `require(${JSON.stringify(specifier)}); process.stdout.write(JSON.stringify(Object.keys(require.cache)))`;
  const res = spawnSync(process.execPath, ["--import", TSX, "-e", script], { cwd: ROOT, encoding: "utf8", env: { PATH: process.env.PATH } });
  expect(res.status, res.stderr).toBe(0);
  return (JSON.parse(res.stdout) as string[]).map((f) => path.relative(ROOT, f));
}

describe("@anju/sdk/driver", () => {
  it("loads the driver API and the alarm rules without the kernel, the database layer or the gateway", () => {
    const files = loaded("@anju/sdk/driver");
    expect(files).toContain("core/sdk/src/driver.ts");
    expect(files).toContain("core/alarms/src/engine.ts");
    expect(files.filter((f) => /^core\/(kernel|data|gateway|privacy)\/|node_modules\/(typeorm|better-sqlite3|mysql2|moleculer-web)\//.test(f))).toEqual([]);
  });
});
