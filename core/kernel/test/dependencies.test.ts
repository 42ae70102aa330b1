/**
 * Dependency resolution: the order plugins install in, and refusals that name the chain
 * (`chain-top → needs-ghost → ghost`) for a missing, incompatible or cyclic requirement.
 */
import { describe, expect, it } from "vitest";
import { dependentsOf, resolveOrder, topoSort } from "../src/plugins/resolve.js";
import type { PluginManifest } from "../src/plugins/types.js";
import { testDbKinds } from "../src/testing.js";
import { TREE, fixture, persistedState, rejectionOf, useTestHost } from "./helpers.js";

function manifest(id: string, version: string, requires: Record<string, string> = {}): PluginManifest {
  return { id, version, kind: "feature", displayName: { "zh-CN": id, en: id }, host: "^1.0.0", requires };
}

function lookupOf(...manifests: PluginManifest[]): (id: string) => PluginManifest | undefined {
  const byId = new Map(manifests.map((m) => [m.id, m]));
  return (id) => byId.get(id);
}

function thrown(fn: () => unknown): { type: string; data: Record<string, unknown>; messages: { en: string } } {
  try {
    fn();
  } catch (err) {
    return err as ReturnType<typeof thrown>;
  }
  throw new Error("expected a refusal");
}

describe("resolveOrder", () => {
  const community = manifest("community", "1.2.0");
  const reporting = manifest("tongling-reporting", "1.0.0", { community: "^1.0.0" });
  const forms = manifest("forms", "2.1.0");
  const monthly = manifest("monthly", "1.0.0", { "tongling-reporting": "^1.0.0", forms: ">=2.0.0", community: "~1.2.0" });

  it("puts what a plugin requires before it, each plugin once, the plugin itself last", () => {
    expect(resolveOrder("community", lookupOf(community))).toEqual(["community"]);
    expect(resolveOrder("tongling-reporting", lookupOf(community, reporting))).toEqual(["community", "tongling-reporting"]);
    expect(resolveOrder("monthly", lookupOf(community, reporting, forms, monthly))).toEqual(["community", "tongling-reporting", "forms", "monthly"]);
  });

  it("a missing requirement → PLUGIN_DEPENDENCY_MISSING with the chain", () => {
    const err = thrown(() => resolveOrder("tongling-reporting", lookupOf(reporting)));
    expect(err).toMatchObject({ type: "PLUGIN_DEPENDENCY_MISSING", data: { chain: ["tongling-reporting", "community"] } });
    expect(err.messages.en).toBe("Missing required plugin: tongling-reporting → community");
  });

  it("a requirement missing deeper down names the whole chain", () => {
    const err = thrown(() => resolveOrder("monthly", lookupOf(reporting, forms, monthly, manifest("community", "1.2.0", { ghost: "^1.0.0" }))));
    expect(err).toMatchObject({ type: "PLUGIN_DEPENDENCY_MISSING", data: { chain: ["monthly", "tongling-reporting", "community", "ghost"] } });
  });

  it("an unknown plugin itself is missing", () => {
    expect(thrown(() => resolveOrder("nobody", lookupOf()))).toMatchObject({ type: "PLUGIN_DEPENDENCY_MISSING", data: { chain: ["nobody"] } });
  });

  it("a version outside the required range → PLUGIN_DEPENDENCY_INCOMPATIBLE with chain, range and version", () => {
    const err = thrown(() => resolveOrder("tongling-reporting", lookupOf(manifest("community", "2.0.0"), reporting)));
    expect(err).toMatchObject({ type: "PLUGIN_DEPENDENCY_INCOMPATIBLE", data: { chain: ["tongling-reporting", "community"], range: "^1.0.0", version: "2.0.0" } });
    expect(err.messages.en).toContain("tongling-reporting → community");
  });

  it("a cycle a → b → a → PLUGIN_DEPENDENCY_CYCLE with the chain", () => {
    const a = manifest("a", "1.0.0", { b: "^1.0.0" });
    const b = manifest("b", "1.0.0", { a: "^1.0.0" });
    const err = thrown(() => resolveOrder("a", lookupOf(a, b)));
    expect(err).toMatchObject({ type: "PLUGIN_DEPENDENCY_CYCLE", data: { chain: ["a", "b", "a"] } });
    expect(err.messages.en).toBe("Plugin dependency cycle: a → b → a");
  });

  it("a longer cycle is named from where it was entered", () => {
    const lookup = lookupOf(manifest("x", "1.0.0", { a: "*" }), manifest("a", "1.0.0", { b: "*" }), manifest("b", "1.0.0", { c: "*" }), manifest("c", "1.0.0", { a: "*" }));
    expect(thrown(() => resolveOrder("x", lookup))).toMatchObject({ type: "PLUGIN_DEPENDENCY_CYCLE", data: { chain: ["x", "a", "b", "c", "a"] } });
  });

  it("a pre-release satisfies a range that reaches it", () => {
    expect(resolveOrder("tongling-reporting", lookupOf(manifest("community", "1.3.0-rc.1"), reporting))).toEqual(["community", "tongling-reporting"]);
  });
});

