/**
 * Unpacking untrusted archives: links, paths leaving the folder, devices, duplicate members and
 * zip bombs are refused before anything lands outside the temporary folder.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { Header } from "tar";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, unpackTarball } from "../src/index.js";
import { tempDir } from "./helpers.js";

const work = tempDir();
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** A tar made by GNU tar from a staged tree, with extra flags (e.g. to keep `..`). */
function gnuTar(name: string, build: (stage: string) => string[], flags: string[] = []): string {
  const stage = tempDir("anju-stage-");
  const members = build(stage);
  const out = path.join(work, name);
  execFileSync("tar", ["-czf", out, ...flags, "-C", stage, ...members]);
  return out;
}

const refusal = (p: Promise<unknown>) => p.then(() => { throw new Error("expected a refusal"); }, (e) => e);

describe("unpacking an untrusted .tgz", () => {
  it("refuses a symbolic link (even one pointing inside)", async () => {
    const tgz = gnuTar("symlink.tgz", (s) => {
      fs.mkdirSync(path.join(s, "package"));
      fs.writeFileSync(path.join(s, "package", "package.json"), "{}");
      fs.symlinkSync("/etc/passwd", path.join(s, "package", "passwd"));
      return ["package"];
    });
    const into = tempDir();
    const err = await refusal(unpackTarball(tgz, into));
    expect(err).toMatchObject({ type: "TARBALL_UNSAFE_ENTRY", data: { entry: "package/passwd" } });
    expect(err.messages.en).toContain("SymbolicLink");
    expect(fs.existsSync(path.join(into, "passwd"))).toBe(false);
  });

  it("refuses a hard link", async () => {
    const tgz = gnuTar("hardlink.tgz", (s) => {
      fs.mkdirSync(path.join(s, "package"));
      fs.writeFileSync(path.join(s, "package", "a.txt"), "a");
      fs.linkSync(path.join(s, "package", "a.txt"), path.join(s, "package", "b.txt"));
      return ["package"];
    });
    const err = await refusal(unpackTarball(tgz, tempDir()));
    // GNU tar stores whichever it meets second as the link.
    expect(err).toMatchObject({ type: "TARBALL_UNSAFE_ENTRY", data: { entry: expect.stringMatching(/^package\/[ab]\.txt$/) } });
    expect(err.messages.en).toContain("Link");
  });

  it("refuses a member whose path climbs out with ..", async () => {
    // GNU tar tidies such names away when it creates an archive; an attacker writes the header by hand.
    const body = Buffer.from("pwned");
    const header = new Header({ path: "package/../../evil.txt", mode: 0o644, size: body.length, mtime: new Date(), type: "File" });
    header.encode();
    const tarBytes = Buffer.concat([header.block!, body, Buffer.alloc(512 - body.length), Buffer.alloc(1024)]);
    const tgz = path.join(work, "dotdot.tgz");
    fs.writeFileSync(tgz, zlib.gzipSync(tarBytes));
    const into = path.join(tempDir(), "a", "b");
    fs.mkdirSync(into, { recursive: true });
    const err = await refusal(unpackTarball(tgz, into));
    expect(err).toMatchObject({ type: "TARBALL_UNSAFE_ENTRY", data: { entry: "package/../../evil.txt" } });
    expect(err.messages.en).toContain("path contains ..");
    expect(fs.existsSync(path.join(into, "..", "evil.txt"))).toBe(false);
    expect(fs.existsSync(path.join(into, "..", "..", "evil.txt"))).toBe(false);
  });

  it("refuses an absolute path and members outside the one top folder", async () => {
    const abs = gnuTar("abs.tgz", (s) => { fs.writeFileSync(path.join(s, "x.txt"), "x"); return [path.join(s, "x.txt")]; }, ["--absolute-names"]);
    expect(await refusal(unpackTarball(abs, tempDir()))).toMatchObject({ type: "TARBALL_UNSAFE_ENTRY" });
    const two = gnuTar("two.tgz", (s) => {
      for (const d of ["package", "other"]) { fs.mkdirSync(path.join(s, d)); fs.writeFileSync(path.join(s, d, "f"), d); }
      return ["package", "other"];
    });
    expect(await refusal(unpackTarball(two, tempDir()))).toMatchObject({ type: "TARBALL_UNSAFE_ENTRY", data: { entry: expect.stringMatching(/^other/) } });
  });

  it("stops a zip bomb at the unpacked-size limit (a few KiB compressed, far more inflated)", async () => {
    const tgz = gnuTar("bomb.tgz", (s) => {
      fs.mkdirSync(path.join(s, "package"));
      fs.writeFileSync(path.join(s, "package", "zeros.bin"), Buffer.alloc(8 * 1024 * 1024));
      return ["package"];
    });
    expect(fs.statSync(tgz).size).toBeLessThan(64 * 1024);
    const into = tempDir();
    const err = await refusal(unpackTarball(tgz, into, { ...DEFAULT_LIMITS, maxFileBytes: 1024 * 1024, maxUnpackedBytes: 2 * 1024 * 1024 }));
    expect(err).toMatchObject({ type: "TARBALL_TOO_LARGE", code: 413 });
    expect(err.messages["zh-CN"]).toContain("package/zeros.bin".replace("package/", ""));
    expect(fs.existsSync(path.join(into, "zeros.bin"))).toBe(false);
  });

  it("counts inflated bytes, so junk hidden after the archive cannot inflate without bound", async () => {
    const tar = execFileSync("tar", ["-cf", "-", "-C", work, "--files-from", "/dev/null"]);
    const junk = Buffer.concat([tar, Buffer.alloc(4 * 1024 * 1024)]);
    const tgz = path.join(work, "junk.tgz");
    fs.writeFileSync(tgz, zlib.gzipSync(junk));
    expect(await refusal(unpackTarball(tgz, tempDir(), { ...DEFAULT_LIMITS, maxFiles: 10, maxUnpackedBytes: 1024 * 1024 }))).toMatchObject({ type: "TARBALL_TOO_LARGE" });
  });

  it("refuses too many files, and a file that is not gzip", async () => {
    const many = gnuTar("many.tgz", (s) => {
      fs.mkdirSync(path.join(s, "package"));
      for (let i = 0; i < 20; i++) fs.writeFileSync(path.join(s, "package", `f${i}`), "x");
      return ["package"];
    });
    expect(await refusal(unpackTarball(many, tempDir(), { ...DEFAULT_LIMITS, maxFiles: 10 }))).toMatchObject({ type: "TARBALL_TOO_LARGE", data: { limit: "10" } });
    const text = path.join(work, "text.tgz");
    fs.writeFileSync(text, "just text");
    expect(await refusal(unpackTarball(text, tempDir()))).toMatchObject({ type: "TARBALL_INVALID" });
  });

  it("refuses a second member with the name of the first instead of overwriting it", async () => {
    const stage = tempDir("anju-stage-");
    fs.mkdirSync(path.join(stage, "package"));
    fs.writeFileSync(path.join(stage, "package", "index.js"), "good");
    const tarFile = path.join(work, "dup.tar");
    execFileSync("tar", ["-cf", tarFile, "-C", stage, "package/index.js"]);
    fs.writeFileSync(path.join(stage, "package", "index.js"), "evil");
    execFileSync("tar", ["-rf", tarFile, "-C", stage, "package/index.js"]);
    const tgz = path.join(work, "dup.tgz");
    fs.writeFileSync(tgz, zlib.gzipSync(fs.readFileSync(tarFile)));
    expect(await refusal(unpackTarball(tgz, tempDir()))).toMatchObject({ type: "TARBALL_UNSAFE_ENTRY", data: { entry: "package/index.js" } });
  });
});
