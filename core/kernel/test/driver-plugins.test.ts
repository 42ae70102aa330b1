/**
 * Driver plugins (#7): the manifest names the driver's entry, and the host installs, enables
 * and loads such a plugin without ever importing its code (that runs in a child process of the
 * device runtime). On SQLite and MariaDB.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { driverEntryOf } from "../src/plugins/loader.js";
import { readPluginPackage, validateManifest } from "../src/plugins/manifest.js";
import { testDbKinds } from "../src/testing.js";
import { TREE, fixture, rejectionOf, useTestHost } from "./helpers.js";

const marker = () => (globalThis as Record<string, unknown>).__anjuSampleDriverImported;
const base = { id: "acme-smoke", version: "1.0.0", displayName: { "zh-CN": "烟感", en: "Smoke" }, host: "^1.0.0" };
const invalidField = (raw: unknown) => {
  try {
    validateManifest(raw, "test");
  } catch (err) {
    return (err as { type: string; data: { field: string } });
  }
  throw new Error("manifest accepted");
};

describe("anju.driver in the manifest", () => {
  it("is required for kind driver", () => {
    expect(invalidField({ ...base, kind: "driver" })).toMatchObject({ type: "MANIFEST_INVALID", data: { field: "anju.driver" } });
  });

  it("is refused on other kinds", () => {
    expect(invalidField({ ...base, kind: "feature", driver: { entry: "src/driver.ts" } })).toMatchObject({ type: "MANIFEST_INVALID", data: { field: "anju.driver" } });
  });

  it("needs a relative entry and a sane memory limit", () => {
    expect(invalidField({ ...base, kind: "driver", driver: { entry: "/etc/passwd" } })).toMatchObject({ data: { field: "anju.driver.entry" } });
    expect(invalidField({ ...base, kind: "driver", driver: { entry: "src/d.ts", memoryMb: 1 } })).toMatchObject({ data: { field: "anju.driver.memoryMb" } });
    expect(invalidField({ ...base, kind: "driver", driver: { entry: "src/d.ts", extra: 1 } })).toMatchObject({ data: { field: "anju.driver.extra" } });
    expect(validateManifest({ ...base, kind: "driver", driver: { entry: "src/d.ts", memoryMb: 96 } }, "test").driver).toEqual({ entry: "src/d.ts", memoryMb: 96 });
  });

  it("driverEntryOf gives the absolute entry and refuses one that climbs out of the package", () => {
    const pkg = readPluginPackage(fixture("drivers", "sample-driver"));
    expect(driverEntryOf(pkg)).toBe(path.join(fixture("drivers", "sample-driver"), "src", "driver.ts"));
    const escaping = { ...pkg, manifest: { ...pkg.manifest, driver: { entry: "src/../../basic/hello/src/index.ts" } } };
    expect(() => driverEntryOf(escaping)).toThrow(/outside the package/);
  });
});

describe.each(testDbKinds())("driver plugins on %s", (db) => {
  const h = useTestHost(() => ({ db, pluginDirs: [fixture("drivers")] }));

  it("installs and enables a driver plugin without importing its code into the host", async () => {
    const { host } = h;
    expect(await host.plugins.install("sample-driver")).toEqual({ installed: ["sample-driver"] });
    expect(await host.plugins.enable("sample-driver", TREE.hefei)).toEqual({ enabled: ["sample-driver"] });
    const info = (await host.plugins.list()).find((p) => p.id === "sample-driver")!;
    expect(info).toMatchObject({ kind: "driver", state: "installed", error: null, loaded: true });
    expect(marker()).toBeUndefined();
    // Nothing of it is on the host's broker.
    expect(await rejectionOf(host.broker.call("sample-driver.ping"))).toMatchObject({ name: "ServiceNotFoundError" });
    expect(await host.plugins.uninstall("sample-driver")).toMatchObject({});
    expect(marker()).toBeUndefined();
  });
});
