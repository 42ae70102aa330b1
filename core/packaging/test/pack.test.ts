/**
 * Packing: what goes in (npm's rules), the manifest of SHA-256 digests, and the same bytes every
 * time for the same files.
 */
import crypto from "node:crypto";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pack, PackagingErrors } from "../src/index.js";
import { pluginCopy, tempDir } from "./helpers.js";

const work = tempDir();
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function members(tgz: string): string[] {
  return execFileSync("tar", ["-tzf", tgz], { encoding: "utf8" }).trim().split("\n");
}

function manifestOf(tgz: string): { plugin: string; version: string; vendor: string; algorithm: string; files: Record<string, string> } {
  return JSON.parse(execFileSync("tar", ["-xzOf", tgz, "package/.anju/files.json"], { encoding: "utf8" }));
}

describe("anju plugin pack", () => {
  it("puts every file under package/ with a manifest of their SHA-256, leaving out node_modules, .git and test artefacts", async () => {
    const dir = pluginCopy((d) => {
      fs.mkdirSync(path.join(d, "node_modules", "left-pad"), { recursive: true });
      fs.writeFileSync(path.join(d, "node_modules", "left-pad", "index.js"), "module.exports = 1;");
      fs.mkdirSync(path.join(d, ".git"));
      fs.writeFileSync(path.join(d, ".git", "HEAD"), "ref: refs/heads/main");
      fs.mkdirSync(path.join(d, "coverage"));
      fs.writeFileSync(path.join(d, "coverage", "lcov.info"), "TN:");
      fs.writeFileSync(path.join(d, "npm-debug.log"), "oops");
      fs.writeFileSync(path.join(d, ".npmignore"), "notes/\n*.draft.md\n");
      fs.mkdirSync(path.join(d, "notes"));
      fs.writeFileSync(path.join(d, "notes", "todo.txt"), "x");
      fs.writeFileSync(path.join(d, "plan.draft.md"), "x");
    });
    const out = path.join(work, "a.tgz");
    const r = await pack(dir, out);
    expect(r).toMatchObject({ plugin: "acme-hello", version: "1.0.0", vendor: "acme", file: out });
    expect(members(out)).toEqual([
      "package/.anju/files.json", "package/.npmignore", "package/README.md", "package/locales/zh-CN.json", "package/package.json", "package/src/index.ts",
    ]);
    const m = manifestOf(out);
    expect(m).toMatchObject({ plugin: "acme-hello", version: "1.0.0", vendor: "acme", algorithm: "sha256" });
    expect(Object.keys(m.files)).toEqual([".npmignore", "README.md", "locales/zh-CN.json", "package.json", "src/index.ts"]);
    const expected = crypto.createHash("sha256").update(fs.readFileSync(path.join(dir, "src/index.ts"))).digest("hex");
    expect(m.files["src/index.ts"]).toBe(expected);
  });

  it("follows the files list of package.json (package.json and README always go in)", async () => {
    const dir = pluginCopy((d) => {
      const pkg = JSON.parse(fs.readFileSync(path.join(d, "package.json"), "utf8"));
      fs.writeFileSync(path.join(d, "package.json"), JSON.stringify({ ...pkg, files: ["src"] }, null, 2));
      fs.mkdirSync(path.join(d, "test"));
      fs.writeFileSync(path.join(d, "test", "a.test.ts"), "x");
    });
    const out = path.join(work, "files.tgz");
    await pack(dir, out);
    expect(members(out)).toEqual(["package/.anju/files.json", "package/README.md", "package/package.json", "package/src/index.ts"]);
  });

  it("gives the same bytes for the same files, whatever their times and modes", async () => {
    const a = pluginCopy();
    const b = pluginCopy((d) => {
      fs.utimesSync(path.join(d, "src", "index.ts"), new Date("2031-05-05"), new Date("2031-05-05"));
      fs.chmodSync(path.join(d, "README.md"), 0o600);
    });
    await pack(a, path.join(work, "one.tgz"));
    await pack(b, path.join(work, "two.tgz"));
    expect(fs.readFileSync(path.join(work, "one.tgz")).equals(fs.readFileSync(path.join(work, "two.tgz")))).toBe(true);
    expect(execFileSync("tar", ["-tvzf", path.join(work, "one.tgz")], { encoding: "utf8" })).not.toMatch(/2031/);
  });

  it("refuses a plugin without anju.vendor (PACKAGE_VENDOR_MISSING) and a symbolic link (PACKAGE_SYMLINK)", async () => {
    const noVendor = pluginCopy((d) => {
      const pkg = JSON.parse(fs.readFileSync(path.join(d, "package.json"), "utf8"));
      delete pkg.anju.vendor;
      fs.writeFileSync(path.join(d, "package.json"), JSON.stringify(pkg));
    });
    await expect(pack(noVendor, path.join(work, "x.tgz"))).rejects.toMatchObject({ type: "PACKAGE_VENDOR_MISSING", data: { id: "acme-hello" } });
    const linked = pluginCopy((d) => fs.symlinkSync("/etc/passwd", path.join(d, "src", "passwd")));
    const err = await pack(linked, path.join(work, "y.tgz")).catch((e) => e);
    expect(err).toMatchObject({ type: "PACKAGE_SYMLINK", data: { file: "src/passwd" } });
    expect(err.messages.en).toContain("src/passwd");
    expect(PackagingErrors.specs.PACKAGE_SYMLINK.messages["zh-CN"]).toContain("符号链接");
  });
});
