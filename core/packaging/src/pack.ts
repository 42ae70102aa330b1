/**
 * `pack(dir, out)`: the package's files (see files.ts) and a fresh `.anju/files.json` with
 * their SHA-256, in a deterministic .tgz under `package/`. The result is not signed yet.
 */
import fs from "node:fs";
import path from "node:path";
import { MANIFEST_FILE, TAR_ROOT, VENDOR_PATTERN } from "./constants.js";
import { PackagingErrors } from "./errors.js";
import { selectFiles } from "./files.js";
import { buildManifest, identityOf, manifestBytes } from "./manifest.js";
import { writeTarball } from "./tarball.js";
import { withTempDir } from "./temp.js";

export interface PackResult { file: string; plugin: string; version: string; vendor: string; files: string[] }

/** Default name of a package file, as npm names them. */
export function tarballName(plugin: string, version: string): string {
  return `${plugin}-${version}.tgz`;
}

export async function pack(dir: string, out?: string): Promise<PackResult> {
  const root = path.resolve(dir);
  if (!fs.statSync(root, { throwIfNoEntry: false })?.isDirectory()) throw PackagingErrors.PACKAGE_DIR_INVALID({ dir, reason: "不是目录 / not a folder" });
  const id = identityOf(root);
  if (!id.vendor) throw PackagingErrors.PACKAGE_VENDOR_MISSING({ id: id.plugin });
  if (!VENDOR_PATTERN.test(id.vendor)) throw PackagingErrors.VENDOR_INVALID({ vendor: id.vendor });
  const files = selectFiles(root, id.pkg);
  const manifest = buildManifest(root, files, { ...id, vendor: id.vendor });
  const file = path.resolve(out ?? tarballName(id.plugin, id.version));
  await withTempDir("anju-pack-", async (stage) => {
    const base = path.join(stage, TAR_ROOT);
    for (const f of files) {
      fs.mkdirSync(path.dirname(path.join(base, f)), { recursive: true });
      fs.copyFileSync(path.join(root, f), path.join(base, f));
    }
    fs.mkdirSync(path.dirname(path.join(base, MANIFEST_FILE)), { recursive: true });
    fs.writeFileSync(path.join(base, MANIFEST_FILE), manifestBytes(manifest));
    const tmp = `${file}.${process.pid}.part`;
    await writeTarball(stage, [...files, MANIFEST_FILE], tmp);
    fs.renameSync(tmp, file);
  });
  return { file, plugin: id.plugin, version: id.version, vendor: id.vendor, files: [...files, MANIFEST_FILE] };
}
