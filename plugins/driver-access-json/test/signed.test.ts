/**
 * Published as a vendor publishes it (#7): packed with a SHA-256 manifest of every file, signed
 * with a test Ed25519 key made by openssl, installed by a host that trusts anju-samples and
 * refused by one that does not or when a file changed after signing; the installed copy runs
 * in a driver process (never imported into the host). The tarball is never committed.
 */
import path from "node:path";
import { describeSignedDriverPackage } from "@anju/packaging/testing-suite";
// The host's own supervisor (inside this repository; a vendor's package tests with the harness only).
import { DriverSupervisor, driverSpecOf } from "../../../core/devices/src/runtime/index.js";

const sup = new DriverSupervisor();

describeSignedDriverPackage({
  pluginDir: path.resolve(__dirname, ".."),
  id: "driver-access-json",
  vendor: "anju-samples",
  sourceFile: "src/driver.ts",
  expectedProfile: "access-controller",
  startDriver: async (pkg) => (await sup.start(driverSpecOf(pkg))).profiles.map((p) => p.id),
  stop: () => sup.stopAll(),
});
