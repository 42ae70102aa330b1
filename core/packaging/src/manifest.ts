/**
 * The file manifest (`.anju/files.json`): plugin id, version, vendor and the SHA-256 of every
 * other file of the package. Its exact bytes are what the vendor signs, so it is written in one
 * canonical form (keys in a fixed order, files sorted, two-space JSON, final newline).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { FORMAT_VERSION, HASH_ALGORITHM, META_FILES, VENDOR_PATTERN } from "./constants.js";
import { PackagingErrors } from "./errors.js";

export interface FileManifest {
  format: number;
  plugin: string;
  version: string;
  vendor: string;
  algorithm: typeof HASH_ALGORITHM;
  files: Record<string, string>;
}

export interface PackageIdentity { plugin: string; version: string; vendor: string | null }

export function sha256File(file: string): string {
  return crypto.createHash(HASH_ALGORITHM).update(fs.readFileSync(file)).digest("hex");
}

/** id, version and vendor from package.json (`anju.version` may stand in for `version`). */
export function identityOf(dir: string): PackageIdentity & { pkg: Record<string, unknown> } {
  let pkg: { version?: unknown; anju?: { id?: unknown; version?: unknown; vendor?: unknown } } & Record<string, unknown>;
  try {
    pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  } catch (err) {
    throw PackagingErrors.PACKAGE_DIR_INVALID({ dir, reason: `package.json: ${(err as Error).message}` });
  }
  const anju = pkg.anju;
  if (!anju || typeof anju !== "object" || typeof anju.id !== "string") throw PackagingErrors.PACKAGE_DIR_INVALID({ dir, reason: "package.json 缺少 anju.id / package.json has no anju.id" });
  const version = typeof anju.version === "string" ? anju.version : pkg.version;
  if (typeof version !== "string") throw PackagingErrors.PACKAGE_DIR_INVALID({ dir, reason: "package.json 缺少 version / package.json has no version" });
  return { plugin: anju.id, version, vendor: typeof anju.vendor === "string" ? anju.vendor : null, pkg };
}

export function buildManifest(dir: string, files: string[], id: PackageIdentity & { vendor: string }): FileManifest {
  const hashes: Record<string, string> = {};
  for (const f of [...files].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) if (!META_FILES.has(f)) hashes[f] = sha256File(path.join(dir, f));
  return { format: FORMAT_VERSION, plugin: id.plugin, version: id.version, vendor: id.vendor, algorithm: HASH_ALGORITHM, files: hashes };
}

export function manifestBytes(m: FileManifest): Buffer {
  const ordered = { format: m.format, plugin: m.plugin, version: m.version, vendor: m.vendor, algorithm: m.algorithm, files: m.files };
  return Buffer.from(`${JSON.stringify(ordered, null, 2)}\n`, "utf8");
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Parse and check a manifest's shape; every refusal says what is wrong. */
export function parseManifest(bytes: Buffer): FileManifest {
  let raw: Partial<FileManifest>;
  try {
    raw = JSON.parse(bytes.toString("utf8"));
  } catch (err) {
    throw PackagingErrors.PACKAGE_MANIFEST_INVALID({ reason: `不是 JSON / not JSON: ${(err as Error).message}` });
  }
  const bad = (reason: string) => PackagingErrors.PACKAGE_MANIFEST_INVALID({ reason });
  if (typeof raw !== "object" || raw === null) throw bad("不是对象 / not an object");
  if (raw.format !== FORMAT_VERSION) throw bad(`format 须为 ${FORMAT_VERSION} / format must be ${FORMAT_VERSION}`);
  if (raw.algorithm !== HASH_ALGORITHM) throw bad(`algorithm 须为 ${HASH_ALGORITHM} / algorithm must be ${HASH_ALGORITHM}`);
  if (typeof raw.plugin !== "string" || typeof raw.version !== "string") throw bad("缺少 plugin 或 version / plugin or version missing");
  if (typeof raw.vendor !== "string" || !VENDOR_PATTERN.test(raw.vendor)) throw bad("vendor 无效 / vendor invalid");
  if (typeof raw.files !== "object" || raw.files === null || Array.isArray(raw.files)) throw bad("files 须为对象 / files must be an object");
  for (const [f, h] of Object.entries(raw.files)) {
    if (typeof h !== "string" || !HEX64.test(h)) throw bad(`${f} 的摘要无效 / bad digest for ${f}`);
    if (f.startsWith("/") || f.split("/").includes("..") || f.includes("\\")) throw bad(`路径无效 / bad path: ${f}`);
  }
  return raw as FileManifest;
}
