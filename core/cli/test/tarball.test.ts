import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { FIXTURES, tarball, workspace, type Workspace } from "./helpers.js";

// Every step starts `anju` as a process, which is slow on a busy machine (suites running side by side).
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

describe("anju plugin install <tarball>", () => {
  let ws: Workspace;
  let packs: string;
  beforeAll(async () => {
    packs = fs.mkdtempSync(path.join(os.tmpdir(), "anju-packs-"));
    // No plugin folder is discovered: the packages come only from the tarballs. They are unsigned
    // (this is about unpacking layouts; signed packages are in signing.test.ts): the development override.
    ws = await workspace("sqlite", { ANJU_PLUGIN_DIRS: path.join(packs, "none"), ANJU_ALLOW_UNSIGNED_PLUGINS: "1" });
    await ws.run(["jurisdiction", "add", "340000", "安徽省", "--level", "province"]);
  });
  afterAll(async () => {
    await ws?.close();
    fs.rmSync(packs, { recursive: true, force: true });
  });

  it("installs an npm-pack style tarball (files under package/) into the install folder", async () => {
    const file = tarball(path.join(FIXTURES, "hello"), "hello-1.0.0", packs, "npm-pack");
    const r = await ws.run(["plugin", "install", file, "--json"]);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ id: "hello", installed: ["hello"] });
    const hello = (await ws.run(["plugin", "list", "--json"])).json.find((p: { id: string }) => p.id === "hello");
    expect(hello).toMatchObject({ state: "installed", installedVersion: "1.0.0", source: path.join(ws.dataDir, "plugins", "hello") });
    // Its code loads from the install folder: enabling runs it, settings use its schema.
    expect((await ws.run(["plugin", "enable", "hello", "-j", "340000", "--json"])).json.enabled).toEqual(["hello"]);
    expect((await ws.run(["plugin", "config", "hello", "-j", "340000", "--json"])).json.effective).toEqual({ greeting: "你好", limits: { max: 10 } });
  });

  it("installs a tarball whose files sit under one folder, resolving its requirement from what is installed", async () => {
    const file = tarball(path.join(FIXTURES, "needs-hello"), "needs-hello", packs, "folder");
    const r = await ws.run(["plugin", "install", file, "--json"]);
    expect(r.code).toBe(0);
    expect(r.json.installed).toEqual(["needs-hello"]);
  });

  it("refuses a file that is not a gzip tarball with TARBALL_INVALID and leaves no temp folder behind", async () => {
    const bogus = path.join(packs, "bogus.tgz");
    fs.writeFileSync(bogus, "not gzip at all");
    const tmpBefore = fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith("anju-pkg-")).length;
    const r = await ws.run(["plugin", "install", bogus, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe("TARBALL_INVALID");
    expect(fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith("anju-pkg-")).length).toBeLessThanOrEqual(tmpBefore);
    expect((await ws.run(["plugin", "list", "--json"])).json.map((p: { id: string }) => p.id)).toEqual(["hello", "needs-hello"]);
  });
});
