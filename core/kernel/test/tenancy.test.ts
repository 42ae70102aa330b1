/**
 * Tenant isolation through the host: a plugin's rows belong to the jurisdiction that wrote
 * them; a sibling sees none of them, a parent sees its whole subtree.
 */
import { describe, expect, it } from "vitest";
import { testDbKinds } from "../src/testing.js";
import { TREE, fixture, rejectionOf, user, useTestHost } from "./helpers.js";

interface Greeting { id: number; text: string; jurisdictionCode: string }

describe.each(testDbKinds())("tenant isolation on %s", (db) => {
  const h = useTestHost(() => ({ db, pluginDirs: [fixture("basic")] }));
  const list = async (j: string) => (await h.host.call<Greeting[]>("hello.list", {}, user(j))).map((g) => `${g.jurisdictionCode}:${g.text}`);

  it("a row added in Hefei is invisible in Tongling; the province sees both cities' rows", async () => {
    const { host } = h;
    await host.plugins.install("hello");
    await host.plugins.enable("hello", TREE.province);
    await host.call("hello.add", { text: "合肥" }, user(TREE.hefei));
    await host.call("hello.add", { text: "瑶海" }, user(TREE.yaohai));
    await host.call("hello.add", { text: "铜陵" }, user(TREE.tongling));

    expect(await list(TREE.tongguan)).toEqual([]);
    expect(await list(TREE.tongling)).toEqual(["340700:铜陵"]);
    expect(await list(TREE.luyang)).toEqual([]);
    expect(await list(TREE.yaohai)).toEqual(["340102:瑶海"]);
    expect(await list(TREE.hefei)).toEqual(["340100:合肥", "340102:瑶海"]);
    expect(await list(TREE.province)).toEqual(["340100:合肥", "340102:瑶海", "340700:铜陵"]);
  });

  it("without the plugin enabled at the province, the province cannot read the cities' rows at all", async () => {
    const { host } = h;
    await host.plugins.install("hello");
    await host.plugins.enable("hello", TREE.hefei);
    await host.plugins.enable("hello", TREE.tongling);
    await host.call("hello.add", { text: "合肥" }, user(TREE.hefei));
    expect(await list(TREE.tongling)).toEqual([]);
    expect(await rejectionOf(host.call("hello.list", {}, user(TREE.province)))).toMatchObject({ type: "PLUGIN_NOT_ENABLED" });
  });
});
