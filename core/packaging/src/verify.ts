/**
 * Verification of a package against the trust store. Refused, each with its own code: no
 * manifest or signature (unsigned), a malformed one, a key the host does not trust or has
 * revoked, a signature that does not match the manifest's bytes, a vendor that differs between
 * package.json, manifest, signature and key, and any file missing, added or changed.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { DEFAULT_LIMITS, MANIFEST_FILE, META_FILES, SIGNATURE_FILE, type UnpackLimits } from "./constants.js";
import { PackagingErrors } from "./errors.js";
import { publicKeyFrom } from "./keys.js";
import { identityOf, parseManifest, sha256File, type FileManifest } from "./manifest.js";
import { parseSignature, type SignatureFile } from "./signature.js";
import { unpackTarball } from "./tarball.js";
import { withTempDir } from "./temp.js";

export interface TrustedKey {
  vendor: string;
  fingerprint: string;
  publicKeyPem: string;
  /** ISO time, or null while the key is trusted. */
  revokedAt: string | null;
}

/** Where verification looks keys up: the host's trust store, or a plain list (tests, offline checks). */
export interface TrustLookup {
  keyByFingerprint(fingerprint: string): Promise<TrustedKey | undefined> | TrustedKey | undefined;
}
export type Trust = TrustLookup | readonly TrustedKey[];

export interface Verified {
  plugin: string;
  version: string;
  vendor: string;
  fingerprint: string;
  files: number;
}

function lookup(trust: Trust): TrustLookup {
  if (!Array.isArray(trust)) return trust as TrustLookup;
  const keys = trust as readonly TrustedKey[];
  return { keyByFingerprint: (fp) => keys.find((k) => k.fingerprint === fp) };
}

/** Every file below `root`, relative; links refused; a top-level node_modules left out when asked. */
function listFiles(root: string, skipNodeModules: boolean): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (skipNodeModules && child === "node_modules") continue;
      if (e.isSymbolicLink()) throw PackagingErrors.PACKAGE_SYMLINK({ file: child });
      if (e.isDirectory()) walk(child);
      else if (e.isFile()) out.push(child);
      else throw PackagingErrors.TARBALL_UNSAFE_ENTRY({ entry: child, reason: "不是普通文件 / not a regular file" });
    }
  };
  walk("");
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function readMeta(dir: string): { manifestRaw: Buffer; manifest: FileManifest; signature: SignatureFile } {
  const manifestPath = path.join(dir, MANIFEST_FILE);
  const signaturePath = path.join(dir, SIGNATURE_FILE);
  if (!fs.existsSync(manifestPath)) throw PackagingErrors.PACKAGE_UNSIGNED({ file: MANIFEST_FILE });
  if (!fs.existsSync(signaturePath)) throw PackagingErrors.PACKAGE_UNSIGNED({ file: SIGNATURE_FILE });
  const manifestRaw = fs.readFileSync(manifestPath);
  return { manifestRaw, manifest: parseManifest(manifestRaw), signature: parseSignature(fs.readFileSync(signaturePath)) };
}

/** Check the signature and the key behind it; returns the key's vendor and fingerprint. */
async function checkSignature(manifestRaw: Buffer, manifest: FileManifest, signature: SignatureFile, trust: Trust): Promise<TrustedKey> {
  const key = await lookup(trust).keyByFingerprint(signature.keyFingerprint);
  if (!key) throw PackagingErrors.SIGNATURE_KEY_UNKNOWN({ fingerprint: signature.keyFingerprint, vendor: signature.vendor });
  if (key.revokedAt) throw PackagingErrors.SIGNATURE_KEY_REVOKED({ fingerprint: key.fingerprint, vendor: key.vendor });
  const ok = crypto.verify(null, manifestRaw, publicKeyFrom(key.publicKeyPem), Buffer.from(signature.signature, "base64"));
  if (!ok) throw PackagingErrors.SIGNATURE_INVALID({ reason: `${MANIFEST_FILE} 与签名不符（清单被修改或签名错误）/ does not match the signature (manifest changed or wrong signature)` });
  for (const declared of [signature.vendor, manifest.vendor]) {
    if (declared !== key.vendor) throw PackagingErrors.SIGNATURE_VENDOR_MISMATCH({ declared, keyVendor: key.vendor });
  }
  return key;
}

/** Verify an unpacked package folder (a node_modules folder beside the code is not part of it). */
export async function verifyDir(dir: string, trust: Trust): Promise<Verified> {
  const root = path.resolve(dir);
  const { manifestRaw, manifest, signature } = readMeta(root);
  const key = await checkSignature(manifestRaw, manifest, signature, trust);
  const present = listFiles(root, true).filter((f) => !META_FILES.has(f));
  const listed = Object.keys(manifest.files);
  const presentSet = new Set(present);
  for (const f of listed.sort()) if (!presentSet.has(f)) throw PackagingErrors.PACKAGE_FILE_MISSING({ file: f });
  for (const f of present) if (!(f in manifest.files)) throw PackagingErrors.PACKAGE_FILE_EXTRA({ file: f });
  for (const f of present) if (sha256File(path.join(root, f)) !== manifest.files[f]) throw PackagingErrors.PACKAGE_FILE_MODIFIED({ file: f });
  const id = identityOf(root);
  // The hashes already bind package.json; this catches a vendor that signed an inconsistent package.
  for (const [field, inManifest, actual] of [["anju.id", manifest.plugin, id.plugin], ["version", manifest.version, id.version], ["anju.vendor", manifest.vendor, id.vendor]] as const) {
    if (inManifest !== actual) throw PackagingErrors.PACKAGE_IDENTITY_MISMATCH({ field, manifest: inManifest, actual: String(actual) });
  }
  return { plugin: manifest.plugin, version: manifest.version, vendor: key.vendor, fingerprint: key.fingerprint, files: present.length };
}

/** Unpack a .tgz safely into a temporary folder and verify it; the folder is removed afterwards. */
export async function verify(tgz: string, trust: Trust, limits: UnpackLimits = DEFAULT_LIMITS): Promise<Verified> {
  return withTempDir("anju-verify-", async (dir) => {
    await unpackTarball(tgz, dir, limits);
    return verifyDir(dir, trust);
  });
}

/** Unpack and verify, then run `fn` on the verified folder before it is removed. */
export async function withVerifiedPackage<T>(tgz: string, trust: Trust, fn: (dir: string, verified: Verified) => Promise<T>, limits: UnpackLimits = DEFAULT_LIMITS): Promise<T> {
  return withTempDir("anju-pkg-", async (dir) => {
    await unpackTarball(tgz, dir, limits);
    return fn(dir, await verifyDir(dir, trust));
  });
}
