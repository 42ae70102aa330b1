/**
 * What `anju plugin install <x>` (and `upgrade --from <x>`) was given: the id of a discovered
 * plugin, a package folder, or a `.tgz`/`.tar.gz` (as `npm pack` makes them, files under
 * `package/`, or under one folder). A tarball is unpacked into a temporary folder that is removed
 * afterwards; the plugin manager verifies the package's signature and copies it into the install
 * folder itself.
 */
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

/**
 * Unpacked with the checks for untrusted input (no links, no `..`, size limits): the signature
 * is checked afterwards, by the plugin manager, on what was unpacked.
 */
async function unpack(file: string, into: string): Promise<string> {
  const { unpackTarball } = await import("@anju/packaging");
  await unpackTarball(file, into);
  if (!fs.existsSync(path.join(into, "package.json"))) throw CliErrors.TARBALL_INVALID({ file, reason: "没有 package.json / no package.json found" });
  return into;
}

/** Run `fn` with a package folder for a folder or tarball source; temporary files are removed. */
export async function withPackageDir<T>(source: Exclude<PackageSource, { kind: "id" }>, fn: (dir: string) => Promise<T>): Promise<T> {
  if (source.kind === "dir") return fn(source.dir);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "anju-pkg-"));
  try {
    return await fn(await unpack(source.file, tmp));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
