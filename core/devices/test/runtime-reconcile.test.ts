/**
 * Driver plugins as the plugin manager sees them (installed, loaded on this node) turned into
 * running driver processes: started, stopped when gone, restarted on upgrade.
 */
import { afterEach, expect, it } from "vitest";
import { readPluginPackage, type PluginPackage } from "@anju/kernel";
import { reconcileDrivers } from "../src/runtime/index.js";
import { alive, fixtureSpec, reading, supervisor, waitFor, type Recorder } from "./fixtures/drivers/harness.js";

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
