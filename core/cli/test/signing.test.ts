/**
 * A vendor and an operator with the real `anju` and real openssl keys: pack → sign → the
 * operator trusts the vendor's public key → verify → install; a changed package, an unknown or
 * revoked key are refused with exit code 1 and the reason.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { testDbKinds } from "@anju/kernel/testing";
import { workspace, type Workspace } from "./helpers.js";

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const VENDOR_PLUGIN = path.resolve(__dirname, "../../packaging/test/fixtures/acme-hello");

describe.each(testDbKinds())("anju plugin pack/sign/verify and anju trust on %s", (kind) => {
  let ws: Workspace;
  let work: string;
  let tgz: string;
  let key: string;
  let pub: string;
  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "anju-signing-"));
    key = path.join(work, "acme.pem");
    pub = path.join(work, "acme.pub.pem");
    execFileSync("openssl", ["genpkey", "-algorithm", "ed25519", "-out", key]);
    execFileSync("openssl", ["pkey", "-in", key, "-pubout", "-out", pub]);
    tgz = path.join(work, "acme-hello-1.0.0.tgz");
    ws = await workspace(kind);
  });
  afterAll(async () => {
    await ws?.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it("packs and signs a plugin folder; verify refuses it until the vendor's key is trusted", async () => {
    const packed = await ws.run(["plugin", "pack", VENDOR_PLUGIN, "-o", tgz]);
    expect(packed.code, packed.stderr).toBe(0);
    expect(packed.stdout).toContain("acme-hello@1.0.0");
    const unsigned = await ws.run(["plugin", "verify", tgz]);
    expect(unsigned.code).toBe(1);
    expect(unsigned.stdout + unsigned.stderr).toContain("PACKAGE_UNSIGNED");

    const signed = await ws.run(["plugin", "sign", tgz, "--key", key, "--json"]);
    expect(signed.code, signed.stderr).toBe(0);
    const fingerprint = signed.json.fingerprint as string;
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);

    const untrusted = await ws.run(["plugin", "verify", tgz, "--json"]);
    expect(untrusted.code).toBe(1);
    expect(untrusted.json.error).toMatchObject({ code: "SIGNATURE_KEY_UNKNOWN", data: { fingerprint, vendor: "acme" } });

    const added = await ws.run(["trust", "add", "acme", pub]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain(fingerprint);
    const ok = await ws.run(["plugin", "verify", tgz]);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toContain("校验通过 Verified: acme-hello@1.0.0");
  });

  it("installs the signed package and lists it as verified by its vendor", async () => {
    const r = await ws.run(["plugin", "install", tgz, "--json"]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.json).toMatchObject({ id: "acme-hello", installed: ["acme-hello"], signature: { status: "verified", vendor: "acme" } });
    const human = await ws.run(["plugin", "list"]);
    expect(human.stdout).toMatch(/acme-hello.*已验证 verified acme/);
  });

  it("refuses a package changed after signing, naming the file (exit 1)", async () => {
    const stage = fs.mkdtempSync(path.join(os.tmpdir(), "anju-tamper-"));
    execFileSync("tar", ["-xzf", tgz, "-C", stage]);
    fs.appendFileSync(path.join(stage, "package", "src", "index.ts"), "\n// injected\n");
    const changed = path.join(work, "changed.tgz");
    execFileSync("tar", ["-czf", changed, "-C", stage, "package"]);
    const v = await ws.run(["plugin", "verify", changed]);
    expect(v.code).toBe(1);
    expect(v.stdout + v.stderr).toContain("src/index.ts");
    expect(v.stdout + v.stderr).toContain("PACKAGE_FILE_MODIFIED");
  });

  it("trust list shows the key; trust remove revokes it and verify then says revoked", async () => {
    const list = await ws.run(["trust", "list", "--json"]);
    expect(list.json).toEqual([expect.objectContaining({ vendor: "acme", revokedAt: null, addedBy: "system" })]);
    expect((await ws.run(["trust", "remove", "acme"])).code).toBe(0);
    const v = await ws.run(["plugin", "verify", tgz, "--json"]);
    expect(v.code).toBe(1);
    expect(v.json.error.code).toBe("SIGNATURE_KEY_REVOKED");
    expect((await ws.run(["trust", "list"])).stdout).toMatch(/acme.*已撤销 revoked/);
    const again = await ws.run(["trust", "remove", "acme", "--json"]);
    expect(again.json.error.code).toBe("TRUST_VENDOR_NOT_FOUND");
  });

  it("refuses an unsigned folder without the override, and installs it with ANJU_ALLOW_UNSIGNED_PLUGINS=1", async () => {
    const folder = path.join(work, "globex-hello");
    fs.cpSync(VENDOR_PLUGIN, folder, { recursive: true });
    const pkgFile = path.join(folder, "package.json");
    const pkg = JSON.parse(fs.readFileSync(pkgFile, "utf8"));
    fs.writeFileSync(pkgFile, JSON.stringify({ ...pkg, anju: { ...pkg.anju, id: "globex-hello", vendor: "globex" } }));
    const entry = path.join(folder, "src", "index.ts");
    fs.writeFileSync(entry, fs.readFileSync(entry, "utf8").replace('"acme-hello"', '"globex-hello"'));
    const refused = await ws.run(["plugin", "install", folder, "--json"]);
    expect(refused.code).toBe(1);
    expect(refused.json.error.code).toBe("PACKAGE_UNSIGNED");
    const dev = await ws.run(["plugin", "install", folder, "--json"], { ANJU_ALLOW_UNSIGNED_PLUGINS: "1" });
    expect(dev.code, dev.stdout + dev.stderr).toBe(0);
    expect(dev.json.signature).toMatchObject({ status: "unsigned-override", code: "PACKAGE_UNSIGNED" });
  });
});
