/**
 * What a vendor's own test does before publishing a driver: make an Ed25519 key as the docs
 * say (`openssl genpkey`), pack the package, sign it, and check the signed file verifies
 * against that key. The tarball lives in a temporary folder (never committed).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fingerprintOf, publicKeyFrom } from "./keys.js";
import { pack } from "./pack.js";
import { sign } from "./sign.js";
import { unpackTarball } from "./tarball.js";
import type { TrustedKey } from "./verify.js";

export interface SignedPackage {
  /** The signed `.tgz`. */
  tgz: string;
  /** The vendor's public key, as handed to `anju trust add`. */
  publicPem: string;
  fingerprint: string;
  /** The trust entry a host would hold for that key. */
  trusted: TrustedKey;
  /** Unpack the tarball into a fresh folder (what `anju plugin install x.tgz` hands the plugin manager). */
  unpacked(): Promise<string>;
  /** Remove the temporary folder. */
  cleanup(): void;
}

export async function packAndSignForTest(pluginDir: string, vendor: string): Promise<SignedPackage> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "anju-signed-"));
  const privateFile = path.join(work, `${vendor}.pem`);
  execFileSync("openssl", ["genpkey", "-algorithm", "ed25519", "-out", privateFile]);
  const publicPem = execFileSync("openssl", ["pkey", "-in", privateFile, "-pubout"], { encoding: "utf8" });
  const tgz = path.join(work, "package.tgz");
  await pack(pluginDir, tgz);
  await sign(tgz, fs.readFileSync(privateFile));
  const fingerprint = fingerprintOf(publicKeyFrom(publicPem));
  let n = 0;
  return {
    tgz, publicPem, fingerprint,
    trusted: { vendor, fingerprint, publicKeyPem: publicPem, revokedAt: null },
    async unpacked() {
      const dir = path.join(work, `unpacked-${++n}`, "package");
      fs.mkdirSync(dir, { recursive: true });
      await unpackTarball(tgz, dir);
      return dir;
    },
    cleanup: () => fs.rmSync(work, { recursive: true, force: true }),
  };
}
