/** Keys made by the real openssl, packages made by our pack/sign, tampering done with GNU tar. */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fingerprintOf, publicKeyFrom, type TrustedKey } from "../src/index.js";

export const FIXTURE = path.join(__dirname, "fixtures", "acme-hello");

export interface KeyPair { privateFile: string; publicFile: string; publicPem: string; fingerprint: string }

export function tempDir(prefix = "anju-pkgtest-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** `openssl genpkey -algorithm ed25519` and `openssl pkey -pubout`, as a vendor would. */
export function opensslKeys(dir: string, name: string): KeyPair {
  const privateFile = path.join(dir, `${name}.pem`);
  const publicFile = path.join(dir, `${name}.pub.pem`);
  execFileSync("openssl", ["genpkey", "-algorithm", "ed25519", "-out", privateFile]);
  execFileSync("openssl", ["pkey", "-in", privateFile, "-pubout", "-out", publicFile]);
  const publicPem = fs.readFileSync(publicFile, "utf8");
  return { privateFile, publicFile, publicPem, fingerprint: fingerprintOf(publicKeyFrom(publicPem)) };
}

export function trusted(keys: KeyPair, vendor = "acme", revokedAt: string | null = null): TrustedKey {
  return { vendor, fingerprint: keys.fingerprint, publicKeyPem: keys.publicPem, revokedAt };
}

/** A copy of the fixture plugin, changed by `edit`, in a fresh folder. */
export function pluginCopy(edit: (dir: string) => void = () => undefined): string {
  const dir = path.join(tempDir(), "acme-hello");
  fs.cpSync(FIXTURE, dir, { recursive: true });
  edit(dir);
  return dir;
}

/** Unpack `tgz` with GNU tar, let `edit` change the files under package/, pack it again as `out`. */
export function tamper(tgz: string, out: string, edit: (packageDir: string) => void): string {
  const stage = tempDir("anju-tamper-");
  execFileSync("tar", ["-xzf", tgz, "-C", stage]);
  edit(path.join(stage, "package"));
  execFileSync("tar", ["-czf", out, "-C", stage, "package"]);
  fs.rmSync(stage, { recursive: true, force: true });
  return out;
}

/** An audit sink that keeps every event (the host records nothing without one). */
export function auditCapture(): { module: import("@anju/kernel").HostModule; events: import("@anju/kernel").AuditEvent[] } {
  const events: import("@anju/kernel").AuditEvent[] = [];
  return { events, module: { name: "audit-capture", auditSink: () => ({ record: async (e) => { events.push(e); } }) } };
}

/** Set the fixture copy's version (an upgrade). */
export function withVersion(version: string): (dir: string) => void {
  return (dir) => {
    const file = path.join(dir, "package.json");
    const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
    fs.writeFileSync(file, JSON.stringify({ ...pkg, version }, null, 2));
  };
}

/** Give the fixture copy another plugin id (and name its service after it, as the host requires). */
export function withId(id: string): (dir: string) => void {
  return (dir) => {
    const file = path.join(dir, "package.json");
    const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
    fs.writeFileSync(file, JSON.stringify({ ...pkg, anju: { ...pkg.anju, id } }, null, 2));
    const entry = path.join(dir, "src", "index.ts");
    fs.writeFileSync(entry, fs.readFileSync(entry, "utf8").replace('"acme-hello"', JSON.stringify(id)));
  };
}
