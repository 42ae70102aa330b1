/**
 * The host's side, on SQLite and MariaDB: the trust store (every change audited) and the plugin
 * manager refusing unsigned, untrusted, revoked or modified packages from outside, while
 * packages in the host's own plugin folders count as built-in. The development override lets an
 * unsigned package in and records it as such.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestHost, testDbKinds, type TestHost } from "@anju/kernel/testing";
import { pack, packagingModule, packagingOf, sign, unpackTarball } from "../src/index.js";
import { auditCapture, opensslKeys, pluginCopy, tamper, tempDir, withVersion, type KeyPair } from "./helpers.js";

const BUILTIN = path.resolve(__dirname, "../../kernel/test/fixtures/basic");
const work = tempDir();
let acme: KeyPair;
let globex: KeyPair;
let signedV1: string;
let signedV11: string;
let unsignedV1: string;

beforeAll(async () => {
  acme = opensslKeys(work, "acme");
  globex = opensslKeys(work, "globex");
  signedV1 = path.join(work, "acme-hello-1.0.0.tgz");
  await pack(pluginCopy(), signedV1);
  unsignedV1 = path.join(work, "unsigned.tgz");
  fs.copyFileSync(signedV1, unsignedV1);
  await sign(signedV1, fs.readFileSync(acme.privateFile));
  signedV11 = path.join(work, "acme-hello-1.1.0.tgz");
  await pack(pluginCopy(withVersion("1.1.0")), signedV11);
  await sign(signedV11, fs.readFileSync(acme.privateFile));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** What an operator hands to `anju plugin install x.tgz`: the unpacked folder. */
async function unpacked(tgz: string): Promise<string> {
  const dir = path.join(tempDir("anju-unpacked-"), "package");
  fs.mkdirSync(dir);
  await unpackTarball(tgz, dir);
  return dir;
}

