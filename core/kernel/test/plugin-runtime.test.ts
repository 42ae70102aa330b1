/**
 * A host module's run-time view of a plugin (HostModule.pluginRuntime, #7: a crashing driver is
 * `degraded` in the plugin manager) is merged into the plugin list; plugins no module runs have
 * none, and a module whose hook throws does not take the list down.
 */
import { describe, expect, it } from "vitest";
import type { HostModule, PluginRuntimeInfo } from "../src/modules.js";
import { testDbKinds } from "../src/testing.js";
import { fixture, useTestHost } from "./helpers.js";

const degraded: PluginRuntimeInfo = { state: "degraded", restarts: 3, lastError: "child exited with code 1" };

const runner: HostModule = {
  name: "driver-runner",
  pluginRuntime: (_host, id) => (id === "sample-driver" ? degraded : null),
};
const broken: HostModule = {
  name: "broken-runner",
  pluginRuntime: () => { throw new Error("status unavailable"); },
};

describe.each(testDbKinds())("plugin run-time state in the plugin list on %s", (db) => {
  const h = useTestHost(() => ({ db, pluginDirs: [fixture("drivers")], modules: [runner] }));

  it("shows a driver the module reports as degraded, with restarts and the last error", async () => {
    await h.host.plugins.install("sample-driver");
    const info = (await h.host.plugins.list()).find((p) => p.id === "sample-driver")!;
    expect(info.runtime).toEqual(degraded);
  });
});

describe("plugin run-time state when no module answers", () => {
  const h = useTestHost(() => ({ pluginDirs: [fixture("drivers")], modules: [broken] }));

  it("lists the plugin with no run-time state", async () => {
    const list = await h.host.plugins.list();
    expect(list.find((p) => p.id === "sample-driver")).toMatchObject({ state: "available", runtime: null });
  });
});
