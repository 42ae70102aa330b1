/**
 * Published as a vendor publishes it: packed with a SHA-256 manifest of every file, signed
 * with a test Ed25519 key made by openssl, then installed by a host that trusts that key — and
 * refused by one that does not, or when a file was changed after signing. The installed copy
 * runs in a driver process (never imported into the host). The tarball is made by the test,
 * in a temporary folder, and never committed.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { readPluginPackage } from "@anju/kernel";
import { createTestHost, testDbKinds, type TestHost } from "@anju/kernel/testing";
import { packagingModule, packagingOf, verify } from "@anju/packaging";
import { packAndSignForTest, type SignedPackage } from "@anju/packaging/testing";
// The host's own supervisor (inside this repository; a vendor's package tests with the harness only).
import { DriverSupervisor, driverSpecOf } from "../../../core/devices/src/runtime/index.js";

const PLUGIN_DIR = path.resolve(__dirname, "..");
const ID = "driver-water-pressure";
let signed: SignedPackage;
const sup = new DriverSupervisor();

beforeAll(async () => {
  signed = await packAndSignForTest(PLUGIN_DIR, "anju-samples");
});
afterAll(async () => {
  await sup.stopAll();
  signed?.cleanup();
});

it("the signed tarball verifies against the vendor's key and lists every file", async () => {
  const verified = await verify(signed.tgz, [signed.trusted]);
  expect(verified).toMatchObject({ plugin: ID, vendor: "anju-samples", fingerprint: signed.fingerprint });
  expect(verified.files).toBeGreaterThanOrEqual(3);
});

describe.each(testDbKinds())("installing the signed driver-water-pressure on %s", (db) => {
  let t: TestHost;
  afterEach(async () => { await t?.stop(); });
  const start = async () => {
    t = await createTestHost({ db, modules: [packagingModule()] });
    return t.host;
  };

  it("a host that does not trust anju-samples refuses it and installs nothing", async () => {
    const host = await start();
    await expect(host.plugins.installFromDir(await signed.unpacked())).rejects.toMatchObject({ type: "SIGNATURE_KEY_UNKNOWN" });
    expect((await host.plugins.list()).find((p) => p.id === ID)?.state ?? "absent").not.toBe("installed");
  });

  it("a file changed after signing is named and refused", async () => {
    const host = await start();
    await packagingOf(host).trust.add("anju-samples", signed.publicPem, { userId: "integrator" });
    const dir = await signed.unpacked();
    fs.appendFileSync(path.join(dir, "src", "driver.ts"), "\n// changed after signing\n");
    await expect(host.plugins.installFromDir(dir)).rejects.toMatchObject({ type: "PACKAGE_FILE_MODIFIED", data: expect.objectContaining({ file: "src/driver.ts" }) });
  });

  it("trusted: installed as verified by anju-samples, and the installed copy runs as a driver process", async () => {
    const host = await start();
    await packagingOf(host).trust.add("anju-samples", signed.publicPem, { userId: "integrator" });
    expect(await host.plugins.installFromDir(await signed.unpacked(), { userId: "integrator" })).toEqual({ installed: [ID], id: ID });
    const info = (await host.plugins.list()).find((p) => p.id === ID);
    expect(info).toMatchObject({ state: "installed", signature: { status: "verified", vendor: "anju-samples", fingerprint: signed.fingerprint } });
    // Installed from a package, the plugin sits in the install folder under its id.
    const installed = readPluginPackage(path.join(host.config.plugins.installDir!, ID));
    const status = await sup.start(driverSpecOf(installed));
    expect(status).toMatchObject({ driverId: "water-pressure", state: "running" });
    expect(status.profiles.map((p) => p.id)).toContain("water-pressure-y3");
    await sup.stop(ID);
  });
});
