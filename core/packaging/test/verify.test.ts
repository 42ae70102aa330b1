/**
 * Signing and verifying with real openssl Ed25519 keys: a signed package verifies; every way of
 * changing it, or signing it with a key the host does not trust, is refused with its own code
 * and a message naming the file or the reason.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pack, sign, verify, type TrustedKey } from "../src/index.js";
import { opensslKeys, pluginCopy, tamper, tempDir, trusted, type KeyPair } from "./helpers.js";

const work = tempDir();
let acme: KeyPair;
let other: KeyPair;
let signed: string;
let trust: TrustedKey[];

beforeAll(async () => {
  acme = opensslKeys(work, "acme");
  other = opensslKeys(work, "other");
  signed = path.join(work, "acme-hello-1.0.0.tgz");
  await pack(pluginCopy(), signed);
  await sign(signed, fs.readFileSync(acme.privateFile));
  trust = [trusted(acme)];
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const refusal = (p: Promise<unknown>) => p.then(() => { throw new Error("expected a refusal"); }, (e) => e);

describe("sign and verify", () => {
  it("a package signed with the vendor's key verifies against the trusted public key", async () => {
    expect(await verify(signed, trust)).toEqual({ plugin: "acme-hello", version: "1.0.0", vendor: "acme", fingerprint: acme.fingerprint, files: 4 });
  });

  it("signing is reproducible: the same package and key give the same bytes", async () => {
    const again = path.join(work, "again.tgz");
    await pack(pluginCopy(), again);
    await sign(again, fs.readFileSync(acme.privateFile));
    expect(fs.readFileSync(again).equals(fs.readFileSync(signed))).toBe(true);
  });

  it("refuses an unsigned package with PACKAGE_UNSIGNED", async () => {
    const unsigned = path.join(work, "unsigned.tgz");
    await pack(pluginCopy(), unsigned);
    const err = await refusal(verify(unsigned, trust));
    expect(err).toMatchObject({ type: "PACKAGE_UNSIGNED", data: { file: ".anju/signature.json" } });
    expect(err.messages["zh-CN"]).toContain("未签名");
  });

  it("refuses a key the host does not trust (SIGNATURE_KEY_UNKNOWN) and a revoked one (SIGNATURE_KEY_REVOKED)", async () => {
    expect(await refusal(verify(signed, []))).toMatchObject({ type: "SIGNATURE_KEY_UNKNOWN", data: { fingerprint: acme.fingerprint, vendor: "acme" } });
    expect(await refusal(verify(signed, [trusted(other)]))).toMatchObject({ type: "SIGNATURE_KEY_UNKNOWN" });
    expect(await refusal(verify(signed, [trusted(acme, "acme", "2026-01-01T00:00:00.000Z")]))).toMatchObject({ type: "SIGNATURE_KEY_REVOKED", data: { vendor: "acme" } });
  });

  it("refuses a package whose declared vendor differs from the key's vendor (SIGNATURE_VENDOR_MISMATCH)", async () => {
    const err = await refusal(verify(signed, [trusted(acme, "globex")]));
    expect(err).toMatchObject({ type: "SIGNATURE_VENDOR_MISMATCH", data: { declared: "acme", keyVendor: "globex" } });
    // A vendor signing in another vendor's name: globex's key over a package that says "acme".
    const forged = path.join(work, "forged.tgz");
    await pack(pluginCopy(), forged);
    await sign(forged, fs.readFileSync(other.privateFile));
    expect(await refusal(verify(forged, [trusted(other, "globex")]))).toMatchObject({ type: "SIGNATURE_VENDOR_MISMATCH", data: { declared: "acme", keyVendor: "globex" } });
  });

  it("names a modified file (PACKAGE_FILE_MODIFIED), an added one (PACKAGE_FILE_EXTRA) and a removed one (PACKAGE_FILE_MISSING)", async () => {
    const modified = tamper(signed, path.join(work, "modified.tgz"), (d) => fs.appendFileSync(path.join(d, "src", "index.ts"), "\nrequire('child_process').exec('curl evil');\n"));
    const m = await refusal(verify(modified, trust));
    expect(m).toMatchObject({ type: "PACKAGE_FILE_MODIFIED", data: { file: "src/index.ts" } });
    expect(m.messages["zh-CN"]).toBe("插件包中的文件已被修改：src/index.ts（SHA-256 不符）");
    const extra = tamper(signed, path.join(work, "extra.tgz"), (d) => fs.writeFileSync(path.join(d, "src", "backdoor.ts"), "x"));
    expect(await refusal(verify(extra, trust))).toMatchObject({ type: "PACKAGE_FILE_EXTRA", data: { file: "src/backdoor.ts" } });
    const missing = tamper(signed, path.join(work, "missing.tgz"), (d) => fs.rmSync(path.join(d, "locales", "zh-CN.json")));
    expect(await refusal(verify(missing, trust))).toMatchObject({ type: "PACKAGE_FILE_MISSING", data: { file: "locales/zh-CN.json" } });
  });

  it("refuses a manifest changed to match changed code: the signature no longer fits (SIGNATURE_INVALID)", async () => {
    const rehashed = tamper(signed, path.join(work, "rehashed.tgz"), (d) => {
      fs.appendFileSync(path.join(d, "src", "index.ts"), "\n// changed\n");
      const crypto = require("node:crypto") as typeof import("node:crypto");
      const m = JSON.parse(fs.readFileSync(path.join(d, ".anju", "files.json"), "utf8"));
      m.files["src/index.ts"] = crypto.createHash("sha256").update(fs.readFileSync(path.join(d, "src", "index.ts"))).digest("hex");
      fs.writeFileSync(path.join(d, ".anju", "files.json"), `${JSON.stringify(m, null, 2)}\n`);
    });
    const err = await refusal(verify(rehashed, trust));
    expect(err).toMatchObject({ type: "SIGNATURE_INVALID" });
    expect(err.messages.en).toContain(".anju/files.json");
  });

  it("refuses to sign a package changed after packing, and a key that is not Ed25519", async () => {
    const unsigned = path.join(work, "later.tgz");
    await pack(pluginCopy(), unsigned);
    const changed = tamper(unsigned, path.join(work, "later-changed.tgz"), (d) => fs.writeFileSync(path.join(d, "README.md"), "changed"));
    expect(await refusal(sign(changed, fs.readFileSync(acme.privateFile)))).toMatchObject({ type: "PACKAGE_FILE_MODIFIED", data: { file: "README.md" } });
    const rsa = path.join(work, "rsa.pem");
    require("node:child_process").execFileSync("openssl", ["genpkey", "-algorithm", "rsa", "-pkeyopt", "rsa_keygen_bits:1024", "-out", rsa], { stdio: "ignore" });
    expect(await refusal(sign(unsigned, fs.readFileSync(rsa)))).toMatchObject({ type: "KEY_INVALID" });
  });
});
