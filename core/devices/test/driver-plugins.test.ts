/**
 * The module's own driver path: an installed driver plugin (the smoke-detector sample) runs in
 * a child process under the DriverSupervisor, its profile comes from the child's hello, and
 * its messages go MQTT → child → readings → alarm, as on a real node.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemContext } from "@anju/kernel";
import { createTestHost, seedTree, testDbKinds, waitFor, type TestHost } from "@anju/kernel/testing";
import { devicesModule, runtimeOf } from "../src/index.js";
import { C, connectDevice, seedCommunities } from "./helpers.js";

const PLUGINS = path.resolve(__dirname, "../../../plugins");

describe.each(testDbKinds())("installed driver plugins (%s)", (kind) => {
  let t: TestHost;
  beforeAll(async () => {
    t = await createTestHost({ db: kind, pluginDirs: [PLUGINS], autoInstall: ["driver-smoke-json"], modules: [devicesModule({ mqtt: { port: 0, host: "127.0.0.1" } })] });
    await seedTree(t.host);
    await seedCommunities((code, name, level, parentCode) => t.host.jurisdictions.add({ code, name, level, parentCode }));
  }, 60_000);
  afterAll(async () => { await t?.stop(); });

  it("runs the driver in its own process and raises its smoke alarm", async () => {
    const rt = runtimeOf(t.host);
    const status = await waitFor("driver running", () => rt.drivers.status().find((s) => s.pluginId === "driver-smoke-json" && s.state === "running"), 30_000);
    expect(status.pid).not.toBe(process.pid);
    expect(status.profiles.map((p) => p.id)).toContain("smoke-detector");
    await t.host.call("devices.register", { code: "SD-001", name: "1单元烟感", jurisdiction: C.yhCommunity, driverPluginId: "driver-smoke-json", profileId: "smoke-detector" }, systemContext());
    const client = await connectDevice(t.host, "SD-001");
    const ts = Math.floor(Date.now() / 1000);
    await client.publishAsync(`anju/${C.yhCommunity}/SD-001/up`, JSON.stringify({ dev: "SD-001", ts, type: "alarm", smoke: true, temp: 31 }));
    await client.publishAsync(`anju/${C.yhCommunity}/SD-001/up`, "smoke=1;battery=87");
    await client.endAsync();
    await waitFor("smoke alarm", async () => (await t.host.ds.query("SELECT id FROM anju_device_alarm WHERE device_code = 'SD-001' AND rule_id = 'smoke'")).length === 1, 20_000);
    expect(Number((await t.host.ds.query("SELECT COUNT(*) AS n FROM anju_device_reading WHERE device_code = 'SD-001'"))[0].n)).toBe(2);
    await waitFor("the non-JSON message counted", () => rt.counters.snapshot().PAYLOAD_NOT_JSON === 1);
  });

  it("the device takes the profile's category; a driver that says hello again gives it back to a device without one", async () => {
    const rt = runtimeOf(t.host);
    const category = async () => (await t.host.call<{ category: string | null }>("devices.get", { code: "SD-001" }, systemContext())).category;
    expect(await category()).toBe("smoke-detector");
    // As after the upgrade that added the column: the row has none until the driver announces its profiles.
    await t.host.ds.query("UPDATE anju_device SET category = NULL WHERE code = 'SD-001'");
    const before = rt.drivers.status().find((s) => s.pluginId === "driver-smoke-json")!;
    process.kill(before.pid!, "SIGKILL");
    await waitFor("driver restarted", () => rt.drivers.status().find((s) => s.pluginId === "driver-smoke-json" && s.state === "running" && s.pid !== before.pid), 30_000);
    await waitFor("category back from the hello", async () => (await category()) === "smoke-detector", 10_000);
  });
});
