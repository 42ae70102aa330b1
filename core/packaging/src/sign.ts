/**
 * `sign(tgz, privateKeyPem)`: add `.anju/signature.json` to a packed .tgz. The package is
 * unpacked with the same checks as an untrusted one and its files are checked against the
 * manifest first: a vendor never signs a package that was changed after packing. Ed25519 is
 * deterministic, so signing the same package twice gives the same bytes.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { FORMAT_VERSION, MANIFEST_FILE, SIGNATURE_ALGORITHM, SIGNATURE_FILE, TAR_ROOT } from "./constants.js";
import { PackagingErrors } from "./errors.js";
import { fingerprintOf, privateKeyFrom } from "./keys.js";
import { parseManifest, sha256File } from "./manifest.js";
import { signatureBytes, type SignatureFile } from "./signature.js";
import { unpackTarball, writeTarball } from "./tarball.js";
import { withTempDir } from "./temp.js";

export interface SignResult { file: string; plugin: string; version: string; vendor: string; fingerprint: string }

export async function sign(tgz: string, privateKeyPem: string | Buffer, out?: string): Promise<SignResult> {
  const key = privateKeyFrom(privateKeyPem);
  const target = path.resolve(out ?? tgz);
  return withTempDir("anju-sign-", async (stage) => {
    const base = path.join(stage, TAR_ROOT);
    fs.mkdirSync(base);
    const files = (await unpackTarball(tgz, base)).filter((f) => f !== SIGNATURE_FILE);
    if (!files.includes(MANIFEST_FILE)) throw PackagingErrors.PACKAGE_MANIFEST_INVALID({ reason: `缺少 ${MANIFEST_FILE}，请先用 anju plugin pack 打包 / ${MANIFEST_FILE} is missing; pack with anju plugin pack first` });
    fs.rmSync(path.join(base, SIGNATURE_FILE), { force: true });
    const manifestRaw = fs.readFileSync(path.join(base, MANIFEST_FILE));
    const manifest = parseManifest(manifestRaw);
    const content = files.filter((f) => f !== MANIFEST_FILE);
    for (const f of Object.keys(manifest.files)) if (!content.includes(f)) throw PackagingErrors.PACKAGE_FILE_MISSING({ file: f });
    for (const f of content) {
      if (!(f in manifest.files)) throw PackagingErrors.PACKAGE_FILE_EXTRA({ file: f });
      if (sha256File(path.join(base, f)) !== manifest.files[f]) throw PackagingErrors.PACKAGE_FILE_MODIFIED({ file: f });
    }
    const fingerprint = fingerprintOf(key);
    const signature: SignatureFile = {
      format: FORMAT_VERSION, vendor: manifest.vendor, algorithm: SIGNATURE_ALGORITHM, keyFingerprint: fingerprint,
      signedFile: MANIFEST_FILE, signature: crypto.sign(null, manifestRaw, key).toString("base64"),
    };
    fs.writeFileSync(path.join(base, SIGNATURE_FILE), signatureBytes(signature));
    const tmp = `${target}.${process.pid}.part`;
    await writeTarball(stage, [...files, SIGNATURE_FILE], tmp);
    fs.renameSync(tmp, target);
    return { file: target, plugin: manifest.plugin, version: manifest.version, vendor: manifest.vendor, fingerprint };
  });
}
