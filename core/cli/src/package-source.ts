/**
 * What `anju plugin install <x>` (and `upgrade --from <x>`) was given: the id of a discovered
 * plugin, a package folder, or a `.tgz`/`.tar.gz` (as `npm pack` makes them, files under
 * `package/`). A tarball is unpacked into a temporary folder that is removed afterwards; the
 * plugin manager copies the package into the install folder itself.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PLUGIN_ID_PATTERN } from "@anju/kernel";
import { CliErrors } from "./errors.js";

export type PackageSource =
  | { kind: "id"; id: string }
  | { kind: "dir"; dir: string }
  | { kind: "tarball"; file: string };

const TARBALL = /\.(tgz|tar\.gz)$/i;
const idRe = new RegExp(PLUGIN_ID_PATTERN);

export function classifySource(raw: string, options: { allowId: boolean }): PackageSource {
  const resolved = path.resolve(raw);
  const stat = fs.statSync(resolved, { throwIfNoEntry: false });
  if (stat?.isFile() && TARBALL.test(resolved)) return { kind: "tarball", file: resolved };
  if (stat?.isDirectory()) return { kind: "dir", dir: resolved };
  if (options.allowId && !stat && idRe.test(raw)) return { kind: "id", id: raw };
  throw CliErrors.PACKAGE_UNSUPPORTED({ source: raw });
}

/** The package folder inside an unpacked tarball: `package/`, the top, or its only folder. */
function packageRoot(dir: string): string | null {
  if (fs.existsSync(path.join(dir, "package", "package.json"))) return path.join(dir, "package");
  if (fs.existsSync(path.join(dir, "package.json"))) return dir;
  const entries = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory());
  if (entries.length === 1 && fs.existsSync(path.join(dir, entries[0].name, "package.json"))) return path.join(dir, entries[0].name);
  return null;
}

function unpack(file: string, into: string): string {
  try {
    // --no-same-owner: as root, tar would otherwise keep the archive's uid/gid. GNU tar refuses
    // members with `..` or absolute names on its own.
    execFileSync("tar", ["-xzf", file, "-C", into, "--no-same-owner"], { stdio: ["ignore", "ignore", "pipe"] });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
    throw CliErrors.TARBALL_INVALID({ file, reason: stderr || (err as Error).message });
  }
  const root = packageRoot(into);
  if (!root) throw CliErrors.TARBALL_INVALID({ file, reason: "没有 package.json / no package.json found" });
  return root;
}

/** Run `fn` with a package folder for a folder or tarball source; temporary files are removed. */
export async function withPackageDir<T>(source: Exclude<PackageSource, { kind: "id" }>, fn: (dir: string) => Promise<T>): Promise<T> {
  if (source.kind === "dir") return fn(source.dir);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "anju-pkg-"));
  try {
    return await fn(unpack(source.file, tmp));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
