/**
 * Driver plugins as the plugin manager sees them (installed, loaded on this node) turned into
 * running driver processes: started, stopped when gone, restarted on upgrade.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { readPluginPackage, type PluginPackage } from "@anju/kernel";
import { reconcileDrivers } from "../src/runtime/index.js";
import { alive, fixtureSpec, msg, reading, supervisor, waitFor, type Recorder } from "./fixtures/drivers/harness.js";

let current: Recorder | undefined;
afterEach(async () => {
  await current?.sup.stopAll();
  current = undefined;
});

const pkg = (name: string): PluginPackage => readPluginPackage(fixtureSpec(name).dir);

it("starts the driver plugins it is given, stops the ones that are gone and restarts an upgraded one", async () => {
  const r = (current = supervisor());
  const feature: PluginPackage = { dir: "/nowhere", manifest: { ...pkg("json").manifest, id: "not-a-driver", kind: "feature", driver: undefined } };
  await reconcileDrivers(r.sup, [pkg("json"), pkg("json-js"), feature]);
  expect(r.sup.status().map((s) => [s.pluginId, s.state, s.version]).sort()).toEqual([["fx-json", "running", "1.0.0"], ["fx-json-js", "running", "1.0.0"]]);
  const jsPid = r.statusOf("fx-json-js")!.pid!;
  const v1Pid = r.statusOf("fx-json")!.pid!;

  // Nothing changed: nothing restarts.
  await reconcileDrivers(r.sup, [pkg("json"), pkg("json-js")]);
  expect(r.statusOf("fx-json")!.pid).toBe(v1Pid);

  const upgraded: PluginPackage = { ...pkg("json"), manifest: { ...pkg("json").manifest, version: "1.1.0" } };
  await reconcileDrivers(r.sup, [upgraded]);
  expect(r.statusOf("fx-json-js")).toBeUndefined();
  await waitFor(() => !alive(jsPid), "the removed driver's process to end");
  expect(r.statusOf("fx-json")).toMatchObject({ state: "running", version: "1.1.0" });
  expect(r.statusOf("fx-json")!.pid).not.toBe(v1Pid);
  expect((await r.sup.decode("fx-json", [reading("D1", { temp: 3 })])).readings).toHaveLength(1);
});

const SAMPLE = path.resolve(__dirname, "../../../plugins/driver-smoke-json");
const smokeMessage = () => msg({ dev: "SD-1", ts: Math.floor(Date.now() / 1000), type: "alarm", smoke: true, temp: 31 }, "anju/340102/SD-1/up");

it("runs the sample driver plugin sandboxed from its workspace folder and from an install folder outside the host's tree", async () => {
  const r = (current = supervisor());
  // The workspace folder is also node_modules/@anju/driver-smoke-json: the sandbox's read list meets it twice.
  await reconcileDrivers(r.sup, [readPluginPackage(SAMPLE)]);
  expect(r.statusOf("driver-smoke-json")).toMatchObject({ state: "running" });
  const fromWorkspace = await r.sup.decode("driver-smoke-json", [smokeMessage()]);
  expect(fromWorkspace.readings.map((x) => `${x.resource}=${x.value}`)).toEqual(["smoke=true", "temperature=31"]);

  // Installed copy: its own folder plus a node_modules link back to the host's packages (as the plugin manager lays it out).
  const installDir = fs.mkdtempSync(path.join(os.tmpdir(), "anju-install-"));
  try {
    const copy = path.join(installDir, "driver-smoke-json@0.1.0");
    fs.cpSync(SAMPLE, copy, { recursive: true, filter: (src) => !src.includes(`${path.sep}node_modules`) });
    fs.symlinkSync(path.resolve(__dirname, "../../../node_modules"), path.join(installDir, "node_modules"), "dir");
    await reconcileDrivers(r.sup, [readPluginPackage(copy)]);
    expect(r.sup.specOf("driver-smoke-json")?.dir).toBe(copy);
    expect(r.statusOf("driver-smoke-json")).toMatchObject({ state: "running" });
    const fromInstall = await r.sup.decode("driver-smoke-json", [smokeMessage()]);
    expect(fromInstall.readings).toHaveLength(2);
  } finally {
    await r.sup.stopAll();
    fs.rmSync(installDir, { recursive: true, force: true });
  }
});