describe.each(testDbKinds())("signed plugin packages on %s", (db) => {
  let t: TestHost;
  let audit: ReturnType<typeof auditCapture>;
  const start = async (allowUnsignedPlugins = false) => {
    audit = auditCapture();
    t = await createTestHost({ db, pluginDirs: [BUILTIN], modules: [audit.module, packagingModule()], allowUnsignedPlugins });
    return t.host;
  };
  afterEach(async () => { await t?.stop(); });
  const rowsOf = (id: string) => t.host.ds.query("SELECT id, state FROM anju_plugin WHERE id = ?", [id]);
  const infoOf = async (id: string) => (await t.host.plugins.list()).find((p) => p.id === id);
  const system = { userId: "admin-1", ip: "10.0.0.8" };

  it("trust add/list/remove: each change audited, a removed key kept as revoked, refusals coded", async () => {
    const host = await start();
    const trust = packagingOf(host).trust;
    const added = await trust.add("acme", acme.publicPem, system);
    expect(added).toMatchObject({ vendor: "acme", fingerprint: acme.fingerprint, revokedAt: null, addedBy: "admin-1" });
    await trust.add("globex", globex.publicPem, system);
    expect((await trust.list()).map((k) => [k.vendor, k.revokedAt])).toEqual([["acme", null], ["globex", null]]);
    await expect(trust.add("acme", acme.publicPem, system)).rejects.toMatchObject({ type: "TRUST_KEY_EXISTS", code: 409, data: { vendor: "acme" } });
    await expect(trust.add("Bad Vendor", acme.publicPem, system)).rejects.toMatchObject({ type: "VENDOR_INVALID" });
    await expect(trust.add("acme", fs.readFileSync(acme.privateFile, "utf8"), system)).rejects.toMatchObject({ type: "KEY_INVALID" });
    expect(await trust.remove("acme", system)).toEqual({ vendor: "acme", revoked: [acme.fingerprint] });
    await expect(trust.remove("acme", system)).rejects.toMatchObject({ type: "TRUST_VENDOR_NOT_FOUND", code: 404 });
    const list = await trust.list();
    expect(list.map((k) => [k.vendor, !!k.revokedAt])).toEqual([["globex", false], ["acme", true]]);
    expect(list.find((k) => k.vendor === "acme")).toMatchObject({ revokedBy: "admin-1" });
    const trail = audit.events.filter((e) => e.action.startsWith("plugin.trust."));
    expect(trail.map((e) => [e.action, e.object, e.result])).toEqual([
      ["plugin.trust.add", "acme", "success"], ["plugin.trust.add", "globex", "success"],
      ["plugin.trust.add", "acme", "failure"], ["plugin.trust.add", "Bad Vendor", "failure"], ["plugin.trust.add", "acme", "failure"],
      ["plugin.trust.remove", "acme", "success"], ["plugin.trust.remove", "acme", "failure"],
    ]);
    expect(trail[0]).toMatchObject({ userId: "admin-1", ip: "10.0.0.8", detail: { fingerprints: [acme.fingerprint] } });
    expect(trail[2].detail).toMatchObject({ error: "TRUST_KEY_EXISTS" });
  });

  it("installs a package signed by a trusted vendor key and records vendor and fingerprint", async () => {
    const host = await start();
    await packagingOf(host).trust.add("acme", acme.publicPem, system);
    expect(await host.plugins.installFromDir(await unpacked(signedV1), system)).toEqual({ installed: ["acme-hello"], id: "acme-hello" });
    expect(await infoOf("acme-hello")).toMatchObject({
      state: "installed", installedVersion: "1.0.0", vendor: "acme", loaded: true,
      signature: { status: "verified", vendor: "acme", fingerprint: acme.fingerprint },
    });
    expect(await host.call("acme-hello.ping")).toBe("pong");
    expect(audit.events.filter((e) => e.action === "plugin.install")).toEqual([expect.objectContaining({ object: "acme-hello", result: "success", userId: "admin-1" })]);
  });

  it("refuses unsigned, untrusted, revoked, other-vendor and modified packages with the reason, leaving nothing behind", async () => {
    const host = await start();
    const trust = packagingOf(host).trust;
    const modified = tamper(signedV1, path.join(tempDir(), "modified.tgz"), (d) => fs.appendFileSync(path.join(d, "src", "index.ts"), "\n// injected\n"));
    const cases: Array<[string, string, () => Promise<unknown>]> = [
      ["unsigned", "PACKAGE_UNSIGNED", async () => undefined],
      ["untrusted", "SIGNATURE_KEY_UNKNOWN", async () => undefined],
      ["other vendor's key", "SIGNATURE_VENDOR_MISMATCH", () => trust.add("globex", acme.publicPem, system)],
      ["revoked", "SIGNATURE_KEY_REVOKED", async () => { await trust.remove("globex", system); }],
      ["modified", "PACKAGE_FILE_MODIFIED", () => trust.add("acme", acme.publicPem, system)],
    ];
    for (const [what, code, prepare] of cases) {
      await prepare();
      const tgz = what === "unsigned" ? unsignedV1 : what === "modified" ? modified : signedV1;
      const err = await host.plugins.installFromDir(await unpacked(tgz), system).then(() => null, (e) => e);
      expect(err, what).toMatchObject({ type: code });
      expect(err.messages["zh-CN"].length, what).toBeGreaterThan(0);
      expect(await rowsOf("acme-hello"), what).toEqual([]);
      expect(fs.existsSync(path.join(t.dataDir, "plugins", "acme-hello")), what).toBe(false);
      // The copy that was verified (and refused) is gone too.
      expect(fs.readdirSync(path.join(t.dataDir, "plugins")).filter((n) => n.startsWith(".staging")), what).toEqual([]);
    }
    const failures = audit.events.filter((e) => e.action === "plugin.install");
    expect(failures.map((e) => [e.result, e.detail?.error])).toEqual(cases.map(([, code]) => ["failure", code]));
    await expect(host.call("acme-hello.ping")).rejects.toMatchObject({ type: "SERVICE_NOT_FOUND" });
  });

  it("names the modified file in the refusal, in both languages", async () => {
    const host = await start();
    await packagingOf(host).trust.add("acme", acme.publicPem, system);
    const modified = tamper(signedV1, path.join(tempDir(), "m.tgz"), (d) => fs.writeFileSync(path.join(d, "locales", "zh-CN.json"), "{}"));
    const err = await host.plugins.installFromDir(await unpacked(modified)).then(() => null, (e) => e);
    expect(err.messages).toEqual({ "zh-CN": "插件包中的文件已被修改：locales/zh-CN.json（SHA-256 不符）", en: "A file in the package was modified: locales/zh-CN.json (SHA-256 mismatch)" });
  });

  it("plugins in the host's own plugin folders are built-in: installed without a signature", async () => {
    const host = await start();
    expect(await infoOf("hello")).toMatchObject({ state: "available", signature: { status: "builtin" } });
    await host.plugins.install("hello");
    expect(await infoOf("hello")).toMatchObject({ state: "installed", signature: { status: "builtin" } });
  });

  it("upgrades only to a signed newer version; a modified one is refused and the old version keeps running", async () => {
    const host = await start();
    await packagingOf(host).trust.add("acme", acme.publicPem, system);
    await host.plugins.installFromDir(await unpacked(signedV1));
    const modified = tamper(signedV11, path.join(tempDir(), "v11-mod.tgz"), (d) => fs.writeFileSync(path.join(d, "README.md"), "changed"));
    await expect(host.plugins.upgrade("acme-hello", await unpacked(modified))).rejects.toMatchObject({ type: "PACKAGE_FILE_MODIFIED", data: { file: "README.md" } });
    expect(await infoOf("acme-hello")).toMatchObject({ installedVersion: "1.0.0", loaded: true });
    expect(fs.existsSync(path.join(t.dataDir, "plugins", "acme-hello@1.1.0"))).toBe(false);
    expect(await host.plugins.upgrade("acme-hello", await unpacked(signedV11))).toMatchObject({ from: "1.0.0", to: "1.1.0" });
    expect(await infoOf("acme-hello")).toMatchObject({ installedVersion: "1.1.0", signature: { status: "verified", vendor: "acme" } });
  });

  it("with the development override, an unsigned package installs, marked and audited as unsigned", async () => {
    const host = await start(true);
    await host.plugins.installFromDir(await unpacked(unsignedV1), system);
    expect(await infoOf("acme-hello")).toMatchObject({ state: "installed", signature: { status: "unsigned-override", code: "PACKAGE_UNSIGNED" } });
    const marked = audit.events.filter((e) => e.action === "plugin.install.unsigned");
    expect(marked).toEqual([expect.objectContaining({ object: "acme-hello", result: "success", userId: "admin-1", detail: expect.objectContaining({ code: "PACKAGE_UNSIGNED", version: "1.0.0" }) })]);
  });
});