describe("topoSort and dependentsOf", () => {
  const a = manifest("a", "1.0.0");
  const b = manifest("b", "1.0.0", { a: "^1.0.0" });
  const c = manifest("c", "1.0.0", { b: "^1.0.0", a: "^1.0.0" });

  it("topoSort orders any set so every plugin follows what it requires", () => {
    expect(topoSort([c, b, a]).map((m) => m.id)).toEqual(["a", "b", "c"]);
    expect(topoSort([b, c, a]).map((m) => m.id)).toEqual(["a", "b", "c"]);
  });

  it("dependentsOf lists direct dependents only, sorted", () => {
    expect(dependentsOf("a", [a, b, c])).toEqual(["b", "c"]);
    expect(dependentsOf("b", [a, b, c])).toEqual(["c"]);
    expect(dependentsOf("c", [a, b, c])).toEqual([]);
  });
});

describe.each(testDbKinds())("dependency refusals through the host on %s", (db) => {
  const h = useTestHost(() => ({ db, pluginDirs: [fixture("basic"), fixture("deps")] }));

  it.each([
    ["needs-ghost", "PLUGIN_DEPENDENCY_MISSING", ["needs-ghost", "ghost"]],
    ["chain-top", "PLUGIN_DEPENDENCY_MISSING", ["chain-top", "needs-ghost", "ghost"]],
    ["needs-hello-2", "PLUGIN_DEPENDENCY_INCOMPATIBLE", ["needs-hello-2", "hello"]],
    ["cycle-a", "PLUGIN_DEPENDENCY_CYCLE", ["cycle-a", "cycle-b", "cycle-a"]],
  ])("install %s → %s naming the chain, nothing installed", async (id, type, chain) => {
    const before = await persistedState(h.host.ds);
    const err = await rejectionOf(h.host.plugins.install(id));
    expect(err).toMatchObject({ type, code: 422, data: { chain } });
    expect(err.messages.en).toContain(chain.join(" → "));
    expect(await persistedState(h.host.ds)).toEqual(before);
    expect((await h.host.plugins.list()).filter((p) => p.state !== "available")).toEqual([]);
  });

  it("a plugin that requires two others (one also required by the other) installs and enables all three once", async () => {
    const { host } = h;
    expect(await host.plugins.install("needs-both")).toEqual({ installed: ["hello", "needs-hello", "needs-both"] });
    expect(await host.plugins.enable("needs-both", TREE.hefei)).toEqual({ enabled: ["hello", "needs-hello", "needs-both"] });
    const err = await rejectionOf(host.plugins.disable("hello", TREE.hefei));
    expect(err).toMatchObject({ type: "PLUGIN_REQUIRED_BY", data: { dependents: ["needs-both", "needs-hello"] } });
  });
});
