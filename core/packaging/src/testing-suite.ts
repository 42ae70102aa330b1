/**
 * The sample drivers' "published as a vendor publishes it" suite, shared so each sample's own
 * test (which is what the issue asks for) stays one call: pack with a SHA-256 manifest, sign
 * with an openssl Ed25519 key, then install on a host that trusts the vendor — and see it
 * refused without that trust or with a file changed after signing. The installed copy starts
 * in a driver process through `startDriver` (the caller passes the host's supervisor, which
 * this package does not depend on). The tarball stays in a temporary folder.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { readPluginPackage, type PluginPackage } from "@anju/kernel";
import { createTestHost, testDbKinds, type TestHost } from "@anju/kernel/testing";
import { packagingModule, packagingOf } from "./module.js";
import { packAndSignForTest, type SignedPackage } from "./testing.js";
import { verify } from "./verify.js";

export interface SignedDriverSuite {
  pluginDir: string;
  id: string;
  vendor: string;
  /** A file of the package to change after signing. */
  sourceFile: string;
  /** Start the installed copy as a driver process; resolves with its announced profile ids. */
  startDriver(pkg: PluginPackage): Promise<string[]>;
  expectedProfile: string;
  stop(): Promise<void>;
}

export function describeSignedDriverPackage(s: SignedDriverSuite): void {
  let signed: SignedPackage;
  beforeAll(async () => { signed = await packAndSignForTest(s.pluginDir, s.vendor); });
  afterAll(async () => {
    await s.stop();
    signed?.cleanup();
  });

  it("the signed tarball verifies against the vendor's key and lists every file", async () => {
    const verified = await verify(signed.tgz, [signed.trusted]);
    expect(verified).toMatchObject({ plugin: s.id, vendor: s.vendor, fingerprint: signed.fingerprint });
    expect(verified.files).toBeGreaterThanOrEqual(3);
  });

  describe.each(testDbKinds())(`installing the signed ${s.id} on %s`, (db) => {
    let t: TestHost;
    afterEach(async () => { await t?.stop(); });
    const start = async () => {
      t = await createTestHost({ db, modules: [packagingModule()] });
      return t.host;
    };

    it(`a host that does not trust ${s.vendor} refuses it and installs nothing`, async () => {
      const host = await start();
      await expect(host.plugins.installFromDir(await signed.unpacked())).rejects.toMatchObject({ type: "SIGNATURE_KEY_UNKNOWN" });
      expect((await host.plugins.list()).find((p) => p.id === s.id)?.state ?? "absent").not.toBe("installed");
    });

    it("a file changed after signing is named and refused", async () => {
      const host = await start();
      await packagingOf(host).trust.add(s.vendor, signed.publicPem, { userId: "integrator" });
      const dir = await signed.unpacked();
      fs.appendFileSync(path.join(dir, s.sourceFile), "\n// changed after signing\n");
      await expect(host.plugins.installFromDir(dir)).rejects.toMatchObject({ type: "PACKAGE_FILE_MODIFIED", data: expect.objectContaining({ file: s.sourceFile }) });
    });

    it(`trusted: installed as verified by ${s.vendor}, and the installed copy runs as a driver process`, async () => {
      const host = await start();
      await packagingOf(host).trust.add(s.vendor, signed.publicPem, { userId: "integrator" });
      expect(await host.plugins.installFromDir(await signed.unpacked(), { userId: "integrator" })).toEqual({ installed: [s.id], id: s.id });
      const info = (await host.plugins.list()).find((p) => p.id === s.id);
      expect(info).toMatchObject({ state: "installed", signature: { status: "verified", vendor: s.vendor, fingerprint: signed.fingerprint } });
      // Installed from a package, the plugin sits in the install folder under its id.
      const installed = readPluginPackage(path.join(host.config.plugins.installDir!, s.id));
      expect(await s.startDriver(installed)).toContain(s.expectedProfile);
      await s.stop();
    });
  });
}
